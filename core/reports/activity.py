"""Reports beyond the sales aggregate: refunds and voids one by one, discounts by
employee, and what the dashboard shows of the shop right now (open registers, low
stock, the journal). Reads only; money in minor units."""

from __future__ import annotations

import datetime as dt
import typing as t
from decimal import Decimal

import sqlalchemy as sa

from ..auth.models import User
from ..catalog.models import Product
from ..db import db
from ..journal.models import JournalEntry
from ..registers.models import CashSession, Register
from ..sales.models import Refund, Sale, SaleLine
from ..stock.models import StockLevel
from .services import Registers, register_is

__all__ = ["discounts_by_user", "low_stock", "open_registers", "refunds_list", "journal_status"]


def _user_names(ids: t.Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = db.session.execute(
        sa.select(User.id, User.username, User.full_name).where(User.id.in_(wanted))
    )
    return {user_id: full_name or username for user_id, username, full_name in rows}


def refunds_list(
    start: dt.datetime, end: dt.datetime, register_id: Registers = None, limit: int = 1000
) -> list[dict[str, t.Any]]:
    """The refunds and voids made in ``[start, end)``, newest first: when, which kind,
    their receipt number and the sale's, who, why and how much was handed back."""
    query = (
        sa.select(
            Refund.created_at,
            Refund.kind,
            Refund.number,
            Register.code,
            Sale.number,
            Refund.user_id,
            Refund.reason,
            Refund.total,
            Refund.sale_id,
        )
        .join(Sale, Refund.sale_id == Sale.id)
        .join(Register, Refund.register_id == Register.id)
        .where(Refund.created_at >= start, Refund.created_at < end)
        .order_by(Refund.created_at.desc())
        .limit(limit)
    )
    if register_id is not None:
        query = query.where(register_is(Refund.register_id, register_id))
    rows = db.session.execute(query).all()
    names = _user_names(row[5] for row in rows)
    return [
        {
            "at": at,
            "kind": kind,
            "number": f"{code}-{number:06d}",
            "sale_number": f"{code}-{sale_number:06d}",
            "sale_id": sale_id,
            "user": names.get(user_id, str(user_id)),
            "reason": reason,
            "total": total,
        }
        for at, kind, number, code, sale_number, user_id, reason, total, sale_id in rows
    ]


def discounts_by_user(
    start: dt.datetime, end: dt.datetime, register_id: Registers = None
) -> list[dict[str, t.Any]]:
    """Per employee who sold: sales with a discount, money off on lines (typed or by
    promotions) and on whole carts, and that as a share of the sales before discounts."""
    discounted = sa.func.sum(sa.case((Sale.discount_total > 0, 1), else_=0))
    sales = sa.select(
        Sale.user_id,
        sa.func.count(Sale.id),
        sa.func.coalesce(discounted, 0),
        sa.func.coalesce(sa.func.sum(Sale.discount_total), 0),
        sa.func.coalesce(sa.func.sum(Sale.subtotal), 0),
    ).where(Sale.completed_at >= start, Sale.completed_at < end)
    lines = (
        sa.select(
            Sale.user_id,
            sa.func.coalesce(sa.func.sum(SaleLine.line_discount), 0),
            sa.func.coalesce(sa.func.sum(SaleLine.cart_discount), 0),
        )
        .join(Sale, SaleLine.sale_id == Sale.id)
        .where(Sale.completed_at >= start, Sale.completed_at < end)
    )
    if register_id is not None:
        sales = sales.where(register_is(Sale.register_id, register_id))
        lines = lines.where(register_is(Sale.register_id, register_id))
    split = {
        user_id: (int(line), int(cart))
        for user_id, line, cart in db.session.execute(lines.group_by(Sale.user_id))
    }
    found = db.session.execute(sales.group_by(Sale.user_id)).all()
    names = _user_names(row[0] for row in found)
    rows = []
    for user_id, count, with_discount, discounts, subtotal in found:
        line, cart = split.get(user_id, (0, 0))
        share = (
            (Decimal(int(discounts)) * 100 / int(subtotal)).quantize(Decimal("0.01"))
            if subtotal
            else Decimal("0.00")
        )
        rows.append(
            {
                "key": str(user_id),
                "label": names.get(user_id, str(user_id)),
                "sales_count": count,
                "discounted_sales": int(with_discount),
                "line_discounts": line,
                "cart_discounts": cart,
                "discounts": int(discounts),
                "share": str(share),
            }
        )
    return sorted(rows, key=lambda row: (-row["discounts"], row["label"]))


def open_registers(register_id: Registers = None) -> list[dict[str, t.Any]]:
    """The registers (of ``register_id``: one, several, all) with an open cash session:
    since when and by whom."""
    select = (
        sa.select(
            Register.id, Register.code, Register.name, CashSession.opened_at, CashSession.opened_by
        )
        .join(CashSession, CashSession.register_id == Register.id)
        .where(CashSession.status == "open")
        .order_by(Register.code)
    )
    if register_id is not None:
        select = select.where(register_is(Register.id, register_id))
    rows = db.session.execute(select).all()
    names = _user_names(row[4] for row in rows)
    return [
        {"id": rid, "code": code, "name": name, "opened_at": at, "opened_by": names.get(by, "")}
        for rid, code, name, at, by in rows
    ]


def low_stock(location_id: int, limit: int = 10) -> list[dict[str, t.Any]]:
    """Active products at or below their reorder level at ``location_id``, the furthest
    below first."""
    quantity = sa.func.coalesce(StockLevel.quantity, 0)
    rows = db.session.execute(
        sa.select(Product.id, Product.sku, Product.name, quantity, Product.reorder_level)
        .outerjoin(
            StockLevel,
            sa.and_(StockLevel.product_id == Product.id, StockLevel.location_id == location_id),
        )
        .where(
            Product.active, Product.reorder_level.is_not(None), quantity <= Product.reorder_level
        )
        .order_by((quantity - Product.reorder_level).asc(), Product.name)
        .limit(limit)
    ).all()
    return [
        {"id": pid, "sku": sku, "name": name, "quantity": Decimal(qty), "reorder_level": level}
        for pid, sku, name, qty, level in rows
    ]


def journal_status(register_ids: t.Collection[int] | None = None) -> dict[str, t.Any]:
    """How long each register's chain is and when it last grew (of ``register_ids``
    only, when given: a viewer's store); verifying is on demand (it reads every entry)."""
    # The newest entry of each chain is the one at the register's sequence (indexed).
    rows = db.session.execute(
        sa.select(Register.code, Register.journal_sequence, JournalEntry.created_at)
        .outerjoin(
            JournalEntry,
            sa.and_(
                JournalEntry.register_id == Register.id,
                JournalEntry.sequence == Register.journal_sequence,
            ),
        )
        .where(Register.id.in_(list(register_ids)) if register_ids is not None else sa.true())
        .order_by(Register.code)
    ).all()
    return {
        "entries": sum(sequence for _code, sequence, _last in rows),
        "registers": [
            {"code": code, "entries": sequence, "last": last} for code, sequence, last in rows
        ],
    }
