"""A plugin declaring an event of its own for webhooks (``parcel.received``) and
publishing it, without depending on webhooks."""

from __future__ import annotations

from core.plugins import PluginInfo, emit_event, hookimpl, lazy_gettext

plugin_info = PluginInfo(name="parcel_events", title="Parcel events")


def receive_parcel(code: str) -> None:
    """In a business transaction: the event is published after commit."""
    emit_event("webhooks_event", {"name": "parcel.received", "data": {"code": code}})


@hookimpl(optionalhook=True)
def webhooks_events():
    return [("parcel.received", lazy_gettext("Parcel received"))]
