"""Helpers of the sales tests (a module with a unique name: several test folders have a
conftest.py, so ``from conftest import`` would be ambiguous)."""

from __future__ import annotations

import uuid

import sqlalchemy as sa

from core.db import db
from core.stock.models import StockLevel


def sale_body(*lines, payments=None, register_id=1, **extra):
    return {
        "id": str(uuid.uuid4()),
        "register_id": register_id,
        "lines": list(lines),
        "payments": payments if payments is not None else [{"method": "cash", "amount": 100000}],
        **extra,
    }


def counts(app):
    """How many rows the sales engine writes to, to check nothing was written."""
    from core.journal.models import JournalEntry
    from core.registers.models import Register
    from core.sales.models import Payment, Sale, SaleLine
    from core.stock.models import StockMovement

    with app.app_context():
        return {
            "sales": db.session.scalar(sa.select(sa.func.count()).select_from(Sale)),
            "lines": db.session.scalar(sa.select(sa.func.count()).select_from(SaleLine)),
            "payments": db.session.scalar(sa.select(sa.func.count()).select_from(Payment)),
            "movements": db.session.scalar(sa.select(sa.func.count()).select_from(StockMovement)),
            "journal": db.session.scalar(sa.select(sa.func.count()).select_from(JournalEntry)),
            "receipt": db.session.scalar(sa.select(sa.func.max(Register.last_receipt_number))),
            "stock": [
                str(q)
                for q in db.session.scalars(
                    sa.select(StockLevel.quantity).order_by(StockLevel.product_id)
                )
            ],
        }
