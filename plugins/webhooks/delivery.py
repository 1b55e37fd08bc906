"""The outbox's side: fanning an event out to its subscriptions and calling receivers.

Every event a subscription chose gets one :class:`~.models.Delivery` row per
subscription (unique on the event id: the outbox delivers at least once, a receiver gets
each event once). Rows and their attempts are written in transactions of their own, so
the log keeps a failed attempt that the outbox rolls back; when any receiver failed, the
hook raises and the outbox retries later, with backoff, sending only what was not
delivered yet.
"""

from __future__ import annotations

import json
import logging
import typing as t
import urllib.error
import urllib.request

import sqlalchemy as sa

from core.plugins import db, get_settings, separate_transaction, utcnow

from . import signing, vault
from .models import Delivery, Subscription

log = logging.getLogger("comptoir.webhooks")

USER_AGENT = "Comptoir-Webhooks/1"
_delivery = Delivery.__table__


class DeliveryFailed(Exception):
    """A receiver did not take an event (down, refused, or answered non-2xx)."""


def publish(event_id: str, name: str, data: dict[str, t.Any]) -> None:
    """Send the event ``name`` to every active subscription that chose it."""
    subscriptions = db.session.scalars(
        sa.select(Subscription).where(Subscription.active.is_(True)).order_by(Subscription.id)
    ).all()
    chosen = [s.id for s in subscriptions if name in (s.events or [])]
    if not chosen:
        return
    body = json.dumps(
        {"id": event_id, "type": name, "created_at": utcnow().isoformat(), "data": data},
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    )
    failed = []
    for subscription_id in chosen:
        delivery_id = _logged(subscription_id, event_id, name, body)
        if not attempt(delivery_id):
            failed.append(delivery_id)
    if failed:
        raise DeliveryFailed(f"deliveries {failed} of {name} not taken; retried later")


def _logged(subscription_id: int, event_id: str, name: str, body: str) -> int:
    """The delivery row of this subscription and event, written now if it is new (the
    body of a first attempt is kept: a retry sends the same)."""
    with separate_transaction() as connection:
        found = connection.scalar(
            sa.select(_delivery.c.id).where(
                _delivery.c.subscription_id == subscription_id, _delivery.c.event_id == event_id
            )
        )
        if found is not None:
            return found
        return connection.execute(
            sa.insert(_delivery)
            .values(
                subscription_id=subscription_id,
                event_id=event_id,
                event=name,
                body=body,
                status="pending",
                attempts=0,
                created_at=utcnow(),
            )
            .returning(_delivery.c.id)
        ).scalar_one()


def attempt(delivery_id: int, *, again: bool = False) -> bool:
    """POST a delivery to its receiver, signed, and log the outcome.

    :param again: send even if it was delivered already ("send again").
    :return: whether the receiver took it (a 2xx answer).
    """
    row = db.session.execute(
        sa.select(_delivery, Subscription.url, Subscription.secret_encrypted)
        .join(Subscription, Subscription.id == _delivery.c.subscription_id)
        .where(_delivery.c.id == delivery_id)
    ).one_or_none()
    if row is None:
        return True
    if row.status == "delivered" and not again:
        return True
    body = row.body.encode()
    status, error = _post(row.url, body, vault.unseal(row.secret_encrypted), row)
    ok = status is not None and 200 <= status < 300
    values: dict[str, t.Any] = {
        "attempts": _delivery.c.attempts + 1,
        "response_status": status,
        "last_error": None if ok else (error or f"HTTP {status}")[:2000],
        "status": "delivered" if ok else "failed",
    }
    if ok:
        values["delivered_at"] = utcnow()
    elif row.status == "delivered":
        values["status"] = "delivered"  # a failed "send again" does not undo the first
    with separate_transaction() as connection:
        connection.execute(sa.update(_delivery).where(_delivery.c.id == delivery_id).values(values))
    if not ok:
        log.warning(
            "webhook delivery %s to %s failed: %s", delivery_id, row.url, values["last_error"]
        )
    return ok


def _post(url: str, body: bytes, secret: str, row: t.Any) -> tuple[int | None, str | None]:
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            "Comptoir-Event": row.event,
            "Comptoir-Event-Id": row.event_id,
            "Comptoir-Delivery": str(row.id),
            signing.HEADER: signing.header(secret, body),
        },
    )
    timeout = get_settings("webhooks")["timeout_seconds"]
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return response.status, None
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code} {exc.reason}"
    except (OSError, ValueError) as exc:  # refused, unreachable, timed out, bad URL
        return None, f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A receiver that redirects is answered as failed: the signed body is not sent on
    to an address nobody subscribed."""

    def redirect_request(self, *args: t.Any, **kwargs: t.Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect())


def resend(delivery_id: int, event_id: str) -> None:
    """Send a logged delivery again, once for the outbox event ``event_id``."""
    row = db.session.get(Delivery, delivery_id)
    if row is None or row.resent_event_id == event_id:
        return
    if not attempt(delivery_id, again=True):
        raise DeliveryFailed(f"delivery {delivery_id} not taken; retried later")
    with separate_transaction() as connection:
        connection.execute(
            sa.update(_delivery)
            .where(_delivery.c.id == delivery_id)
            .values(resent_event_id=event_id)
        )
