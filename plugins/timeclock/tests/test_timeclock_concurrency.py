"""Two tills clocking the same employee in at the same instant: exactly one wins, the
other gets a 409, and one entry is open. Real threads, each with its own connection."""

from __future__ import annotations

import pytest
from timeclock_testing import PINS, staff, user_id

from core.testing import at_once

pytestmark = pytest.mark.comptoir_plugins("timeclock")

TILLS = 6


def _race(api_as, manager_api, action: str) -> list[int]:
    who = user_id(manager_api, "cashier")
    tills = [api_as("manager") for _ in range(TILLS)]
    body = {"user_id": who, "pin": PINS["cashier"]}
    answers = at_once(TILLS, lambda i: tills[i].post(f"/api/v1/timeclock/{action}", json=body))
    return sorted(answer.status_code for answer in answers)


@pytest.mark.postgresql
def test_concurrent_clock_ins_on_postgresql(app, api_as, manager_api):
    """The unique open entry decides: one 201, the others 409; then one clock-out wins."""
    assert _race(api_as, manager_api, "clock-in") == [201] + [409] * (TILLS - 1)
    entries = manager_api.get("/api/v1/timeclock/entries").get_json()
    assert len(entries) == 1 and staff(manager_api)["cashier"]["status"] == "in"
    assert _race(api_as, manager_api, "clock-out") == [200] + [409] * (TILLS - 1)
    assert staff(manager_api)["cashier"]["status"] == "out"


@pytest.mark.sqlite
def test_concurrent_clock_ins_on_sqlite(app, api_as, manager_api):
    """On SQLite the write lock orders them: the same outcome."""
    assert _race(api_as, manager_api, "clock-in") == [201] + [409] * (TILLS - 1)
    assert len(manager_api.get("/api/v1/timeclock/entries").get_json()) == 1
