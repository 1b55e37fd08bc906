"""Tips per employee and day, and the tips of a register's cash session (X and Z
reports). Refunds of tips subtract, on the day they were made."""

from __future__ import annotations

import datetime as dt
import typing as t
import zoneinfo
from collections import defaultdict

import sqlalchemy as sa
from flask_babel import gettext as _

from core.plugins import ReportSection, db, format_money, get_users

from .models import RestaurantTip


def _names(employee_ids: t.Iterable[int]) -> dict[int, str]:
    # Users are the core's: read through core.plugins, never joined to its tables.
    users = get_users(employee_ids)
    return {user_id: user.full_name for user_id, user in users.items()}


def per_employee_day(start: dt.datetime, end: dt.datetime, timezone: str) -> dict[str, t.Any]:
    """Tips taken (and given back) in ``[start, end)``, per local day of ``timezone``
    and employee: ``cash``, ``card`` and ``total`` in minor units; ``totals`` the same
    over the period."""
    zone = zoneinfo.ZoneInfo(timezone)
    found = db.session.execute(
        sa.select(
            RestaurantTip.employee_id,
            RestaurantTip.method,
            RestaurantTip.amount,
            RestaurantTip.created_at,
        ).where(RestaurantTip.created_at >= start, RestaurantTip.created_at < end)
    ).all()
    sums: dict[tuple[str, int], dict[str, int]] = defaultdict(lambda: {"cash": 0, "card": 0})
    for employee_id, method, amount, moment in found:
        sums[(moment.astimezone(zone).date().isoformat(), employee_id)][method] += amount
    names = _names(employee_id for _day, employee_id in sums)
    rows = [
        {
            "day": day,
            "employee_id": employee_id,
            "employee": names.get(employee_id, f"#{employee_id}"),
            "cash": money["cash"],
            "card": money["card"],
            "total": money["cash"] + money["card"],
        }
        for (day, employee_id), money in sums.items()
    ]
    rows.sort(key=lambda row: (row["day"], row["employee"], row["employee_id"]))
    cash, card = sum(r["cash"] for r in rows), sum(r["card"] for r in rows)
    return {"rows": rows, "totals": {"cash": cash, "card": card, "total": cash + card}}


def session_tips(session_id: int) -> list[dict[str, t.Any]]:
    """Per employee, the cash and card tips of the cash session (refunds subtracted)."""
    found = db.session.execute(
        sa.select(
            RestaurantTip.employee_id,
            RestaurantTip.method,
            sa.func.sum(RestaurantTip.amount),
        )
        .where(RestaurantTip.cash_session_id == session_id)
        .group_by(RestaurantTip.employee_id, RestaurantTip.method)
    ).all()
    sums: dict[int, dict[str, int]] = defaultdict(lambda: {"cash": 0, "card": 0})
    for employee_id, method, amount in found:
        sums[employee_id][method] += int(amount or 0)
    names = _names(sums)
    rows = [
        {"employee": names.get(employee_id, f"#{employee_id}"), **money}
        for employee_id, money in sums.items()
    ]
    return sorted(rows, key=lambda row: row["employee"])


def session_section(session: t.Any, store: t.Any) -> list[ReportSection]:
    """The "Tips" section of a register's X and Z reports, with the rule for the cash
    tips: in the drawer until handed to the staff, so the expected cash includes them."""
    rows = session_tips(session.id)
    if not rows:
        return []
    cash = sum(row["cash"] for row in rows)
    card = sum(row["card"] for row in rows)
    note = _(
        "Cash tips to hand out to the staff: %(cash)s. The expected cash includes them: "
        "count them with the drawer, then hand them out. Card tips (%(card)s) are not in "
        "the drawer; they are owed to the staff with the wages.",
        cash=format_money(cash, store.currency, store.locale),
        card=format_money(card, store.currency, store.locale),
    )
    return [
        ReportSection(
            key="restaurant_tips",
            title=_("Tips"),
            columns=(_("Employee"), _("Cash tips"), _("Card tips"), _("Total")),
            rows=tuple(
                (row["employee"], row["cash"], row["card"], row["cash"] + row["card"])
                for row in rows
            )
            + ((_("Total"), cash, card, cash + card),),
            order=100,
            note=note,
        )
    ]
