"""What each back-office report shows: its figures, chart and tables, built from the
reports domain's services (the same as ``/api/v1/reports/sales``).

A report is a function of the :class:`Filters` returning a :class:`Report`; its first
table (or ``csv``) is what its CSV export holds, every row of it.
"""

from __future__ import annotations

import datetime as dt
import typing as t
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import gettext as _
from markupsafe import Markup

from ..reports.activity import discounts_by_user, refunds_list
from ..reports.buckets import period_buckets
from ..reports.services import plugin_sections, sales_report
from .charts import bar_chart, comparison_chart, pie_chart

#: How many products the best and worst sellers' tables show.
TOP = 10


@dataclass
class Filters:
    """The period ``[start, end)`` (local midnights), the dates as typed, a register
    (``None``: all) and, for the sales report, the period each row covers."""

    start: dt.datetime
    end: dt.datetime
    first_day: dt.date
    last_day: dt.date
    register_id: int | tuple[int, ...] | None
    by: str
    zone: t.Any

    @property
    def previous(self) -> tuple[dt.datetime, dt.datetime]:
        """The period just before, as long (in days)."""
        days = (self.last_day - self.first_day).days + 1
        first = self.first_day - dt.timedelta(days=days)
        return dt.datetime.combine(first, dt.time(), self.zone), self.start


@dataclass
class Column:
    key: str
    label: str
    #: text, int, qty, money, percent or datetime: how the page and the CSV write it.
    kind: str = "text"


@dataclass
class Table:
    title: str
    columns: list[Column]
    rows: list[dict[str, t.Any]]


@dataclass
class Figure:
    label: str
    value: t.Any
    kind: str = "money"
    #: The same figure over the period before, to compare.
    before: t.Any = None

    @property
    def change(self) -> Decimal | None:
        """The change from ``before`` in percent, or ``None`` when there is nothing to
        compare with."""
        if self.before is None or not Decimal(str(self.before)):
            return None
        now, then = Decimal(str(self.value)), Decimal(str(self.before))
        return ((now - then) * 100 / then).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Report:
    figures: list[Figure] = field(default_factory=list)
    chart: Markup | None = None
    tables: list[Table] = field(default_factory=list)
    #: The table of the CSV export when it is not the first one shown.
    csv: Table | None = None

    @property
    def export(self) -> Table:
        return self.csv or self.tables[0]


Money = t.Callable[[t.Any], str]


def _ratio(numerator: t.Any, denominator: int, step: str = "0.01") -> Decimal:
    if not denominator:
        return Decimal(step) * 0
    return (Decimal(str(numerator)) / denominator).quantize(Decimal(step), ROUND_HALF_UP)


def _sales(filters: Filters, by: str, timezone: str) -> dict[str, t.Any]:
    return sales_report(
        filters.start, filters.end, by, timezone=timezone, register_id=filters.register_id
    )


def _summary_figures(summary: dict[str, t.Any], before: dict[str, t.Any] | None) -> list[Figure]:
    then = before or {}
    return [
        Figure(_("Sales"), summary["total"], before=then.get("total")),
        Figure(_("Number of sales"), summary["sales_count"], "int", then.get("sales_count")),
        Figure(_("Average sale"), summary["average_sale"], before=then.get("average_sale")),
        Figure(_("Items per sale"), summary["items_per_sale"], "qty", then.get("items_per_sale")),
        Figure(
            _("Refunded"),
            summary["refunds"]["amount"],
            before=then.get("refunds", {}).get("amount"),
        ),
    ]


# -- sales over time ---------------------------------------------------------------------------


def sales_over_time(filters: Filters, timezone: str, money: Money) -> Report:
    now = _sales(filters, filters.by, timezone)
    previous_start, previous_end = filters.previous
    before = sales_report(
        previous_start,
        previous_end,
        filters.by,
        timezone=timezone,
        register_id=filters.register_id,
    )
    buckets = period_buckets(filters.start, filters.end, filters.zone, filters.by)
    earlier = period_buckets(previous_start, previous_end, filters.zone, filters.by)
    rows_now = {row["key"]: row for row in now["rows"]}
    rows_before = {row["key"]: row for row in before["rows"]}
    rows = []
    for index, (key, label) in enumerate(buckets):
        row = rows_now.get(key) or {
            "sales_count": 0,
            "items": "0.000",
            "total": 0,
            "net": 0,
            "tax": 0,
            "discounts": 0,
            "refunds": {"count": 0, "amount": 0},
        }
        then = rows_before.get(earlier[index][0]) if index < len(earlier) else None
        previous_total = then["total"] if then else 0
        rows.append(
            {
                "period": label,
                "sales_count": row["sales_count"],
                "items": row["items"],
                "total": row["total"],
                "net": row["net"],
                "tax": row["tax"],
                "discounts": row["discounts"],
                "refunds": row["refunds"]["amount"],
                "previous_period": earlier[index][1] if index < len(earlier) else "",
                "previous_total": previous_total,
                "change": Figure("", row["total"], before=previous_total).change,
            }
        )
    chart = comparison_chart(
        _("Sales by period"),
        [row["period"] for row in rows],
        [
            (_("This period"), [row["total"] for row in rows]),
            (_("Period before"), [row["previous_total"] for row in rows]),
        ],
        money,
    )
    table = Table(
        _("Sales by period"),
        [
            Column("period", _("Period")),
            Column("sales_count", _("Sales"), "int"),
            Column("items", _("Items"), "qty"),
            Column("total", _("Total"), "money"),
            Column("net", _("Without tax"), "money"),
            Column("tax", _("Tax"), "money"),
            Column("discounts", _("Discounts"), "money"),
            Column("refunds", _("Refunded"), "money"),
            Column("previous_period", _("Period before")),
            Column("previous_total", _("Total before"), "money"),
            Column("change", _("Change"), "percent"),
        ],
        rows,
    )
    report = Report(_summary_figures(now["summary"], before["summary"]), chart, [table])
    params = {"from": filters.start, "to": filters.end, "by": filters.by}
    for section in plugin_sections(now, params):
        columns = [Column(str(i), title) for i, title in enumerate(section["columns"])]
        section_rows = [{str(i): value for i, value in enumerate(row)} for row in section["rows"]]
        report.tables.append(Table(section["title"], columns, section_rows))
    return report


