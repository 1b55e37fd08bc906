"""Shifts planned and the payroll CSV: per employee and day, worked, breaks, planned
and the difference in decimal hours, with a total row."""

from __future__ import annotations

import csv
import io

import pytest
from test_timeclock_corrections import add_night
from timeclock_testing import set_timezone, user_id

pytestmark = pytest.mark.comptoir_plugins("timeclock")


@pytest.fixture
def paris(admin_api):
    set_timezone(admin_api, "Europe/Paris")


def plan(api, who: int, starts_at: str, ends_at: str):
    return api.post(
        "/api/v1/timeclock/shifts",
        json={"user_id": who, "starts_at": starts_at, "ends_at": ends_at},
    )


def test_the_payroll_csv(paris, manager_api):
    """The DST night worked (6.5 h) against the same night planned (7 h): per day and in
    total, in hours with two decimals."""
    who = user_id(manager_api, "cashier")
    add_night(manager_api, who)
    assert (
        plan(manager_api, who, "2026-03-28T22:00:00+01:00", "2026-03-29T06:00:00+02:00").status_code
        == 201
    )
    answer = manager_api.get("/api/v1/timeclock/payroll?from=2026-03-27&to=2026-03-29")
    assert answer.status_code == 200
    assert answer.mimetype == "text/csv"
    assert "payroll-2026-03-27-2026-03-29.csv" in answer.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(answer.get_data(as_text=True))))
    assert rows[0] == [
        "employee_id", "username", "full_name", "date",
        "worked_hours", "break_hours", "planned_hours", "difference_hours",
    ]  # fmt: skip
    body = [row[3:] for row in rows[1:]]
    assert body == [
        ["2026-03-28", "2.00", "0.00", "2.00", "0.00"],
        ["2026-03-29", "4.50", "0.50", "5.00", "-0.50"],
        ["total", "6.50", "0.50", "7.00", "-0.50"],
    ]
    assert {row[0] for row in rows[1:]} == {str(who)}


def test_the_back_office_downloads_the_same_csv(paris, manager_api):
    who = user_id(manager_api, "cashier")
    add_night(manager_api, who)
    page = manager_api.get("/timeclock/payroll.csv?from=2026-03-27&to=2026-03-29")
    api = manager_api.get("/api/v1/timeclock/payroll?from=2026-03-27&to=2026-03-29")
    assert page.status_code == 200 and page.get_data() == api.get_data()


def test_an_empty_period_has_only_the_header(manager_api):
    text = manager_api.get("/api/v1/timeclock/payroll?from=2026-01-01&to=2026-01-31").get_data(
        as_text=True
    )
    assert text.splitlines() == [
        "employee_id,username,full_name,date,worked_hours,break_hours,planned_hours,difference_hours"
    ]


def test_shifts_are_planned_listed_and_removed(paris, manager_api):
    who = user_id(manager_api, "cashier")
    shift = plan(manager_api, who, "2026-06-10T09:00:00+02:00", "2026-06-10T17:00:00+02:00")
    assert shift.status_code == 201
    listed = manager_api.get("/api/v1/timeclock/shifts?from=2026-06-08&to=2026-06-14").get_json()
    assert [s["id"] for s in listed] == [shift.get_json()["id"]]
    assert listed[0]["starts_at"] == "2026-06-10T07:00:00+00:00"
    removed = manager_api.delete(f"/api/v1/timeclock/shifts/{shift.get_json()['id']}")
    assert removed.status_code == 200
    assert (
        manager_api.get("/api/v1/timeclock/shifts?from=2026-06-08&to=2026-06-14").get_json() == []
    )


@pytest.mark.parametrize(
    "starts_at, ends_at",
    [
        ("2026-06-10T17:00:00Z", "2026-06-10T09:00:00Z"),
        ("2026-06-10T00:00:00Z", "2026-06-11T00:00:00Z"),
        ("2026-06-10T09:00:00", "2026-06-10T17:00:00"),
    ],
)
def test_bad_shifts_are_422(manager_api, starts_at, ends_at):
    who = user_id(manager_api, "cashier")
    assert plan(manager_api, who, starts_at, ends_at).status_code == 422
    assert (
        manager_api.get("/api/v1/timeclock/shifts?from=2026-06-08&to=2026-06-14").get_json() == []
    )


def test_the_week_view_plans_a_night_shift(paris, manager_api):
    """The week page's form takes a local day and times; an end before the start ends
    the next day. The shift shows in its day's cell and in the planned hours."""
    who = user_id(manager_api, "cashier")
    answer = manager_api.post(
        "/timeclock/shifts/add",
        data={"user_id": str(who), "day": "2026-03-28", "start": "22:00", "end": "06:00"},
    )
    assert answer.status_code == 302
    (shift,) = manager_api.get("/api/v1/timeclock/shifts?from=2026-03-28&to=2026-03-29").get_json()
    assert (shift["starts_at"], shift["ends_at"]) == (
        "2026-03-28T21:00:00+00:00",
        "2026-03-29T04:00:00+00:00",
    )
    page = manager_api.get("/timeclock/week?week=2026-03-25").get_data(as_text=True)
    assert f'data-shift-id="{shift["id"]}"' in page and "22:00–06:00" in page
    assert "7.00" in page
