"""Writing the tips of a sale, and of a refund, inside its transaction."""

from __future__ import annotations

import typing as t

import sqlalchemy as sa

from core.plugins import db

from .lines import CODE
from .models import RestaurantTip


def tip_method(line_data: t.Mapping[str, t.Any], payments: t.Iterable[t.Any]) -> str:
    """How a tip was paid: as the till said (``paid_by``), else ``cash`` when the sale
    was paid in cash only (the tip was kept from the change), else ``card``."""
    if line_data.get("paid_by"):
        return str(line_data["paid_by"])
    methods = {payment.method for payment in payments}
    return "cash" if methods <= {"cash"} else "card"


def record_sale(sale: t.Any) -> None:
    """One row per tip line of ``sale`` (a :class:`core.plugins.SaleView`)."""
    for line in sale.lines:
        if line.kind != CODE:
            continue
        db.session.add(
            RestaurantTip(
                sale_id=sale.id,
                sale_line_id=line.id,
                employee_id=line.data["employee_id"],
                method=tip_method(line.data, sale.payments),
                amount=line.total,
                register_id=sale.register_id,
                cash_session_id=sale.cash_session_id,
                created_at=sale.completed_at,
            )
        )


def record_refund(refund: t.Any, sale: t.Any) -> None:
    """A tip given back (a refund of its line, a void) subtracts from its employee, in
    the way it was paid, on the refund's day and cash session. A refund of no tip line
    (the sale says which lines are tips) reads nothing."""
    tips = {line.id for line in sale.lines if line.kind == CODE}
    refunded = {line.sale_line_id: line.total for line in refund.lines if line.sale_line_id in tips}
    if not refunded:
        return
    sold = db.session.scalars(
        sa.select(RestaurantTip).where(
            RestaurantTip.sale_id == refund.sale_id,
            RestaurantTip.refund_id.is_(None),
            RestaurantTip.sale_line_id.in_(list(refunded)),
        )
    )
    for tip in sold:
        db.session.add(
            RestaurantTip(
                sale_id=tip.sale_id,
                sale_line_id=tip.sale_line_id,
                refund_id=refund.id,
                employee_id=tip.employee_id,
                method=tip.method,
                amount=-refunded[tip.sale_line_id],
                register_id=refund.register_id,
                cash_session_id=refund.cash_session_id,
                created_at=refund.created_at,
            )
        )
