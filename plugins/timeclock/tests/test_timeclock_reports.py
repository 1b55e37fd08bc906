"""Labour against sales: each hour's sales beside the hours worked, and each employee's
sales per hour worked, in the plugin's API and as sections of the core's sales report."""

from __future__ import annotations

import datetime as dt

import pytest
from timeclock_testing import user_id

from core.testing import sell

pytestmark = pytest.mark.comptoir_plugins("timeclock")


def worked(manager_api, who: int, hours: int, end: dt.datetime) -> None:
    """An entry of ``hours`` ending at ``end`` (added by the manager, in the past)."""
    answer = manager_api.post(
        "/api/v1/timeclock/entries",
        json={
            "user_id": who,
            "started_at": (end - dt.timedelta(hours=hours)).isoformat(),
            "ended_at": end.isoformat(),
            "reason": "report test",
        },
    )
    assert answer.status_code == 201, answer.get_json()


@pytest.fixture
def day(shop, cashier_api, manager_api):
    """The cashier worked 2 h and sold 2 COFFEE (5.00); the manager worked 1 h and sold
    a TEA (4.00). The period is yesterday and today (UTC), which holds it all."""
    end = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(seconds=1)
    worked(manager_api, user_id(manager_api, "cashier"), 2, end)
    worked(manager_api, user_id(manager_api, "manager"), 1, end)
    sell(cashier_api, shop.line("COFFEE", 2))
    sell(manager_api, shop.line("TEA"))
    today = dt.datetime.now(dt.UTC).date()
    return f"from={(today - dt.timedelta(days=1)).isoformat()}&to={today.isoformat()}"


def test_sales_per_employee_per_hour_worked(day, manager_api):
    labour = manager_api.get(f"/api/v1/timeclock/labour?{day}").get_json()
    figures = {
        row["user_id"]: (row["sales_total"], row["worked_hours"], row["sales_per_hour_worked"])
        for row in labour["employees"]
    }
    assert figures == {
        user_id(manager_api, "cashier"): (500, "2.00", 250),
        user_id(manager_api, "manager"): (400, "1.00", 400),
    }
    # best first
    assert [row["sales_per_hour_worked"] for row in labour["employees"]] == [400, 250]


def test_labour_hours_against_sales_per_hour(day, manager_api):
    """Every hour with work or sales is a row; they add up to the 3 hours worked and the
    9.00 sold, and each row's ratio is its sales over its hours."""
    rows = manager_api.get(f"/api/v1/timeclock/labour?{day}").get_json()["hours"]
    assert sum(row["worked_seconds"] for row in rows) == 3 * 3600
    assert sum(row["sales_total"] for row in rows) == 900
    assert sum(row["sales_count"] for row in rows) == 2
    for row in rows:
        if row["worked_seconds"]:
            expected = round(row["sales_total"] * 3600 / row["worked_seconds"])
            assert row["sales_per_hour_worked"] == expected
        else:
            assert row["sales_per_hour_worked"] is None
    assert [row["hour"] for row in rows] == sorted(row["hour"] for row in rows)


def test_the_sales_report_carries_both_sections(day, manager_api):
    report = manager_api.get(f"/api/v1/reports/sales?by=hour&{day}").get_json()
    sections = {section["key"]: section for section in report["sections"]}
    assert {"timeclock_labour", "timeclock_employees"} <= set(sections)
    employees = {row[0]: row[1:] for row in sections["timeclock_employees"]["rows"]}
    assert sorted(hours for _sales, hours, _ratio in employees.values()) == ["1.00", "2.00"]


def test_the_back_office_report_page_shows_them(day, manager_api):
    page = manager_api.get(f"/admin/reports/sales?by=hour&{day}").get_data(as_text=True)
    assert "Sales per employee per hour worked" in page
    assert "Labour hours against sales" in page


def test_a_cashier_cannot_read_the_labour_figures(cashier_api):
    assert cashier_api.get("/api/v1/timeclock/labour").status_code == 403
