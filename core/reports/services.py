"""The sales report, aggregated by the database (``GROUP BY``); sales are never loaded.

Money is in minor units. Per row: ``sales_count`` (sales completed), ``items`` (quantity
sold), ``total`` (paid, tax included), ``net`` (without tax), ``tax``, ``discounts``
(money off) and ``refunds`` (count and amount handed back for refunds and voids made in
the period, grouped the same way). A sale is counted when it was completed, a refund
when it was made.

By payment method, ``total`` is the money taken by that method: change is given in cash,
so it is taken off cash; ``items``, ``net``, ``tax`` and ``discounts`` are ``None`` there
(a sale paid by two methods cannot split them).
"""

from __future__ import annotations

import datetime as dt
import logging
import typing as t
import zoneinfo
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa

from ..auth.models import User
from ..catalog.models import Category, Product
from ..db import db
from ..plugins.context import current_runtime
from ..plugins.info import ReportSection
from ..registers.models import Register
from ..sales.models import (
    Payment,
    Refund,
    RefundLine,
    RefundPayment,
    Sale,
    SaleLine,
    SaleTax,
)
from . import revenue
from .buckets import local_bucket, utc_hour

__all__ = ["GROUPINGS", "TIME_GROUPINGS", "plugin_sections", "sales_report", "store_zone"]

log = logging.getLogger("comptoir.reports")

#: ``hour`` to ``year`` are periods of the store's calendar (a week starts on Monday).
TIME_GROUPINGS = ("hour", "day", "week", "month", "year")
GROUPINGS = (*TIME_GROUPINGS, "product", "category", "payment_method", "user", "tax")
_ZERO_QTY = Decimal("0.000")


def store_zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        log.error("unknown store timezone %r; reports use UTC", name)
        return zoneinfo.ZoneInfo("UTC")


def sales_report(
    start: dt.datetime,
    end: dt.datetime,
    by: str,
    *,
    timezone: str = "UTC",
    register_id: Registers = None,
) -> dict[str, t.Any]:
    """Sales completed in ``[start, end)`` grouped ``by`` one of :data:`GROUPINGS`, at
    one register or (``None``) all of them, aggregated by the database.

    :return: ``{"rows": [...], "summary": {...}}``: per row ``key``, ``label``,
        ``sales_count``, ``items``, ``total``, ``net``, ``tax``, ``discounts`` and
        ``refunds`` (``count``, ``amount``), money in minor units. By ``hour`` a row's key
        is the local hour with its offset (``2026-03-29T03:00+0200``); by ``user`` it is
        the user's id as text.

    Example, sales per local hour of one day::

        zone = zoneinfo.ZoneInfo(store.timezone)
        start = dt.datetime(2026, 3, 29, tzinfo=zone)
        report = sales_report(start, start + dt.timedelta(days=1), "hour",
                              timezone=store.timezone)
        by_hour = {row["key"]: row["total"] for row in report["rows"]}
    """
    if by not in GROUPINGS:
        raise ValueError(f"by must be one of {GROUPINGS}, got {by!r}")
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("start and end must carry a time zone")
    zone = store_zone(timezone)
    _room_to_aggregate()
    if by in TIME_GROUPINGS:
        # Every sale and refund of the period falls in one bucket: the summary is the
        # buckets' sum, which spares three more passes over the period.
        rows, summary = _time_rows(start, end, zone, by, register_id)
        return {"rows": rows, "summary": summary}
    rows = _GROUPINGS[by](start, end, zone, by, register_id)
    # By product and category the rows hold every line once: their items are the
    # period's (the costliest part of the summary: a pass over the lines).
    items = sum((Decimal(row["items"]) for row in rows), _ZERO_QTY) if by in _ALL_LINES else None
    return {"rows": rows, "summary": _summary(start, end, register_id, items)}


#: PostgreSQL's memory for one report's sorts and hashes (``SET LOCAL``: this transaction
#: only). With the default 4 MB, the planner, which expects a group per few rows (84,000
#: products for a month's 250,000 lines, against 300), sorted them on disk instead of
#: hashing: 294 ms against 104 ms by product. The groups are few: far less is used.
REPORT_WORK_MEM = "64MB"


