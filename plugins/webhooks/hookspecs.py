"""Hooks the webhooks plugin offers to other plugins: declaring events of their own, and
publishing them.

Declared as ``PluginInfo(hookspecs=...)``. A plugin need not depend on webhooks to offer
events: it implements ``webhooks_events`` with ``@hookimpl(optionalhook=True)`` and
publishes with ``emit_event("webhooks_event", ...)``, which writes nothing while webhooks
is switched off (it is bundled with Comptoir, so the hook is always known).
"""

from __future__ import annotations

from core.plugins import hookspec


@hookspec
def webhooks_events():
    """Declare the events a plugin publishes, so that subscriptions may choose them.

    Called when the list of events is shown or a subscription is saved. Names are dotted,
    starting with the plugin's name (``parcel.received``).

    Example::

        @hookimpl(optionalhook=True)
        def webhooks_events():
            return [("parcel.received", lazy_gettext("Parcel received"))]

    :return: a list of ``(name, title)`` pairs.
    """


@hookspec
def webhooks_event(event_id, name, data):
    """Publish an event to the subscriptions that chose it (after commit, by the outbox).

    Implemented by the webhooks plugin; other plugins emit it, in their business
    transaction, with :func:`core.plugins.emit_event`::

        emit_event("webhooks_event", {"name": "parcel.received", "data": {"id": parcel.id}})

    :param event_id: the outbox event's UUID string, sent as the body's ``id``.
    :param name: an event the plugin declared with :func:`webhooks_events`.
    :param data: a JSON-serialisable dict, sent as the body's ``data``.
    """


@hookspec
def webhooks_redeliver(event_id, delivery_id):
    """Send one logged delivery again (the "send again" button; after commit, by the
    outbox). Implemented by the webhooks plugin only.

    :param event_id: the outbox event's UUID string.
    :param delivery_id: the delivery of the log to send again.
    """
