"""Which events somebody subscribed to: the outbox writes a delivery to webhooks only for
those (:class:`core.plugins.EventFilter`), so that a shop with webhooks on and no
subscription to sales pays nothing per sale (it paid a delivery row, then after the
answer a claim, a read of the subscriptions and a status write, each committed)."""

from __future__ import annotations

import typing as t

import sqlalchemy as sa

from core.plugins import EventFilter, SharedCache, db

from .models import Subscription

#: The event each after-commit hook forwards (webhooks_event carries its own name).
HOOK_EVENTS = {
    "pos_sale_completed": "sale.completed",
    "pos_refund_completed": "refund.completed",
    "pos_stock_low": "stock.low",
    "pos_cash_session_closed": "register.closed",
    "crm_customer_created": "customer.created",
}

#: The events chosen by the active subscriptions, in every worker: asked on every sale,
#: changed when a subscription is added, removed, switched or given other events.
CHOSEN = SharedCache(
    "webhooks.chosen_events", watch={Subscription.__tablename__: ("events", "active")}
)


def chosen_events() -> frozenset[str]:
    def load() -> frozenset[str]:
        rows = db.session.scalars(sa.select(Subscription.events).where(Subscription.active))
        return frozenset(name for events in rows for name in (events or []))

    return CHOSEN.get(None, load)


def _wants(event: str) -> t.Callable[[dict[str, t.Any]], bool]:
    return lambda _payload: event in chosen_events()


def event_filters() -> list[EventFilter]:
    filters = [EventFilter(hook, _wants(event)) for hook, event in HOOK_EVENTS.items()]
    filters.append(
        EventFilter("webhooks_event", lambda payload: payload.get("name") in chosen_events())
    )
    return filters