def _room_to_aggregate() -> None:
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.text(f"SET LOCAL work_mem = '{REPORT_WORK_MEM}'"))


# -- filters -----------------------------------------------------------------------------------


#: One register, several (a store's, a user's scope: a tuple) or all (``None``).
Registers = int | tuple[int, ...] | None


def register_is(column: t.Any, register_id: Registers) -> sa.ColumnElement[bool]:
    """``column`` (a register id column) names ``register_id``: one, or one of several."""
    if isinstance(register_id, tuple):
        return column.in_(register_id)
    return column == register_id


def _sales_in(
    start: dt.datetime, end: dt.datetime, register_id: Registers
) -> sa.ColumnElement[bool]:
    where = sa.and_(Sale.completed_at >= start, Sale.completed_at < end)
    if register_id is None:
        return where
    return sa.and_(where, register_is(Sale.register_id, register_id))


def _lines_in(
    start: dt.datetime, end: dt.datetime, register_id: Registers
) -> sa.ColumnElement[bool]:
    """The lines of the sales of :func:`_sales_in`, from the sale's time and register each
    line carries: no join to ``sale`` (on PostgreSQL, one index-only range scan)."""
    where = sa.and_(SaleLine.completed_at >= start, SaleLine.completed_at < end)
    if register_id is None:
        return where
    return sa.and_(where, register_is(SaleLine.register_id, register_id))


def _refunds_in(
    start: dt.datetime, end: dt.datetime, register_id: Registers
) -> sa.ColumnElement[bool]:
    where = sa.and_(Refund.created_at >= start, Refund.created_at < end)
    if register_id is None:
        return where
    return sa.and_(where, register_is(Refund.register_id, register_id))


def known_registers(register_ids: t.Collection[int]) -> list[int]:
    """Those of ``register_ids`` that exist."""
    if not register_ids:
        return []
    return list(db.session.scalars(sa.select(Register.id).where(Register.id.in_(register_ids))))


def _sum(column: t.Any) -> t.Any:
    return sa.func.coalesce(sa.func.sum(column), 0)


def _row(key: str, label: str) -> dict[str, t.Any]:
    return {
        "key": key,
        "label": label,
        "sales_count": 0,
        "items": _ZERO_QTY,
        "total": 0,
        "net": 0,
        "tax": 0,
        "discounts": 0,
        "refunds": {"count": 0, "amount": 0},
    }


def _finish(rows: t.Iterable[dict[str, t.Any]]) -> list[dict[str, t.Any]]:
    """Quantities as 3-decimal strings (they are sums of ``Numeric(14, 3)``)."""
    finished = []
    for row in rows:
        if row["items"] is not None:
            row["items"] = str(Decimal(row["items"]).quantize(_ZERO_QTY))
        finished.append(row)
    return finished


# -- the shared shape: grouped sums added into rows ----------------------------------------------

#: What every sale adds to its row (from ``sale``), and the row's names for them.
_SALE_SUMS = (
    # count(*), not count(id): the id is not in the index the sums are read from.
    sa.func.count(),
    _sum(Sale.total),
    _sum(Sale.net_total),
    _sum(Sale.tax_total),
    _sum(Sale.discount_total),
)
_SALE_FIELDS = ("sales_count", "total", "net", "tax", "discounts")
_LINE_FIGURES = (
    _sum(SaleLine.quantity),
    _sum(SaleLine.total),
    _sum(SaleLine.net),
    _sum(SaleLine.tax),
    _sum(SaleLine.discount),
)
#: The same from the lines of the sales (a sale counts once per group).
_LINE_SUMS = (
    sa.func.count(sa.distinct(SaleLine.sale_id)),
    *_LINE_FIGURES,
)
#: By product, a sale is counted by its first line of the product: a plain sum, where
#: counting distinct sales sorted the period's lines, five times the cost of the rest.
_PRODUCT_LINE_SUMS = (
    _sum(sa.case((SaleLine.first_of_product, 1), else_=0)),
    *_LINE_FIGURES,
)
_LINE_FIELDS = ("sales_count", "items", "total", "net", "tax", "discounts")
#: A refund's count and amount go into the row's ``refunds``.
_REFUND_FIELDS = ("refunds.count", "refunds.amount")


