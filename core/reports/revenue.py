"""Lines that are no revenue of the shop's (a tip owed to a waiter), out of the sales
report's revenue figures.

A line kind says so with ``revenue = False`` (:class:`core.plugins.LineKind`). The sale's
own sums (``Sale.total``, ``net_total``) hold such lines, since the customer paid them:
the report takes their lines' sums back off per group, and leaves them out of the lines
it sums by product or category. Payments by method keep them: the money is in the drawer
or on the card. With no such kind enabled nothing here runs a query.
"""

from __future__ import annotations

import typing as t

import sqlalchemy as sa

from ..plugins.context import current_runtime
from ..sales.models import Refund, RefundLine, Sale, SaleLine

__all__ = ["only_revenue", "take_out"]


def _codes() -> tuple[str, ...]:
    return current_runtime().non_revenue_kinds()


def only_revenue(query: sa.Select) -> sa.Select:
    """``query`` over sale lines, without the lines that are no revenue."""
    codes = _codes()
    return query.where(SaleLine.kind.not_in(codes)) if codes else query


def take_out(
    add_up: t.Callable[..., None],
    row_for: t.Callable[..., dict[str, t.Any]],
    sales_in: sa.ColumnElement[bool],
    refunds_in: sa.ColumnElement[bool],
    sale_key: t.Any = None,
    refund_key: t.Any = None,
) -> None:
    """Take the lines that are no revenue off the rows the sales' own sums made: their
    ``total``, ``net``, ``tax`` and ``items``, grouped by ``sale_key`` (a column of
    ``sale``), and the refunded amount of them, grouped by ``refund_key`` (of ``refund``).
    Without keys (the summary), one row."""
    codes = _codes()
    if not codes:
        return
    sale_keys = () if sale_key is None else (sale_key,)
    refund_keys = () if refund_key is None else (refund_key,)
    lines = (
        sa.select(
            *sale_keys,
            -sa.func.coalesce(sa.func.sum(SaleLine.total), 0),
            -sa.func.coalesce(sa.func.sum(SaleLine.net), 0),
            -sa.func.coalesce(sa.func.sum(SaleLine.tax), 0),
            -sa.func.coalesce(sa.func.sum(SaleLine.quantity), 0),
        )
        .join(Sale, SaleLine.sale_id == Sale.id)
        .where(sales_in, SaleLine.kind.in_(codes))
        .group_by(*sale_keys)
    )
    add_up(lines, row_for, "total", "net", "tax", "items")
    refunded = (
        sa.select(*refund_keys, -sa.func.coalesce(sa.func.sum(RefundLine.total), 0))
        .join(Refund, RefundLine.refund_id == Refund.id)
        .join(SaleLine, RefundLine.sale_line_id == SaleLine.id)
        .where(refunds_in, SaleLine.kind.in_(codes))
        .group_by(*refund_keys)
    )
    add_up(refunded, row_for, "refunds.amount")
