"""Helpers the restaurant tests share: a room with tables, seating, adding lines."""

from __future__ import annotations

import typing as t


def ok(response: t.Any, *statuses: int) -> t.Any:
    assert response.status_code in (statuses or (200,)), (
        response.status_code,
        response.get_json(),
    )
    return response.get_json()


def make_floor(api: t.Any, tables: int = 3) -> list[int]:
    """A room ``Main`` with tables ``1``..``n`` of four seats; their ids."""
    room = ok(api.post("/api/v1/restaurant/rooms", json={"name": "Main"}), 201)
    return [
        ok(
            api.post(
                "/api/v1/restaurant/tables",
                json={"room_id": room["id"], "name": str(n), "seats": 4, "x": 100 * n},
            ),
            201,
        )["id"]
        for n in range(1, tables + 1)
    ]


def seat(api: t.Any, table_id: int, covers: int = 2) -> dict:
    return ok(
        api.post("/api/v1/restaurant/orders", json={"table_id": table_id, "covers": covers}), 201
    )


def add(api: t.Any, order: dict, *lines: dict) -> t.Any:
    """Add lines from the version ``order`` holds; the raw answer."""
    return api.post(
        f"/api/v1/restaurant/orders/{order['id']}/lines",
        json={"version": order["version"], "lines": list(lines)},
    )


def pay(api: t.Any, bill: dict, payments: list[dict] | None = None) -> t.Any:
    """Post a bill's sale body with its payments (cash for the expected total)."""
    import uuid

    body = dict(bill["body"])
    body.update(
        id=str(uuid.uuid4()),
        register_id=1,
        payments=payments or [{"method": "cash", "amount": bill["expected_total"]}],
    )
    return api.post("/api/v1/sales", json=body)


def sign_in(app: t.Any, username: str) -> t.Any:
    """A browser-like client signed in with a password; ``.form(path, data)`` posts a
    form with the CSRF token the page carries."""
    import re

    from core.testing import PASSWORDS

    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    response = client.post(
        "/login",
        data={"username": username, "password": PASSWORDS[username], "csrf_token": token},
    )
    assert response.status_code == 302, response.get_data(as_text=True)

    def form(path: str, data: dict | None = None) -> t.Any:
        page = client.get("/admin/").get_data(as_text=True)
        csrf = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
        return client.post(path, data={**(data or {}), "csrf_token": csrf})

    client.form = form
    return client