def _add_up(query: sa.Select, row_for: t.Callable[..., dict[str, t.Any]], *fields: str) -> None:
    """Add each result of the grouped ``query`` into its report row: a result is the
    group's key columns (handed to ``row_for``), then one sum per name of ``fields``.
    ``"refunds.count"`` goes into the row's ``refunds``; quantities (``items``) stay
    decimals, the rest are integers."""
    for result in db.session.execute(query):
        keys, values = result[: -len(fields)], result[-len(fields) :]
        row = row_for(*keys)
        for field, value in zip(fields, values, strict=True):
            part, _dot, name = field.rpartition(".")
            into = row[part] if part else row
            into[name] = into.get(name, 0) + (Decimal(value) if name == "items" else int(value))


def _sale_lines(start, end, register_id, *keys: t.Any, sums: t.Any = _LINE_SUMS) -> sa.Select:
    """``keys`` and ``sums`` over the revenue lines of the sales of the period."""
    return revenue.only_revenue(
        sa.select(*keys, *sums).select_from(SaleLine).where(_lines_in(start, end, register_id))
    )


def _refund_lines(start, end, register_id, *keys: t.Any) -> sa.Select:
    """``keys``, the refunds counted and their amount, over the refunded lines of the
    period joined to the revenue sale lines they give back."""
    return revenue.only_revenue(
        sa.select(*keys, sa.func.count(sa.distinct(RefundLine.refund_id)), _sum(RefundLine.total))
        .select_from(RefundLine)
        .join(Refund, RefundLine.refund_id == Refund.id)
        .join(SaleLine, RefundLine.sale_line_id == SaleLine.id)
        .where(_refunds_in(start, end, register_id))
    )


# -- by day and hour ---------------------------------------------------------------------------


def _by_time(
    start: dt.datetime,
    end: dt.datetime,
    zone: zoneinfo.ZoneInfo,
    by: str,
    register_id: Registers = None,
) -> list[dict[str, t.Any]]:
    return _time_rows(start, end, zone, by, register_id)[0]


def _time_rows(
    start: dt.datetime,
    end: dt.datetime,
    zone: zoneinfo.ZoneInfo,
    by: str,
    register_id: Registers = None,
) -> tuple[list[dict[str, t.Any]], dict[str, t.Any]]:
    """The rows by hour to year, and the period's summary added up from them."""
    hour = utc_hour(Sale.completed_at)
    rows: dict[str, dict[str, t.Any]] = {}

    def row_for(utc: str) -> dict[str, t.Any]:
        key, label = local_bucket(utc, zone, by)
        return rows.setdefault(key, _row(key, label))

    sales = sa.select(hour, *_SALE_SUMS, _sum(Sale.rounding)).where(
        _sales_in(start, end, register_id)
    )
    _add_up(sales.group_by(hour), row_for, *_SALE_FIELDS, "cash_rounding")
    line_hour = utc_hour(SaleLine.completed_at)
    items = (
        sa.select(line_hour, _sum(SaleLine.quantity))
        .where(_lines_in(start, end, register_id))
        .group_by(line_hour)
    )
    _add_up(items, row_for, "items")
    refund_hour = utc_hour(Refund.created_at)
    refunds = (
        sa.select(refund_hour, sa.func.count(Refund.id), _sum(Refund.total), _sum(Refund.tax_total))
        .where(_refunds_in(start, end, register_id))
        .group_by(refund_hour)
    )
    _add_up(refunds, row_for, *_REFUND_FIELDS, "refunds.tax")
    # Tips and other lines that are no revenue come off each bucket, so off the summary.
    revenue.take_out(
        _add_up,
        row_for,
        _sales_in(start, end, register_id),
        _refunds_in(start, end, register_id),
        hour,
        refund_hour,
    )
    ordered = [rows[key] for key in sorted(rows)]
    # Rounding and refunded tax are the summary's only: taken off the rows.
    rounding = sum(row.pop("cash_rounding", 0) for row in ordered)
    refund_tax = sum(row["refunds"].pop("tax", 0) for row in ordered)
    summary = _summary_figures(
        *(sum(row[name] for row in ordered) for name in _SALE_FIELDS),
        cash_rounding=rounding,
        items=sum((row["items"] for row in ordered), _ZERO_QTY),
        refunds=tuple(sum(row["refunds"][n] for row in ordered) for n in ("count", "amount")),
        refund_tax=refund_tax,
    )
    return _finish(ordered), summary


