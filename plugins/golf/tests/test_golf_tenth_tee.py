"""10th-tee starts: a course that sends groups off the 1st and the 10th tee has two
slots per tee time, each of four places, both closed by a block."""

from __future__ import annotations

import pytest
from golf_testing import SATURDAY, book, booked, new_course

pytestmark = pytest.mark.comptoir_plugins("golf")


def slots(api, course_id: int, tee_time: str) -> list[dict]:
    answer = api.get(f"/api/v1/golf/courses/{course_id}/slots?day={SATURDAY}")
    return [s for s in answer.get_json() if s["tee_time"] == tee_time]


def tee10(api, course_id: int, tee_time: str, *players: str):
    body = {
        "course_id": course_id,
        "day": SATURDAY,
        "tee_time": tee_time,
        "tee": 10,
        "players": [{"name": p} for p in players],
    }
    return api.post("/api/v1/golf/bookings", json=body)


def test_two_tees_take_eight_players_at_one_time(manager_api, cashier_api):
    course = new_course(manager_api, tenth_tee_starts=True)
    assert course["tenth_tee_starts"] is True
    assert [s["tee"] for s in slots(cashier_api, course["id"], "09:00")] == [1, 10]
    booked(cashier_api, course["id"], "09:00", "A", "B", "C", "D")
    tenth = tee10(cashier_api, course["id"], "09:00", "E", "F", "G", "H")
    assert tenth.status_code == 201, tenth.get_json()
    assert tenth.get_json()["tee"] == 10
    assert [(s["tee"], s["free"]) for s in slots(cashier_api, course["id"], "09:00")] == [
        (1, 0),
        (10, 0),
    ]
    assert tee10(cashier_api, course["id"], "09:00", "I").status_code == 409
    assert book(cashier_api, course["id"], "09:00", "I").status_code == 409


def test_a_course_without_tenth_tee_starts_refuses_the_10th_tee(manager_api, cashier_api):
    course = new_course(manager_api)
    assert [s["tee"] for s in slots(cashier_api, course["id"], "09:00")] == [1]
    answer = tee10(cashier_api, course["id"], "09:00", "Bob")
    assert answer.status_code == 422
    assert "tee" in answer.get_json()["error"]["fields"]


def test_a_block_closes_both_tees(manager_api, cashier_api):
    course = new_course(manager_api, tenth_tee_starts=True)
    block = {"day": SATURDAY, "start": "08:00", "end": "10:00", "kind": "shotgun"}
    assert (
        manager_api.post(f"/api/v1/golf/courses/{course['id']}/blocks", json=block).status_code
        == 201
    )
    assert [s["free"] for s in slots(cashier_api, course["id"], "09:00")] == [0, 0]
    assert tee10(cashier_api, course["id"], "09:00", "Bob").status_code == 409
