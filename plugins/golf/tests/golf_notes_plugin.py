"""A plugin adding a field to bookings through ``golf_booking_fields`` (for the tests)."""

from __future__ import annotations

from core.plugins import PluginInfo, hookimpl

plugin_info = PluginInfo(name="golfnotes", title="Golf notes", depends=("golf",))


@hookimpl
def golf_booking_fields(booking):
    return {"players_named": len(booking.players)}
