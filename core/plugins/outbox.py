"""After-commit side effects (``*_completed`` hooks) delivered through an outbox.

The business transaction writes one delivery per plugin that implements the hook;
after commit the deliveries are attempted at once, and whatever failed is retried with
backoff by any later request of any worker (at most every few seconds) or by
``comptoir outbox run``. A failure is logged and kept on the delivery; the sale is never
touched. At least once: implementations must be idempotent on ``event_id``.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import typing as t
import uuid

import sqlalchemy as sa

from ..db import db, utcnow
from .context import current_runtime
from .errors import HookFailed
from .models import OutboxDelivery

log = logging.getLogger("comptoir.outbox")

MAX_ATTEMPTS = 12
#: How to rebuild a hook's arguments from a delivery's payload, per hook name.
LOADERS: dict[str, t.Callable[[dict[str, t.Any]], dict[str, t.Any]]] = {}


def register_loader(hook: str, loader: t.Callable[[dict[str, t.Any]], dict[str, t.Any]]) -> None:
    """Declare how ``hook``'s keyword arguments are rebuilt from a stored payload (for
    example, load the sale by id)."""
    LOADERS[hook] = loader


def backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(2**attempts, 3600))


def emit(hook: str, payload: dict[str, t.Any]) -> list[OutboxDelivery]:
    """Write the deliveries of ``hook`` into the current transaction (no call yet)."""
    event_id = str(uuid.uuid4())
    deliveries = [
        OutboxDelivery(event_id=event_id, hook=hook, plugin=plugin, payload=payload)
        for plugin in current_runtime().hooks.implemented_by(hook)
    ]
    db.session.add_all(deliveries)
    return deliveries


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
            next_attempt_at=utcnow() + backoff(delivery.attempts + 1),
        )
    ).rowcount
    db.session.commit()
    if not claimed:
        return False
    started = time.perf_counter()
    try:
        kwargs = LOADERS.get(delivery.hook, lambda p: dict(p))(delivery.payload)
        runtime.hooks.call_one(delivery.plugin, delivery.hook, event_id=delivery.event_id, **kwargs)
    except Exception as exc:
        db.session.rollback()
        log.exception(
            "outbox: %s of %s failed (attempt %s)",
            delivery.hook,
            delivery.plugin,
            delivery.attempts + 1,
        )
        error = exc.error if isinstance(exc, HookFailed) else exc  # the plugin is the row's
        values: dict[str, t.Any] = {"last_error": f"{type(error).__name__}: {error}"[:2000]}
        if delivery.attempts + 1 >= MAX_ATTEMPTS:
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
