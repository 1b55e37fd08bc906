"""Helpers of the time clock tests (a module name of its own: test folders share
sys.path): who is who, punches through the API, the store's time zone."""

from __future__ import annotations

import typing as t

PINS = {"cashier": "1234", "manager": "1111"}


def staff(api) -> dict[str, dict[str, t.Any]]:
    """Everyone who may clock, by user name, with their status."""
    response = api.get("/api/v1/timeclock/status")
    assert response.status_code == 200, response.get_json()
    return {row["username"]: row for row in response.get_json()}


def user_id(api, name: str) -> int:
    return staff(api)[name]["user_id"]


def punch(api, action: str, who: int, pin: str):
    return api.post(f"/api/v1/timeclock/{action}", json={"user_id": who, "pin": pin})


def set_timezone(admin_api, zone: str) -> None:
    response = admin_api.patch("/api/v1/settings/store", json={"timezone": zone})
    assert response.status_code == 200, response.get_json()
