"""After-commit side effects (``*_completed`` hooks) delivered through an outbox.

The business transaction writes one delivery per plugin that implements the hook
(:func:`emit`; plugins call it as ``core.plugins.emit_event`` for hooks of their own),
but for a plugin whose :class:`~core.plugins.EventFilter` does not want the event.
Once the request's answer is sent, the deliveries it emitted are attempted (the
transaction committed by then; rolled back, they do not exist and nothing happens): the
cashier never waits on them. Whatever fails is retried with exponential backoff (2 s,
4 s... up to an hour) by ``comptoir outbox run`` (run it from cron every minute) until
``MAX_ATTEMPTS``, when the delivery is marked failed and shown to the admin. A failure is
logged and kept on the delivery; the sale is never touched. Delivery to a disabled plugin
waits until it is enabled again. At least once: implementations must be idempotent on
``event_id``.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import typing as t
import uuid

import sqlalchemy as sa
from flask import Response, current_app, g, has_request_context

from ..db import db, utcnow
from .context import current_runtime
from .errors import HookFailed
from .models import OutboxDelivery

log = logging.getLogger("comptoir.outbox")

MAX_ATTEMPTS = 12


def backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(2**attempts, 3600))


def emit(hook: str, payload: dict[str, t.Any]) -> list[OutboxDelivery]:
    """Write the deliveries of ``hook`` into the current transaction (no call yet).

    Example::

        # in a service, inside the business transaction
        emit_event("parcel_received", {"parcel_id": parcel.id})

        @hookimpl
        def pos_register_event_loaders():
            return [
                EventLoader("parcel_received", lambda p: {"parcel": get_parcel(p["parcel_id"])})
            ]
    """
    runtime = current_runtime()
    event_id = str(uuid.uuid4())
    deliveries = [
        OutboxDelivery(event_id=event_id, hook=hook, plugin=plugin, payload=payload)
        for plugin in runtime.hooks.implemented_by(hook)
        if _wanted(runtime.event_filters.get((plugin, hook)), payload)
    ]
    db.session.add_all(deliveries)
    if has_request_context():
        g.setdefault(_DUE, []).extend(deliveries)
    return deliveries


_DUE = "comptoir_outbox_due"


def _wanted(event_filter: t.Any, payload: dict[str, t.Any]) -> bool:
    """Whether the plugin's :class:`~core.plugins.EventFilter` (if any) wants the event;
    a filter that fails gets it (a lost event is worse than an unneeded delivery)."""
    if event_filter is None:
        return True
    try:
        return bool(event_filter.wants(payload))
    except Exception:
        log.exception("outbox: the event filter of %s failed; delivering", event_filter.hook)
        return True


def deliver_after_response(response: Response) -> Response:
    """``after_request`` of every runtime app: once the answer is sent, attempt what the
    request emitted. Only rows that were written have an id: a rolled-back request's
    deliveries are dropped with it."""
    due = g.pop(_DUE, None)
    if not due or response.status_code >= 400:  # refused: rolled back with the request
        return response
    app = current_app._get_current_object()
    ids = [delivery.id for delivery in due if delivery.id is not None]

    def run() -> None:
        with app.app_context():
            deliver(ids)

    if ids:
        response.call_on_close(run)
    return response


def deliver(deliveries: t.Iterable[OutboxDelivery | int]) -> None:
    """Attempt deliveries (rows or ids) now, after the business commit."""
    for delivery in deliveries:
        _attempt(delivery if isinstance(delivery, int) else delivery.id)


def run_due(limit: int = 100) -> int:
    """Attempt every delivery that is due; returns how many succeeded."""
    now = utcnow()
    ids = db.session.scalars(
        sa.select(OutboxDelivery.id)
        .where(OutboxDelivery.status == "pending", OutboxDelivery.next_attempt_at <= now)
        .order_by(OutboxDelivery.id)
        .limit(limit)
    ).all()
    db.session.commit()
    return sum(_attempt(delivery_id) for delivery_id in ids)


def _attempt(delivery_id: int) -> bool:
    runtime = current_runtime()
    delivery = db.session.get(OutboxDelivery, delivery_id)
    if delivery is None or delivery.status != "pending":
        return False
    if delivery.plugin not in runtime.hooks.implemented_by(delivery.hook):
        return False  # the plugin is disabled: the delivery waits until it is back
    # This attempt's number, read before the claim: the commit below expires the row, and
    # reading it again afterwards would count this attempt twice.
    attempt = delivery.attempts + 1
    # Claim it so that two workers do not deliver the same one at the same time.
    claimed = db.session.execute(
        sa.update(OutboxDelivery)
        .where(
            OutboxDelivery.id == delivery_id,
            OutboxDelivery.attempts == delivery.attempts,
            OutboxDelivery.status == "pending",
        )
        .values(
            attempts=OutboxDelivery.attempts + 1,
            next_attempt_at=utcnow() + backoff(attempt),
        )
    ).rowcount
    db.session.commit()
    if not claimed:
        return False
    started = time.perf_counter()
    try:
        loader = runtime.event_loaders.get(delivery.hook)
        kwargs = loader.load(delivery.payload) if loader is not None else dict(delivery.payload)
        runtime.hooks.call_one(delivery.plugin, delivery.hook, event_id=delivery.event_id, **kwargs)
    except Exception as exc:
        db.session.rollback()
        log.exception(
            "outbox: %s of %s failed (attempt %s)",
            delivery.hook,
            delivery.plugin,
            attempt,
        )
        error = exc.error if isinstance(exc, HookFailed) else exc  # the plugin is the row's
        values: dict[str, t.Any] = {"last_error": f"{type(error).__name__}: {error}"[:2000]}
        if attempt >= MAX_ATTEMPTS:
            values["status"] = "failed"
        db.session.execute(
            sa.update(OutboxDelivery).where(OutboxDelivery.id == delivery_id).values(**values)
        )
        db.session.commit()
        return False
    db.session.execute(
        sa.update(OutboxDelivery)
        .where(OutboxDelivery.id == delivery_id)
        .values(status="done", delivered_at=utcnow(), last_error=None)
    )
    db.session.commit()
    log.debug(
        "outbox: %s delivered to %s in %.1f ms",
        delivery.hook,
        delivery.plugin,
        (time.perf_counter() - started) * 1000,
    )
    return True
