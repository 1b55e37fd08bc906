"""Clocking in and out with the PIN through ``/api/v1/timeclock``: the 409s, the PIN's
lockout, breaks, who is in, and the hours they make."""

from __future__ import annotations

import pytest
from timeclock_testing import PINS, punch, staff, user_id

pytestmark = pytest.mark.comptoir_plugins("timeclock")


def test_clock_in_then_out(cashier_api, manager_api):
    """A clock-in opens an entry, the status says so, a clock-out closes it."""
    me = user_id(cashier_api, "cashier")
    answer = punch(cashier_api, "clock-in", me, PINS["cashier"])
    assert answer.status_code == 201, answer.get_json()
    body = answer.get_json()
    assert body["status"] == "in" and body["entry"]["ended_at"] is None
    assert staff(manager_api)["cashier"]["status"] == "in"
    out = punch(cashier_api, "clock-out", me, PINS["cashier"])
    assert out.status_code == 200
    entry = out.get_json()["entry"]
    assert entry["ended_at"] is not None and entry["recorded_end_at"] == entry["ended_at"]
    assert staff(manager_api)["cashier"]["status"] == "out"


def test_a_second_clock_in_is_a_409(cashier_api):
    me = user_id(cashier_api, "cashier")
    assert punch(cashier_api, "clock-in", me, PINS["cashier"]).status_code == 201
    again = punch(cashier_api, "clock-in", me, PINS["cashier"])
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "already_clocked_in"


def test_clocking_out_when_not_in_is_a_409(cashier_api):
    me = user_id(cashier_api, "cashier")
    answer = punch(cashier_api, "clock-out", me, PINS["cashier"])
    assert answer.status_code == 409
    assert answer.get_json()["error"]["code"] == "not_clocked_in"


def test_a_till_clocks_someone_else_in_with_their_pin(cashier_api, manager_api):
    """The cashier's till clocks the manager in: the manager's PIN decides, and the
    entry is the manager's."""
    manager = user_id(cashier_api, "manager")
    answer = punch(cashier_api, "clock-in", manager, PINS["manager"])
    assert answer.status_code == 201
    assert answer.get_json()["user_id"] == manager
    assert staff(manager_api)["manager"]["status"] == "in"
    assert staff(manager_api)["cashier"]["status"] == "out"


def test_the_caller_clocks_themselves_when_no_user_is_given(cashier_api):
    answer = cashier_api.post("/api/v1/timeclock/clock-in", json={"pin": PINS["cashier"]})
    assert answer.status_code == 201
    assert answer.get_json()["user_id"] == user_id(cashier_api, "cashier")


def test_a_wrong_pin_is_refused_and_changes_nothing(cashier_api, manager_api):
    manager = user_id(cashier_api, "manager")
    answer = punch(cashier_api, "clock-in", manager, "9999")
    assert answer.status_code == 403
    assert answer.get_json()["error"]["code"] == "wrong_pin"
    assert "pin" in answer.get_json()["error"]["fields"]
    assert staff(manager_api)["manager"]["status"] == "out"


def test_wrong_pins_lock_out_as_at_sign_in(cashier_api, manager_api):
    """After the store's five wrong PINs, even the right one is refused for a while
    (429 with Retry-After): the time clock is no side door for guessing PINs."""
    manager = user_id(cashier_api, "manager")
    codes = [punch(cashier_api, "clock-in", manager, "9999").status_code for _ in range(5)]
    assert codes[:4] == [403] * 4 and codes[4] == 429
    locked = punch(cashier_api, "clock-in", manager, PINS["manager"])
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 0
    assert staff(manager_api)["manager"]["status"] == "out"


