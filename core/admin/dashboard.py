"""What the dashboard shows: today's and this week's sales against the same span
before, sales by hour, top products, open registers, low stock and the journal. Each
part is shown to those who may see it (reports, registers, stock, journal)."""

from __future__ import annotations

import datetime as dt
import typing as t

from flask_babel import gettext as _
from flask_login import current_user

from ..journal.services import VerifyResult, verify
from ..plugins.scope import home_location, scoped_registers
from ..receipts.render import format_money
from ..reports.activity import journal_status, low_stock, open_registers
from ..reports.services import sales_report, store_zone
from ..stock.services import default_location
from ..stores.settings import current_store
from .charts import comparison_chart
from .report_pages import Figure

TOP_PRODUCTS = 5


def _summary(start: dt.datetime, end: dt.datetime, timezone: str) -> dict[str, t.Any]:
    return sales_report(start, end, "day", timezone=timezone, register_id=scoped_registers())[
        "summary"
    ]


def _compare(label: str, now: dict[str, t.Any], before: dict[str, t.Any]) -> list[Figure]:
    return [
        Figure(label, now["total"], before=before["total"]),
        Figure(_("Number of sales"), now["sales_count"], "int", before["sales_count"]),
        Figure(_("Average basket"), now["average_sale"], before=before["average_sale"]),
    ]


def _hourly(start: dt.datetime, timezone: str) -> dict[int, int]:
    rows = sales_report(
        start,
        start + dt.timedelta(days=1),
        "hour",
        timezone=timezone,
        register_id=scoped_registers(),
    )["rows"]
    # Keys are local hours ("2024-03-04T10:00+0100"): the hour of the day is at 11:13.
    return {int(row["key"][11:13]): row["total"] for row in rows}


def sales_part(now: dt.datetime, timezone: str) -> dict[str, t.Any]:
    """Today so far against yesterday up to the same time; this week (from Monday) so far
    against last week up to the same moment; today's sales by hour against yesterday's."""
    store = current_store()
    today = dt.datetime.combine(now.date(), dt.time(), now.tzinfo)
    yesterday = today - dt.timedelta(days=1)
    monday = today - dt.timedelta(days=today.weekday())
    week_ago = dt.timedelta(days=7)
    figures = _compare(
        _("Today"),
        _summary(today, now, timezone),
        _summary(yesterday, now - dt.timedelta(days=1), timezone),
    )
    figures += _compare(
        _("This week"),
        _summary(monday, now, timezone),
        _summary(monday - week_ago, now - week_ago, timezone),
    )[:1]
    hours_today, hours_before = _hourly(today, timezone), _hourly(yesterday, timezone)
    last_hour = max([now.hour, *hours_today, *hours_before])
    first_hour = min([8, *hours_today, *hours_before])
    hours = range(first_hour, last_hour + 1)

    def money(value: t.Any) -> str:
        return format_money(round(value), store.currency, store.locale)

    chart = comparison_chart(
        _("Sales by hour"),
        [f"{hour:02d}:00" for hour in hours],
        [
            (_("Today"), [hours_today.get(hour, 0) for hour in hours]),
            (_("Yesterday"), [hours_before.get(hour, 0) for hour in hours]),
        ],
        money,
    )
    products = sales_report(
        monday, now, "product", timezone=timezone, register_id=scoped_registers()
    )["rows"][:TOP_PRODUCTS]
    return {"figures": figures, "chart": chart, "top_products": products}


def dashboard(*, check_journal: bool = False) -> dict[str, t.Any]:
    store = current_store()
    timezone = store.values["timezone"]
    now = dt.datetime.now(store_zone(timezone))
    parts: dict[str, t.Any] = {"now": now}
    if current_user.can("reports.view"):
        parts["sales"] = sales_part(now, timezone)
    if current_user.can("registers.view"):
        parts["registers"] = open_registers(scoped_registers())
    if current_user.can("stock.view"):
        parts["low_stock"] = low_stock(home_location(default_location().id))
    if current_user.can("journal.view"):
        registers = scoped_registers()
        parts["journal"] = journal_status(registers)
        if check_journal:
            parts["journal_check"] = _verify(registers)
    return parts


def _verify(registers: tuple[int, ...] | None) -> VerifyResult:
    """The whole journal, or only the chains of the viewer's registers (their store's:
    the shop-wide closings are the admins' to check)."""
    if registers is None:
        return verify()
    merged = VerifyResult()
    for register_id in registers:
        one = verify(register_id)
        merged.checked += one.checked
        merged.unchecked += one.unchecked
        merged.registers += one.registers
        merged.problems += one.problems
        merged.heads.update(one.heads)
    return merged
