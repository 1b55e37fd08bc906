"""The outbox in tests: time passes without waiting for the backoff."""

from __future__ import annotations

import sqlalchemy as sa

from ..db import db, utcnow
from ..plugins.models import OutboxDelivery


def outbox_due(app) -> int:
    """Make every pending outbox delivery due now, as if its backoff had elapsed; then
    ``cli_runner("outbox", "run")`` attempts them. Answers how many are pending.

    Example (a receiver down at the sale, up later)::

        receiver.start()
        outbox_due(app)
        assert cli_runner("outbox", "run").exit_code == 0
    """
    with app.app_context():
        count = db.session.execute(
            sa.update(OutboxDelivery)
            .where(OutboxDelivery.status == "pending")
            .values(next_attempt_at=utcnow())
        ).rowcount
        db.session.commit()
    return int(count or 0)


def outbox_deliveries(app, hook: str, plugin: str | None = None) -> int:
    """How many outbox deliveries of ``hook`` were written (to ``plugin``, or to any),
    whatever their status: what an event cost the transaction that emitted it.

    Example (webhooks writes nothing for an event nobody chose)::

        sell(cashier_api, shop)
        assert outbox_deliveries(app, "pos_sale_completed", "webhooks") == 0
    """
    with app.app_context():
        query = sa.select(sa.func.count()).where(OutboxDelivery.hook == hook)
        if plugin is not None:
            query = query.where(OutboxDelivery.plugin == plugin)
        return int(db.session.scalar(query) or 0)