# -- products and categories -------------------------------------------------------------------


def _goods_columns(first: str) -> list[Column]:
    return [
        Column("label", first),
        Column("sales_count", _("Sales"), "int"),
        Column("items", _("Quantity"), "qty"),
        Column("total", _("Total"), "money"),
        Column("net", _("Without tax"), "money"),
        Column("tax", _("Tax"), "money"),
        Column("discounts", _("Discounts"), "money"),
        Column("refunded", _("Refunded"), "money"),
    ]


def _flat(rows: list[dict[str, t.Any]]) -> list[dict[str, t.Any]]:
    return [
        {**row, "refunded": row["refunds"]["amount"], "refund_count": row["refunds"]["count"]}
        for row in rows
    ]


def products(filters: Filters, timezone: str, money: Money) -> Report:
    data = _sales(filters, "product", timezone)
    rows = _flat([row for row in data["rows"] if row["sales_count"]])
    best = rows[:TOP]
    worst = sorted(rows, key=lambda row: (row["total"], row["label"]))[:TOP]
    chart = bar_chart(
        _("Best sellers"),
        [row["label"] for row in best],
        [(_("Total"), [row["total"] for row in best])],
        money,
        horizontal=True,
    )
    return Report(
        _summary_figures(data["summary"], None)[:3],
        chart,
        [
            Table(_("Best sellers"), _goods_columns(_("Product")), best),
            Table(_("Worst sellers"), _goods_columns(_("Product")), worst),
        ],
        csv=Table(_("Products"), _goods_columns(_("Product")), _flat(data["rows"])),
    )


def categories(filters: Filters, timezone: str, money: Money) -> Report:
    data = _sales(filters, "category", timezone)
    rows = _flat(data["rows"])
    chart = pie_chart(_("Sales by category"), [(row["label"], row["total"]) for row in rows], money)
    return Report(
        _summary_figures(data["summary"], None)[:3],
        chart,
        [Table(_("Sales by category"), _goods_columns(_("Category")), rows)],
    )


# -- payments, employees, taxes ----------------------------------------------------------------


def payments(filters: Filters, timezone: str, money: Money) -> Report:
    data = _sales(filters, "payment_method", timezone)
    rows = [{**row, "kept": row["total"] - row["refunds"]["amount"]} for row in _flat(data["rows"])]
    chart = pie_chart(
        _("Taken by payment method"), [(row["label"], row["total"]) for row in rows], money
    )
    columns = [
        Column("label", _("Payment method")),
        Column("sales_count", _("Sales"), "int"),
        Column("total", _("Taken"), "money"),
        Column("refund_count", _("Refunds"), "int"),
        Column("refunded", _("Handed back"), "money"),
        Column("kept", _("Net taken"), "money"),
    ]
    return Report(
        _summary_figures(data["summary"], None)[:3],
        chart,
        [Table(_("Payment methods"), columns, rows)],
    )


def employees(filters: Filters, timezone: str, money: Money) -> Report:
    data = _sales(filters, "user", timezone)
    rows = [
        {
            **row,
            "items_per_sale": _ratio(row["items"], row["sales_count"]),
            "average_sale": int(_ratio(row["total"], row["sales_count"], "1")),
        }
        for row in _flat(data["rows"])
    ]
    chart = bar_chart(
        _("Sales by employee"),
        [row["label"] for row in rows],
        [
            (_("Total"), [row["total"] for row in rows]),
            (_("Average sale"), [row["average_sale"] for row in rows]),
        ],
        money,
    )
    columns = [
        Column("label", _("Employee")),
        Column("sales_count", _("Sales"), "int"),
        Column("items", _("Items"), "qty"),
        Column("items_per_sale", _("Items per sale"), "qty"),
        Column("average_sale", _("Average sale"), "money"),
        Column("total", _("Total"), "money"),
        Column("discounts", _("Discounts"), "money"),
        Column("refunded", _("Refunded"), "money"),
    ]
    return Report(
        _summary_figures(data["summary"], None)[:4],
        chart,
        [Table(_("Sales by employee"), columns, rows)],
    )