# -- by product --------------------------------------------------------------------------------


def _by_product(
    start: dt.datetime,
    end: dt.datetime,
    zone: zoneinfo.ZoneInfo,
    by: str,
    register_id: Registers = None,
) -> list[dict[str, t.Any]]:
    rows: dict[str, dict[str, t.Any]] = {}

    def row_for(product_id: int | None, sku: str, name: str) -> dict[str, t.Any]:
        key = str(product_id) if product_id is not None else f"sku:{sku}"
        return rows.setdefault(key, _row(key, name))

    keys = (SaleLine.product_id, SaleLine.sku)
    name = sa.func.max(SaleLine.name)
    lines = _sale_lines(start, end, register_id, *keys, name, sums=_PRODUCT_LINE_SUMS)
    _add_up(lines.group_by(*keys), row_for, *_LINE_FIELDS)
    refunds = _refund_lines(start, end, register_id, *keys, name).group_by(*keys)
    _add_up(refunds, row_for, *_REFUND_FIELDS)
    return _finish(_by_total(rows))


def _by_total(rows: dict[str, dict[str, t.Any]]) -> list[dict[str, t.Any]]:
    return sorted(rows.values(), key=lambda row: (-row["total"], row["label"], row["key"]))


# -- by category -------------------------------------------------------------------------------


def _by_category(
    start: dt.datetime,
    end: dt.datetime,
    zone: zoneinfo.ZoneInfo,
    by: str,
    register_id: Registers = None,
) -> list[dict[str, t.Any]]:
    """Per category of the product sold today (a line without a category, or without a
    product, is under the key ``none``)."""
    rows: dict[str, dict[str, t.Any]] = {}
    category = sa.func.coalesce(Product.category_id, 0)

    def row_for(category_id: int, name: str | None) -> dict[str, t.Any]:
        key = str(category_id) if category_id else "none"
        return rows.setdefault(key, _row(key, name or "—"))

    def of_category(query: sa.Select) -> sa.Select:
        return (
            query.outerjoin(Product, SaleLine.product_id == Product.id)
            .outerjoin(Category, Product.category_id == Category.id)
            .group_by(category)
        )

    name = sa.func.max(Category.name)
    _add_up(
        of_category(_sale_lines(start, end, register_id, category, name)), row_for, *_LINE_FIELDS
    )
    refunds = of_category(_refund_lines(start, end, register_id, category, name))
    _add_up(refunds, row_for, *_REFUND_FIELDS)
    return _finish(_by_total(rows))


# -- by tax rate -------------------------------------------------------------------------------


def _by_tax(
    start: dt.datetime,
    end: dt.datetime,
    zone: zoneinfo.ZoneInfo,
    by: str,
    register_id: Registers = None,
) -> list[dict[str, t.Any]]:
    """Per tax rate: the sales that had some, their base (``net``), tax and total, and
    what refunds gave back at that rate. The key is the rate (``"20.00"``)."""
    rows: dict[str, dict[str, t.Any]] = {}

    def row_for(rate: Decimal) -> dict[str, t.Any]:
        key = str(Decimal(rate).quantize(Decimal("0.01")))
        row = rows.get(key)
        if row is None:
            row = rows[key] = _row(key, f"{key} %")
            row.update(items=None, discounts=None)
        return row

    taxes = (
        sa.select(
            SaleTax.rate,
            sa.func.count(sa.distinct(SaleTax.sale_id)),
            _sum(SaleTax.base),
            _sum(SaleTax.tax),
            _sum(SaleTax.total),
        )
        .join(Sale, SaleTax.sale_id == Sale.id)
        .where(_sales_in(start, end, register_id))
        .group_by(SaleTax.rate)
    )
    _add_up(taxes, row_for, "sales_count", "net", "tax", "total")
    refunds = (
        sa.select(
            RefundLine.tax_rate,
            sa.func.count(sa.distinct(RefundLine.refund_id)),
            _sum(RefundLine.total),
            _sum(RefundLine.tax),
        )
        .join(Refund, RefundLine.refund_id == Refund.id)
        .where(_refunds_in(start, end, register_id))
        .group_by(RefundLine.tax_rate)
    )
    _add_up(refunds, row_for, *_REFUND_FIELDS, "refunds.tax")
    return _finish(sorted(rows.values(), key=lambda row: Decimal(row["key"])))


