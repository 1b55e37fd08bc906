"""The restaurant's set-up and a waiter's steps, shared by its browser tests."""

from __future__ import annotations

import uuid

import pytest

from .dialogs import button, closed, dialog, field


def seat_plan(
    server, *, open_on_floor: bool, modifiers: tuple[tuple[str, int | None], ...]
) -> dict:
    """The restaurant on, a room with one table of four, and ``modifiers`` (a label and
    a price or None), all named after the table: the session's server keeps the rooms and
    modifiers of earlier tests. Returns the table, with its ``room_name``."""
    status, body, _ = server.api("POST", "/plugins/restaurant/enable")
    assert status == 200, body
    status, body, _ = server.api("PATCH", "/settings/restaurant", {"open_on_floor": open_on_floor})
    assert status == 200, body
    name = uuid.uuid4().hex[:6]
    status, room, _ = server.api("POST", "/restaurant/rooms", {"name": f"Room {name}"})
    assert status == 201, room
    status, table, _ = server.api(
        "POST",
        "/restaurant/tables",
        {"room_id": room["id"], "name": name, "seats": 4, "x": 300, "y": 200},
    )
    assert status == 201, table
    for label, price in modifiers:
        body = {"name": f"{label} {name}", **({"price": price} if price is not None else {})}
        status, modifier, _ = server.api("POST", "/restaurant/modifiers", body)
        assert status == 201, modifier
    return {**table, "room_name": room["name"]}


@pytest.fixture
def restaurant(till_server):
    """A table with two modifiers; the till starts on the sale screen, and the tests open
    the Tables action themselves (test_restaurant_home.py covers the floor plan as the
    till's home)."""
    yield seat_plan(
        till_server, open_on_floor=False, modifiers=(("Extra cheese", 150), ("No onions", None))
    )
    till_server.api("POST", "/plugins/restaurant/disable")


def choose(page, label: str) -> None:
    """Touch the choice whose label is ``label`` (its detail is printed under it)."""
    items = dialog(page).locator(".till-dialog-items button")
    items.filter(has=page.get_by_text(label, exact=True)).click()


def open_floor(page, table: dict):
    """Open the Tables action on the room of ``table``: the floor plan dialog."""
    page.get_by_role("button", name="Tables", exact=True).click()
    floor = page.locator("dialog.restaurant-floor")
    floor.get_by_role("tab", name=table["room_name"], exact=True).click()
    return floor


def open_table(page, table: dict) -> None:
    """Touch the table on the till's floor plan."""
    open_floor(page, table).locator(f'[data-table="{table["id"]}"]').click()


def put_cart_on_table(page, seat: str, modifier: str | None = None) -> None:
    choose(page, "Put the cart on the table")
    field(page, "Seat (0: the table)").fill(seat)
    field(page, "Course").fill("1")
    field(page, "Note to the kitchen").fill(f"seat {seat}, no salt")
    button(page, "OK").click()
    if modifier is not None:
        choose(page, modifier)
    choose(page, "No more modifiers")
    closed(page)


def table_order(server, table_id):
    status, floor, _ = server.api("GET", "/restaurant/floor")
    assert status == 200
    (table,) = [t for room in floor for t in room["tables"] if t["id"] == table_id]
    if table["order_id"] is None:
        return table, None
    status, order, _ = server.api("GET", f"/restaurant/orders/{table['order_id']}")
    return table, order