def test_breaks_start_and_end_once(cashier_api):
    me = user_id(cashier_api, "cashier")
    pin = PINS["cashier"]
    assert punch(cashier_api, "break-start", me, pin).get_json()["error"]["code"] == (
        "not_clocked_in"
    )
    punch(cashier_api, "clock-in", me, pin)
    started = punch(cashier_api, "break-start", me, pin)
    assert started.status_code == 201 and started.get_json()["status"] == "break"
    assert punch(cashier_api, "break-start", me, pin).status_code == 409
    ended = punch(cashier_api, "break-end", me, pin)
    assert ended.status_code == 200 and ended.get_json()["status"] == "in"
    assert len(ended.get_json()["entry"]["breaks"]) == 1
    assert punch(cashier_api, "break-end", me, pin).get_json()["error"]["code"] == "not_on_break"


def test_clocking_out_ends_a_running_break(cashier_api):
    me = user_id(cashier_api, "cashier")
    pin = PINS["cashier"]
    punch(cashier_api, "clock-in", me, pin)
    punch(cashier_api, "break-start", me, pin)
    out = punch(cashier_api, "clock-out", me, pin).get_json()
    (pause,) = out["entry"]["breaks"]
    assert pause["ended_at"] == out["entry"]["ended_at"]


def test_hours_of_today_show_the_entry(cashier_api, manager_api):
    me = user_id(cashier_api, "cashier")
    punch(cashier_api, "clock-in", me, PINS["cashier"])
    punch(cashier_api, "clock-out", me, PINS["cashier"])
    (row,) = manager_api.get("/api/v1/timeclock/hours").get_json()
    assert row["user_id"] == me and row["worked_seconds"] >= 0 and len(row["days"]) >= 1


@pytest.mark.parametrize(
    "body",
    [{}, {"pin": 1234}, {"user_id": "x", "pin": "1234"}, {"user_id": 1.5, "pin": "1"}],
)
def test_bad_bodies_are_422_and_change_nothing(cashier_api, manager_api, body):
    assert cashier_api.post("/api/v1/timeclock/clock-in", json=body).status_code == 422
    assert all(row["status"] == "out" for row in staff(manager_api).values())


@pytest.mark.parametrize(
    "query", ["from=2026-02-30", "from=2026-03-02&to=2026-03-01", "from=2020-01-01&to=2026-01-01"]
)
def test_bad_periods_are_422(manager_api, query):
    assert manager_api.get(f"/api/v1/timeclock/hours?{query}").status_code == 422


def test_permissions(client, cashier_api, roleless_api, manager_api):
    """Without credentials 401; a user without the plugin's permissions 403; a cashier
    clocks but does not read everyone's hours or correct them."""
    assert client.post("/api/v1/timeclock/clock-in", json={"pin": "1234"}).status_code == 401
    assert roleless_api.post("/api/v1/timeclock/clock-in", json={"pin": "1234"}).status_code == 403
    assert roleless_api.get("/api/v1/timeclock/status").status_code == 403
    assert cashier_api.get("/api/v1/timeclock/status").status_code == 200
    assert cashier_api.get("/api/v1/timeclock/hours").status_code == 403
    assert cashier_api.get("/api/v1/timeclock/payroll").status_code == 403
    assert (
        cashier_api.post(
            "/api/v1/timeclock/shifts",
            json={
                "user_id": 1,
                "starts_at": "2026-06-10T09:00:00Z",
                "ends_at": "2026-06-10T17:00:00Z",
            },
        ).status_code
        == 403
    )
    assert cashier_api.get("/timeclock/").status_code == 403
    assert manager_api.get("/api/v1/timeclock/hours").status_code == 200
    assert manager_api.get("/timeclock/").status_code == 200


def test_the_endpoints_are_in_the_openapi_document(manager_api):
    paths = manager_api.get("/api/v1/openapi.json").get_json()["paths"]
    for path in (
        "/api/v1/timeclock/clock-in",
        "/api/v1/timeclock/clock-out",
        "/api/v1/timeclock/hours",
        "/api/v1/timeclock/payroll",
    ):
        assert path in paths, path