# -- by payment method -------------------------------------------------------------------------


def _by_payment_method(
    start: dt.datetime,
    end: dt.datetime,
    zone: zoneinfo.ZoneInfo,
    by: str,
    register_id: Registers = None,
) -> list[dict[str, t.Any]]:
    methods = current_runtime().payment_methods
    rows: dict[str, dict[str, t.Any]] = {}

    def row_for(code: str) -> dict[str, t.Any]:
        title = getattr(methods.get(code), "title", "") or code
        row = rows.get(code)
        if row is None:
            row = rows[code] = _row(code, title)
            row.update(items=None, net=None, tax=None, discounts=None)
        return row

    payments = (
        sa.select(Payment.method, sa.func.count(sa.distinct(Payment.sale_id)), _sum(Payment.amount))
        .join(Sale, Payment.sale_id == Sale.id)
        .where(_sales_in(start, end, register_id))
        .group_by(Payment.method)
    )
    _add_up(payments, row_for, "sales_count", "total")
    change = db.session.scalar(
        sa.select(_sum(Sale.change)).where(_sales_in(start, end, register_id))
    )
    if change:
        row_for("cash")["total"] -= int(change)
    refunds = (
        sa.select(
            RefundPayment.method,
            sa.func.count(sa.distinct(RefundPayment.refund_id)),
            _sum(RefundPayment.amount),
        )
        .join(Refund, RefundPayment.refund_id == Refund.id)
        .where(_refunds_in(start, end, register_id))
        .group_by(RefundPayment.method)
    )
    _add_up(refunds, row_for, *_REFUND_FIELDS)
    return _finish(_by_total(rows))


# -- by user -----------------------------------------------------------------------------------


def _by_user(
    start: dt.datetime,
    end: dt.datetime,
    zone: zoneinfo.ZoneInfo,
    by: str,
    register_id: Registers = None,
) -> list[dict[str, t.Any]]:
    rows: dict[int, dict[str, t.Any]] = {}

    def row_for(user_id: int) -> dict[str, t.Any]:
        return rows.setdefault(user_id, _row(str(user_id), str(user_id)))

    sales = sa.select(Sale.user_id, *_SALE_SUMS).where(_sales_in(start, end, register_id))
    _add_up(sales.group_by(Sale.user_id), row_for, *_SALE_FIELDS)
    items = (
        sa.select(Sale.user_id, _sum(SaleLine.quantity))
        .join(Sale, SaleLine.sale_id == Sale.id)
        .where(_sales_in(start, end, register_id))
        .group_by(Sale.user_id)
    )
    _add_up(items, row_for, "items")
    refunds = (
        sa.select(Refund.user_id, sa.func.count(Refund.id), _sum(Refund.total))
        .where(_refunds_in(start, end, register_id))
        .group_by(Refund.user_id)
    )
    _add_up(refunds, row_for, *_REFUND_FIELDS)
    revenue.take_out(
        _add_up,
        row_for,
        _sales_in(start, end, register_id),
        _refunds_in(start, end, register_id),
        Sale.user_id,
        Refund.user_id,
    )
    if rows:
        names = db.session.execute(
            sa.select(User.id, User.username, User.full_name).where(User.id.in_(list(rows)))
        )
        for user_id, username, full_name in names:
            rows[user_id]["label"] = full_name or username
    return _finish(_by_total({str(k): v for k, v in rows.items()}))


