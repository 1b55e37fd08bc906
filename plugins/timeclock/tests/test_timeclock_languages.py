"""The time clock speaks the reader's language: its refusals and pages come from the
plugin's own catalog."""

from __future__ import annotations

import pytest
from timeclock_testing import PINS, punch, user_id

pytestmark = pytest.mark.comptoir_plugins("timeclock")


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "already clocked in"),
        ("fr", "arrivée déjà pointée"),
        ("nl", "al ingeklokt"),
        ("ru", "приход уже отмечен"),
    ],
)
def test_a_second_clock_in_is_refused_in_the_readers_language(cashier_api, language, said):
    me = user_id(cashier_api, "cashier")
    punch(cashier_api, "clock-in", me, PINS["cashier"])
    refused = cashier_api.post(
        "/api/v1/timeclock/clock-in",
        json={"user_id": me, "pin": PINS["cashier"]},
        headers={"Accept-Language": language},
    )
    assert refused.status_code == 409
    assert refused.get_json()["error"]["message"] == said


@pytest.mark.parametrize(
    ("language", "title"), [("fr", "Pointeuse"), ("nl", "Prikklok"), ("ru", "Табель")]
)
def test_the_pages_are_translated(manager_api, language, title):
    page = manager_api.get("/timeclock/week", headers={"Accept-Language": language})
    assert page.status_code == 200 and title in page.get_data(as_text=True)