def taxes(filters: Filters, timezone: str, money: Money) -> Report:
    data = _sales(filters, "tax", timezone)
    rows = [
        {
            **row,
            "refunded_tax": row["refunds"].get("tax", 0),
            "tax_due": row["tax"] - row["refunds"].get("tax", 0),
        }
        for row in _flat(data["rows"])
    ]
    chart = bar_chart(
        _("Tax by rate"),
        [row["label"] for row in rows],
        [
            (_("Tax"), [row["tax"] for row in rows]),
            (_("Tax refunded"), [row["refunded_tax"] for row in rows]),
        ],
        money,
    )
    columns = [
        Column("label", _("Rate")),
        Column("sales_count", _("Sales"), "int"),
        Column("net", _("Base"), "money"),
        Column("tax", _("Tax"), "money"),
        Column("total", _("Total"), "money"),
        Column("refunded", _("Refunded"), "money"),
        Column("refunded_tax", _("Tax refunded"), "money"),
        Column("tax_due", _("Tax after refunds"), "money"),
    ]
    summary = data["summary"]
    figures = [
        Figure(_("Tax"), summary["tax"]),
        Figure(_("Without tax"), summary["net"]),
        Figure(_("Tax refunded"), summary["refunds"]["tax"]),
    ]
    return Report(figures, chart, [Table(_("Taxes by rate"), columns, rows)])


# -- discounts, refunds and voids --------------------------------------------------------------


def discounts(filters: Filters, timezone: str, money: Money) -> Report:
    rows = discounts_by_user(filters.start, filters.end, filters.register_id)
    chart = bar_chart(
        _("Discounts by employee"),
        [row["label"] for row in rows],
        [
            (_("On lines"), [row["line_discounts"] for row in rows]),
            (_("On whole sales"), [row["cart_discounts"] for row in rows]),
        ],
        money,
    )
    columns = [
        Column("label", _("Employee")),
        Column("sales_count", _("Sales"), "int"),
        Column("discounted_sales", _("With a discount"), "int"),
        Column("line_discounts", _("On lines"), "money"),
        Column("cart_discounts", _("On whole sales"), "money"),
        Column("discounts", _("Discounts"), "money"),
        Column("share", _("Share of sales"), "percent"),
    ]
    figures = [
        Figure(_("Discounts"), sum(row["discounts"] for row in rows)),
        Figure(_("Sales with a discount"), sum(row["discounted_sales"] for row in rows), "int"),
    ]
    return Report(figures, chart, [Table(_("Discounts by employee"), columns, rows)])


def refunds(filters: Filters, timezone: str, money: Money) -> Report:
    rows = refunds_list(filters.start, filters.end, filters.register_id)
    kinds = {"refund": _("Refund"), "void": _("Void")}
    for row in rows:
        row["kind_label"] = kinds.get(row["kind"], row["kind"])
    totals = {kind: sum(r["total"] for r in rows if r["kind"] == kind) for kind in kinds}
    counts = {kind: sum(1 for r in rows if r["kind"] == kind) for kind in kinds}
    chart = pie_chart(
        _("Refunds and voids"), [(kinds[kind], totals[kind]) for kind in kinds], money
    )
    columns = [
        Column("at", _("When"), "datetime"),
        Column("kind_label", _("Kind")),
        Column("number", _("Receipt")),
        Column("sale_number", _("Sale")),
        Column("user", _("By")),
        Column("reason", _("Reason")),
        Column("total", _("Handed back"), "money"),
    ]
    figures = [
        Figure(_("Refunds"), counts["refund"], "int"),
        Figure(_("Refunded"), totals["refund"]),
        Figure(_("Voids"), counts["void"], "int"),
        Figure(_("Voided"), totals["void"]),
    ]
    return Report(figures, chart, [Table(_("Refunds and voids"), columns, rows)])


#: The reports in the order of their tabs: (slug, title, builder).
REPORTS: tuple[tuple[str, t.Callable[[], str], t.Callable[..., Report]], ...] = (
    ("sales", lambda: _("Sales"), sales_over_time),
    ("products", lambda: _("Products"), products),
    ("categories", lambda: _("Categories"), categories),
    ("payments", lambda: _("Payment methods"), payments),
    ("employees", lambda: _("Employees"), employees),
    ("taxes", lambda: _("Taxes"), taxes),
    ("discounts", lambda: _("Discounts"), discounts),
    ("refunds", lambda: _("Refunds and voids"), refunds),
)