_GROUPINGS: dict[str, t.Callable[..., list[dict[str, t.Any]]]] = {
    **{by: _by_time for by in TIME_GROUPINGS},
    "product": _by_product,
    "category": _by_category,
    "payment_method": _by_payment_method,
    "user": _by_user,
    "tax": _by_tax,
}


# -- summary -----------------------------------------------------------------------------------


#: The groupings whose rows hold every line of the period once.
_ALL_LINES = ("product", "category")


def _summary(
    start: dt.datetime,
    end: dt.datetime,
    register_id: Registers = None,
    items: Decimal | None = None,
) -> dict[str, t.Any]:
    """The period's summary; ``items``, when the caller already has the lines' sum."""
    count, total, net, tax, discounts, rounding = db.session.execute(
        sa.select(*_SALE_SUMS, _sum(Sale.rounding)).where(_sales_in(start, end, register_id))
    ).one()
    items_given = items is not None
    if items is None:
        items = db.session.scalar(
            sa.select(_sum(SaleLine.quantity)).where(_lines_in(start, end, register_id))
        )
    refund_count, refund_amount, refund_tax = db.session.execute(
        sa.select(sa.func.count(Refund.id), _sum(Refund.total), _sum(Refund.tax_total)).where(
            _refunds_in(start, end, register_id)
        )
    ).one()
    # Tips and other lines that are no revenue come off the sales' own sums; items the
    # caller summed from product or category rows already leave them out.
    out = _row("", "")
    revenue.take_out(
        _add_up,
        lambda: out,
        _sales_in(start, end, register_id),
        _refunds_in(start, end, register_id),
    )
    return _summary_figures(
        count,
        int(total) + out["total"],
        int(net) + out["net"],
        int(tax) + out["tax"],
        discounts,
        cash_rounding=rounding,
        items=Decimal(items) + (0 if items_given else out["items"]),
        refunds=(refund_count, int(refund_amount) + out["refunds"]["amount"]),
        refund_tax=refund_tax,
    )


def _summary_figures(
    count: int,
    total: t.Any,
    net: t.Any,
    tax: t.Any,
    discounts: t.Any,
    *,
    cash_rounding: t.Any,
    items: t.Any,
    refunds: tuple[int, t.Any],
    refund_tax: t.Any,
) -> dict[str, t.Any]:
    items = Decimal(items).quantize(_ZERO_QTY)
    total, refund_amount = int(total), int(refunds[1])
    return {
        "sales_count": int(count),
        "items": str(items),
        "total": total,
        "net": int(net),
        "tax": int(tax),
        "discounts": int(discounts),
        "cash_rounding": int(cash_rounding),
        "refunds": {"count": int(refunds[0]), "amount": refund_amount, "tax": int(refund_tax)},
        "total_after_refunds": total - refund_amount,
        "items_per_sale": str(_ratio(items, int(count), Decimal("0.01"))),
        "average_sale": int(_ratio(Decimal(total), int(count), Decimal("1"))),
    }


def _ratio(numerator: Decimal, denominator: int, step: Decimal) -> Decimal:
    if not denominator:
        return Decimal(0).quantize(step)
    return (numerator / denominator).quantize(step, rounding=ROUND_HALF_UP)


# -- plugins -----------------------------------------------------------------------------------


def plugin_sections(report: dict[str, t.Any], params: dict[str, t.Any]) -> list[dict[str, t.Any]]:
    """The enabled plugins' tables, in their ``order``; a failing plugin is left out."""
    found = current_runtime().hooks.present("pos_report_sections", report=report, params=params)
    sections = []
    for item in found:
        if isinstance(item, ReportSection):
            sections.append(item)
        else:
            log.error("a report section must be a ReportSection, got %r; left out", item)
    sections.sort(key=lambda s: (s.order, s.key))
    return [
        {
            "key": s.key,
            "title": s.title,
            "columns": list(s.columns),
            "rows": [list(row) for row in s.rows],
        }
        for s in sections
    ]
