"""Subscriptions and their delivery log. Services never commit: the API endpoint's
declaration or the page does."""

from __future__ import annotations

import typing as t
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask_babel import gettext as _

from core.plugins import Invalid, NotFound, audit, db, emit_event, write_transaction

from . import events, vault
from .models import Delivery, Subscription


def check_url(url: str) -> str:
    """The URL as given, when it is an absolute http(s) URL with a host.

    :raises Invalid: any other scheme (``file:``, ``ftp:``, ``javascript:``...) or no host.
    """
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise Invalid(_("give an http:// or https:// address"), field="url")
    return url


def check_events(names: t.Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(names))
    known = events.available()
    unknown = [name for name in chosen if name not in known]
    if not chosen:
        raise Invalid(_("choose at least one event"), field="events")
    if unknown:
        raise Invalid(_("unknown event: %(names)s", names=", ".join(unknown)), field="events")
    return chosen


def create(url: str, names: t.Iterable[str], secret: str | None) -> tuple[Subscription, str]:
    """Add a subscription; answers it with its secret, in clear this once (a new one is
    made when none is given)."""
    url = check_url(url)
    chosen = check_events(names)
    secret = secret or vault.new_secret()
    write_transaction()
    subscription = Subscription(
        url=url,
        events=chosen,
        secret_encrypted=vault.seal(secret),
        secret_hint=secret[-4:],
        active=True,
    )
    db.session.add(subscription)
    db.session.flush()
    # Where the shop's data goes is the admin's decision: kept in the audit log.
    audit(
        "webhooks.create",
        f"webhook:{subscription.id}",
        {"url": [None, url], "events": [None, chosen], "secret": [None, "***"]},
    )
    return subscription, secret


def subscriptions() -> list[Subscription]:
    return list(db.session.scalars(sa.select(Subscription).order_by(Subscription.id)).all())


def get(subscription_id: int) -> Subscription:
    subscription = (
        db.session.get(Subscription, subscription_id) if 0 < subscription_id < 2**31 else None
    )
    if subscription is None:
        raise NotFound(_("no webhook %(id)s", id=subscription_id))
    return subscription


def set_active(subscription: Subscription, active: bool) -> Subscription:
    write_transaction()
    if subscription.active != active:
        audit("webhooks.active", f"webhook:{subscription.id}", {"active": [not active, active]})
    subscription.active = active
    return subscription


def deliveries(
    subscription: Subscription, *, limit: int = 100, offset: int = 0
) -> tuple[list[Delivery], int]:
    """A subscription's deliveries, newest first, and how many in all."""
    condition = Delivery.subscription_id == subscription.id
    total = db.session.scalar(sa.select(sa.func.count()).select_from(Delivery).where(condition))
    rows = db.session.scalars(
        sa.select(Delivery)
        .where(condition)
        .order_by(Delivery.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return list(rows), int(total or 0)


def get_delivery(subscription: Subscription, delivery_id: int) -> Delivery:
    delivery = db.session.get(Delivery, delivery_id) if 0 < delivery_id < 2**31 else None
    if delivery is None or delivery.subscription_id != subscription.id:
        raise NotFound(_("no delivery %(id)s", id=delivery_id))
    return delivery


def send_again(delivery: Delivery) -> Delivery:
    """Queue the delivery to be sent again, after commit (the "send again" button)."""
    write_transaction()
    emit_event("webhooks_redeliver", {"delivery_id": delivery.id})
    return delivery
