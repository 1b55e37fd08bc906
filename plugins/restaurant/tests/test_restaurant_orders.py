"""Table orders: seating, lines per seat and course with modifiers and notes, and the
versions that keep two devices from overwriting each other."""

from __future__ import annotations

import pytest
from restaurant_testing import add, make_floor, ok, seat

pytestmark = pytest.mark.comptoir_plugins("restaurant")


def test_a_table_is_seated_once(shop, cashier_api, manager_api):
    """Seating a table that already has an open order is a 409: one order per table."""
    (table, *_rest) = make_floor(manager_api)
    order = seat(cashier_api, table, covers=3)
    assert order["version"] == 1 and order["covers"] == 3 and order["lines"] == []
    again = cashier_api.post("/api/v1/restaurant/orders", json={"table_id": table})
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "table_busy"


def test_lines_carry_seat_course_modifiers_and_note(shop, cashier_api, manager_api):
    (table, *_rest) = make_floor(manager_api)
    cheese = ok(
        manager_api.post(
            "/api/v1/restaurant/modifiers", json={"name": "Extra cheese", "price": 150}
        ),
        201,
    )
    onions = ok(manager_api.post("/api/v1/restaurant/modifiers", json={"name": "No onions"}), 201)
    order = seat(cashier_api, table)
    answer = ok(
        add(
            cashier_api,
            order,
            {
                "product_id": shop["STEAK"],
                "seat": 1,
                "course": 2,
                "modifiers": [cheese["id"], onions["id"]],
                "note": "well done",
            },
            {"product_id": shop["BEER"], "quantity": "2", "seat": 2},
        )
    )
    assert answer["version"] == 2
    steak, beer = sorted(answer["lines"], key=lambda line: line["name"] != "Steak")
    assert (steak["seat"], steak["course"], steak["note"], steak["station"]) == (
        1,
        2,
        "well done",
        "kitchen",
    )
    assert [(m["name"], m["price"]) for m in steak["modifiers"]] == [
        ("Extra cheese", 150),
        ("No onions", 0),
    ]
    assert (beer["quantity"], beer["course"], beer["station"]) == ("2", 1, "bar")


def test_items_added_from_a_stale_version_are_merged(shop, api_as, manager_api):
    """Two waiters add to one table from the same version: both lines stay, and the
    second one's answer says what the first one added meanwhile."""
    (table, *_rest) = make_floor(manager_api)
    ann, bob = api_as("cashier"), api_as("manager")
    order = seat(ann, table)
    ok(add(ann, order, {"product_id": shop["STEAK"]}))
    merged = ok(add(bob, order, {"product_id": shop["SALAD"]}))
    assert merged["version"] == 3
    assert sorted(line["name"] for line in merged["lines"]) == ["Salad", "Steak"]
    assert [(c["kind"], c["details"]["name"]) for c in merged["changes"]] == [
        ("line_added", "Steak")
    ]


def test_bad_input_changes_nothing(shop, cashier_api, manager_api):
    (table, *_rest) = make_floor(manager_api)
    order = seat(cashier_api, table)
    unknown = add(cashier_api, order, {"product_id": 99999})
    assert unknown.status_code == 422
    bad_quantity = add(cashier_api, order, {"product_id": shop["STEAK"], "quantity": "0.0001"})
    assert bad_quantity.status_code == 422
    unknown_modifier = add(cashier_api, order, {"product_id": shop["STEAK"], "modifiers": [424242]})
    assert unknown_modifier.status_code == 422
    now = ok(cashier_api.get(f"/api/v1/restaurant/orders/{order['id']}"))
    assert now["version"] == 1 and now["lines"] == []


def test_a_line_unsent_and_cancelled_goes(shop, cashier_api, manager_api):
    (table, *_rest) = make_floor(manager_api)
    order = ok(add(cashier_api, seat(cashier_api, table), {"product_id": shop["STEAK"]}))
    line = order["lines"][0]
    answer = ok(
        cashier_api.patch(
            f"/api/v1/restaurant/orders/{order['id']}/lines/{line['id']}",
            json={"version": order["version"], "quantity": "0"},
        )
    )
    assert answer["lines"] == []


