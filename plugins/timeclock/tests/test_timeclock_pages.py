"""The back-office pages: hours, clocked times with the manager's correction forms (times
typed in the store's zone), and the planning; a cashier gets none of them."""

from __future__ import annotations

import pytest
from timeclock_testing import set_timezone, user_id

pytestmark = pytest.mark.comptoir_plugins("timeclock")

PERIOD = "from=2026-03-28&to=2026-03-29"


@pytest.fixture
def paris(admin_api):
    set_timezone(admin_api, "Europe/Paris")


def entries(api, who):
    return api.get(f"/api/v1/timeclock/entries?user_id={who}&{PERIOD}").get_json()


def test_a_forgotten_entry_is_added_corrected_and_voided_from_the_page(paris, manager_api):
    who = user_id(manager_api, "cashier")
    added = manager_api.post(
        f"/timeclock/entries/add?{PERIOD}",
        data={
            "user_id": str(who),
            "started_at": "2026-03-28T22:00",
            "ended_at": "2026-03-29T06:00",
            "reason": "forgot to clock",
        },
    )
    assert added.status_code == 302
    (entry,) = entries(manager_api, who)
    assert (entry["started_at"], entry["ended_at"]) == (
        "2026-03-28T21:00:00+00:00",
        "2026-03-29T04:00:00+00:00",
    )
    page = manager_api.get(f"/timeclock/entries?user_id={who}&{PERIOD}").get_data(as_text=True)
    assert f'id="entry-{entry["id"]}"' in page and "forgot to clock" in page

    corrected = manager_api.post(
        f"/timeclock/entries/{entry['id']}/correct",
        data={"started_at": "2026-03-28T23:00", "ended_at": "2026-03-29T06:00", "reason": "late"},
    )
    assert corrected.status_code == 302
    assert entries(manager_api, who)[0]["started_at"] == "2026-03-28T22:00:00+00:00"

    manager_api.post(
        f"/timeclock/entries/{entry['id']}/correct", data={"void": "1", "reason": "twice"}
    )
    assert entries(manager_api, who)[0]["voided"] is True
    history = manager_api.get(f"/api/v1/timeclock/entries/{entry['id']}/corrections").get_json()
    assert [c["action"] for c in history] == ["add", "edit", "void"]


def test_a_correction_without_a_reason_changes_nothing(paris, manager_api):
    who = user_id(manager_api, "cashier")
    manager_api.post(
        f"/timeclock/entries/add?{PERIOD}",
        data={"user_id": str(who), "started_at": "2026-03-28T22:00",
              "ended_at": "2026-03-29T06:00", "reason": "forgot"},
    )  # fmt: skip
    (entry,) = entries(manager_api, who)
    for data in (
        {"started_at": "2026-03-28T20:00", "ended_at": "", "reason": ""},
        {"started_at": "not a time", "reason": "x"},
    ):
        answer = manager_api.post(f"/timeclock/entries/{entry['id']}/correct", data=data)
        assert answer.status_code == 302
    assert entries(manager_api, who) == [entry]


def test_the_hours_page_lists_the_employees(paris, manager_api):
    who = user_id(manager_api, "cashier")
    manager_api.post(
        "/api/v1/timeclock/entries",
        json={"user_id": who, "started_at": "2026-03-28T22:00:00+01:00",
              "ended_at": "2026-03-29T06:00:00+02:00", "reason": "forgot"},
    )  # fmt: skip
    page = manager_api.get(f"/timeclock/?{PERIOD}").get_data(as_text=True)
    assert f'data-user-id="{who}"' in page and 'data-worked="25200"' in page
    assert "/timeclock/payroll.csv?" in page


@pytest.mark.parametrize(
    "path", ["/timeclock/", "/timeclock/entries", "/timeclock/week", "/timeclock/payroll.csv"]
)
def test_a_cashier_gets_no_back_office_page(cashier_api, path):
    assert cashier_api.get(path).status_code == 403


def test_a_cashier_cannot_plan(cashier_api):
    answer = cashier_api.post(
        "/timeclock/shifts/add", data={"user_id": "1", "day": "2026-03-28", "start": "09:00",
                                       "end": "17:00"}
    )  # fmt: skip
    assert answer.status_code == 403
