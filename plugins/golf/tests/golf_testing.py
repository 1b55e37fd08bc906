"""Helpers of the golf tests: a course with its rates made through the API, bookings
(a module name of its own: test folders share sys.path)."""

from __future__ import annotations

import datetime as dt
import typing as t

#: A Saturday far enough ahead, whatever day the tests run.
SATURDAY = "2031-06-14"
#: A Tuesday of the same week.
TUESDAY = "2031-06-10"
assert dt.date.fromisoformat(SATURDAY).isoweekday() == 6
assert dt.date.fromisoformat(TUESDAY).isoweekday() == 2


def new_course(api, **fields: t.Any) -> dict[str, t.Any]:
    body = {"name": "Old Course", "first_tee": "07:00", "last_tee": "18:00", "interval_minutes": 10}
    response = api.post("/api/v1/golf/courses", json={**body, **fields})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def add_rate(api, course_id: int, **fields: t.Any) -> dict[str, t.Any]:
    response = api.post(f"/api/v1/golf/courses/{course_id}/rates", json=fields)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def standard_rates(api, course_id: int) -> None:
    """Members 25.00, guests 60.00 on weekdays and 80.00 at the weekend, twilight
    (from 16:00) 35.00 for anyone."""
    add_rate(api, course_id, name="Member", player_kind="member", price=2500)
    add_rate(
        api, course_id, name="Guest weekday", player_kind="guest", weekdays="12345", price=6000
    )
    add_rate(api, course_id, name="Guest weekend", player_kind="guest", weekdays="67", price=8000)
    add_rate(api, course_id, name="Twilight", start="16:00", end="23:59", price=3500, priority=10)


def book(api, course_id: int, tee_time: str, *players: t.Any, day: str = SATURDAY):
    """Book ``players`` (names, or ``(name, customer_id)``); the response."""
    body = {
        "course_id": course_id,
        "day": day,
        "tee_time": tee_time,
        "players": [
            {"name": p} if isinstance(p, str) else {"name": p[0], "customer_id": p[1]}
            for p in players
        ],
    }
    return api.post("/api/v1/golf/bookings", json=body)


def booked(api, course_id: int, tee_time: str, *players: t.Any, day: str = SATURDAY):
    response = book(api, course_id, tee_time, *players, day=day)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def slot(api, course_id: int, tee_time: str, day: str = SATURDAY) -> dict[str, t.Any]:
    response = api.get(f"/api/v1/golf/courses/{course_id}/slots?day={day}")
    assert response.status_code == 200, response.get_json()
    return next(s for s in response.get_json() if s["tee_time"] == tee_time)
