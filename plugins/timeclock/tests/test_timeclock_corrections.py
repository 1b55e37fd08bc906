"""A manager's corrections: entries added, times changed, entries voided, each with its
reason, kept beside what the till recorded and written to the audit log; and the hours
they make across midnight on the night the clocks go forward."""

from __future__ import annotations

import pytest
from timeclock_testing import PINS, punch, set_timezone, staff, user_id

pytestmark = pytest.mark.comptoir_plugins("timeclock")

#: The night of 28 to 29 March 2026 in Paris: 22:00 to 06:00 local is 21:00 to 04:00 UTC,
#: 7 hours (the clocks go from 02:00 to 03:00).
NIGHT = {"started_at": "2026-03-28T22:00:00+01:00", "ended_at": "2026-03-29T06:00:00+02:00"}
#: A break from 00:30 to 01:00 local, after midnight.
BREAK = {"started_at": "2026-03-29T00:30:00+01:00", "ended_at": "2026-03-29T01:00:00+01:00"}


@pytest.fixture
def paris(admin_api):
    set_timezone(admin_api, "Europe/Paris")


def add_night(manager_api, who: int) -> dict:
    answer = manager_api.post(
        "/api/v1/timeclock/entries", json={"user_id": who, **NIGHT, "reason": "forgot to clock"}
    )
    assert answer.status_code == 201, answer.get_json()
    entry = answer.get_json()
    pause = manager_api.post(
        f"/api/v1/timeclock/entries/{entry['id']}/breaks", json={**BREAK, "reason": "paper"}
    )
    assert pause.status_code == 201, pause.get_json()
    return entry


def test_hours_with_a_break_across_midnight_and_a_dst_change(paris, manager_api):
    """2 h on Saturday; on Sunday 5 h less the half-hour break: 4.5 h."""
    who = user_id(manager_api, "cashier")
    add_night(manager_api, who)
    (row,) = manager_api.get("/api/v1/timeclock/hours?from=2026-03-28&to=2026-03-29").get_json()
    days = {d["date"]: (d["worked_seconds"], d["break_seconds"]) for d in row["days"]}
    assert days == {"2026-03-28": (7200, 0), "2026-03-29": (16200, 1800)}
    assert row["worked_seconds"] == 23400 and row["worked_hours"] == "6.50"


def test_the_same_night_in_utc_is_one_day(admin_api, manager_api):
    """In a store on UTC the same night is cut at midnight UTC instead: 3 h less the
    break on the 28th, 4 h on the 29th (the store's zone decides the days)."""
    who = user_id(manager_api, "cashier")
    add_night(manager_api, who)
    (row,) = manager_api.get("/api/v1/timeclock/hours?from=2026-03-28&to=2026-03-29").get_json()
    days = {d["date"]: d["worked_seconds"] for d in row["days"]}
    assert days == {"2026-03-28": 9000, "2026-03-29": 4 * 3600}
    assert sum(days.values()) == 23400


def test_a_correction_keeps_what_the_till_recorded(paris, cashier_api, manager_api):
    """The till's punch stays in recorded_start_at; the correction holds before and
    after, the reason and who made it."""
    who = user_id(cashier_api, "cashier")
    clocked = punch(cashier_api, "clock-in", who, PINS["cashier"]).get_json()["entry"]
    answer = manager_api.post(
        f"/api/v1/timeclock/entries/{clocked['id']}/corrections",
        json={
            "started_at": "2026-11-02T09:00:00+01:00",
            "ended_at": "2026-11-02T17:00:00+01:00",
            "reason": "clocked in a day late",
        },
    )
    assert answer.status_code == 201, answer.get_json()
    correction = answer.get_json()
    assert correction["action"] == "edit" and correction["reason"] == "clocked in a day late"
    assert correction["before"]["started_at"] == clocked["started_at"]
    assert correction["before"]["ended_at"] is None
    assert correction["user_id"] == user_id(manager_api, "manager")
    (entry,) = manager_api.get(
        f"/api/v1/timeclock/entries?user_id={who}&from=2026-11-02&to=2026-11-02"
    ).get_json()
    assert entry["recorded_start_at"] == clocked["started_at"]
    assert entry["started_at"] == "2026-11-02T08:00:00+00:00"
    assert staff(manager_api)["cashier"]["status"] == "out"  # the correction clocked out
    history = manager_api.get(f"/api/v1/timeclock/entries/{entry['id']}/corrections")
    assert [c["reason"] for c in history.get_json()] == ["clocked in a day late"]


def test_corrections_are_in_the_audit_log(paris, admin_api, manager_api):
    who = user_id(manager_api, "cashier")
    entry = add_night(manager_api, who)
    manager_api.post(
        f"/api/v1/timeclock/entries/{entry['id']}/corrections",
        json={"void": True, "reason": "entered twice by mistake"},
    )
    page = admin_api.get("/admin/audit/?action=timeclock").get_data(as_text=True)
    for text in ("timeclock.add", "timeclock.void", "entered twice by mistake", "forgot to clock"):
        assert text in page, text


def test_a_voided_entry_counts_for_nothing_but_stays(paris, manager_api):
    who = user_id(manager_api, "cashier")
    entry = add_night(manager_api, who)
    voided = manager_api.post(
        f"/api/v1/timeclock/entries/{entry['id']}/corrections",
        json={"void": True, "reason": "not worked"},
    )
    assert voided.status_code == 201
    assert manager_api.get("/api/v1/timeclock/hours?from=2026-03-28&to=2026-03-29").get_json() == []
    (kept,) = manager_api.get(
        f"/api/v1/timeclock/entries?user_id={who}&from=2026-03-28&to=2026-03-29"
    ).get_json()
    assert kept["voided"] is True and kept["started_at"] == "2026-03-28T21:00:00+00:00"


@pytest.mark.parametrize(
    "body, field",
    [
        ({"started_at": "2026-03-29T07:00:00+02:00", "reason": "x"}, "ended_at"),
        ({"started_at": "2026-03-28T22:00:00+01:00", "ended_at": None, "reason": " "}, "reason"),
        (
            {
                "started_at": "2099-01-01T00:00:00Z",
                "ended_at": "2099-01-02T00:00:00Z",
                "reason": "x",
            },
            "started_at",
        ),
        ({"reason": "x"}, "started_at"),
    ],
)
def test_bad_corrections_are_422_and_change_nothing(paris, manager_api, body, field):
    who = user_id(manager_api, "cashier")
    entry = add_night(manager_api, who)
    answer = manager_api.post(f"/api/v1/timeclock/entries/{entry['id']}/corrections", json=body)
    assert answer.status_code == 422, answer.get_json()
    assert field in answer.get_json()["error"]["fields"]
    history = manager_api.get(f"/api/v1/timeclock/entries/{entry['id']}/corrections").get_json()
    assert [c["action"] for c in history] == ["add", "add"]


def test_an_unknown_entry_is_a_404(manager_api):
    answer = manager_api.post(
        "/api/v1/timeclock/entries/999/corrections", json={"void": True, "reason": "x"}
    )
    assert answer.status_code == 404


def test_a_cashier_cannot_correct(paris, cashier_api, manager_api):
    who = user_id(manager_api, "cashier")
    entry = add_night(manager_api, who)
    answer = cashier_api.post(
        f"/api/v1/timeclock/entries/{entry['id']}/corrections", json={"void": True, "reason": "x"}
    )
    assert answer.status_code == 403