def test_the_floor_shows_each_tables_state(shop, cashier_api, manager_api):
    first, second, third = make_floor(manager_api)
    order = seat(cashier_api, first)
    waiting = seat(cashier_api, second)
    ok(
        cashier_api.post(
            f"/api/v1/restaurant/orders/{waiting['id']}/bill-request",
            json={"version": waiting["version"]},
        )
    )
    (room,) = ok(cashier_api.get("/api/v1/restaurant/floor"))
    states = {table["id"]: table for table in room["tables"]}
    assert states[first]["state"] == "seated" and states[first]["order_id"] == order["id"]
    assert states[first]["seated_seconds"] >= 0
    assert states[second]["state"] == "bill"
    assert states[third]["state"] == "free" and states[third]["order_id"] is None
    # Once something is ordered the table shows it.
    ok(add(cashier_api, order, {"product_id": shop["STEAK"]}))
    (room,) = ok(cashier_api.get("/api/v1/restaurant/floor"))
    assert {table["id"]: table["state"] for table in room["tables"]}[first] == "ordering"


def test_transfer_and_merge(shop, cashier_api, manager_api):
    first, second, third = make_floor(manager_api)
    a = ok(add(cashier_api, seat(cashier_api, first, 2), {"product_id": shop["STEAK"]}))
    moved = ok(
        cashier_api.post(
            f"/api/v1/restaurant/orders/{a['id']}/transfer",
            json={"version": a["version"], "table_id": third},
        )
    )
    assert moved["table_id"] == third
    b = ok(add(cashier_api, seat(cashier_api, second, 3), {"product_id": shop["BEER"]}))
    busy = cashier_api.post(
        f"/api/v1/restaurant/orders/{moved['id']}/transfer",
        json={"version": moved["version"], "table_id": second},
    )
    assert busy.status_code == 409
    merged = ok(
        cashier_api.post(
            f"/api/v1/restaurant/orders/{b['id']}/merge",
            json={"version": b["version"], "into": moved["id"], "into_version": moved["version"]},
        )
    )
    assert merged["id"] == moved["id"] and merged["covers"] == 5
    assert sorted(line["name"] for line in merged["lines"]) == ["Beer", "Steak"]
    (room,) = ok(cashier_api.get("/api/v1/restaurant/floor"))
    assert {t["id"]: t["state"] for t in room["tables"]}[second] == "free"


def test_waiters_cannot_draw_the_floor(shop, cashier_api):
    answer = cashier_api.post("/api/v1/restaurant/rooms", json={"name": "Terrace"})
    assert answer.status_code == 403


def test_a_table_left_without_ordering_is_freed(shop, cashier_api, manager_api):
    """Freeing a table is refused while items are unpaid; once they are cancelled, the
    order closes and the table is free again."""
    (table, *_rest) = make_floor(manager_api)
    order = ok(add(cashier_api, seat(cashier_api, table), {"product_id": shop["STEAK"]}))
    refused = cashier_api.post(
        f"/api/v1/restaurant/orders/{order['id']}/free", json={"version": order["version"]}
    )
    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "order_unpaid"
    order = ok(
        cashier_api.patch(
            f"/api/v1/restaurant/orders/{order['id']}/lines/{order['lines'][0]['id']}",
            json={"version": order["version"], "quantity": "0"},
        )
    )
    freed = ok(
        cashier_api.post(
            f"/api/v1/restaurant/orders/{order['id']}/free", json={"version": order["version"]}
        )
    )
    assert freed["status"] == "closed" and freed["closed_at"] is not None
    (room,) = ok(cashier_api.get("/api/v1/restaurant/floor"))
    assert {t["id"]: t["state"] for t in room["tables"]}[table] == "free"


def test_modifiers_are_managed_in_the_back_office(app, shop, manager_api):
    """A manager adds a priced modifier on its page (typed as money) and switches it off;
    the API lists it with its price and state."""
    from restaurant_testing import sign_in

    pages = sign_in(app, "manager")
    added = pages.form("/restaurant/modifiers", {"name": "Extra cheese", "price": "1,50"})
    assert added.status_code == 303
    (cheese,) = ok(manager_api.get("/api/v1/restaurant/modifiers"))
    assert (cheese["name"], cheese["price"], cheese["active"]) == ("Extra cheese", 150, True)
    assert "Extra cheese" in pages.get("/restaurant/modifiers").get_data(as_text=True)
    off = pages.form(f"/restaurant/modifiers/{cheese['id']}/active", {"active": "0"})
    assert off.status_code == 303
    (cheese,) = ok(manager_api.get("/api/v1/restaurant/modifiers"))
    assert cheese["active"] is False
    bad = pages.form("/restaurant/modifiers", {"name": "Bad", "price": "1.234"})
    assert bad.status_code == 303
    assert len(ok(manager_api.get("/api/v1/restaurant/modifiers"))) == 1
