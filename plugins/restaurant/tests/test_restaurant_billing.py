"""Paying a table through the normal sale path: the whole table, one seat, chosen
lines or equal parts; priced modifiers on the bill; a line is never paid twice."""

from __future__ import annotations

import pytest
from restaurant_testing import add, make_floor, ok, pay, seat

pytestmark = pytest.mark.comptoir_plugins("restaurant")


def _bill(api, order, **body):
    return api.post(f"/api/v1/restaurant/orders/{order['id']}/bill", json=body)


def _dinner(shop, cashier_api, manager_api):
    """Table 1, two seats: seat 1 a steak with extra cheese (1.50), seat 2 a salad and
    two beers."""
    (table, *_rest) = make_floor(manager_api)
    cheese = ok(
        manager_api.post(
            "/api/v1/restaurant/modifiers", json={"name": "Extra cheese", "price": 150}
        ),
        201,
    )
    return ok(
        add(
            cashier_api,
            seat(cashier_api, table),
            {"product_id": shop["STEAK"], "seat": 1, "modifiers": [cheese["id"]]},
            {"product_id": shop["SALAD"], "seat": 2},
            {"product_id": shop["BEER"], "seat": 2, "quantity": "2"},
        )
    )


def test_split_by_seat_then_the_table_is_free(shop, cashier_api, manager_api):
    order = _dinner(shop, cashier_api, manager_api)
    first = ok(_bill(cashier_api, order, seat=1))
    assert first["expected_total"] == 2200 + 150
    sale = ok(pay(cashier_api, first), 201)
    assert sale["total"] == 2350
    assert [line["name"] for line in sale["lines"]] == ["Steak", "+ Extra cheese"]
    second = ok(_bill(cashier_api, order, seat=2))
    assert second["expected_total"] == 950 + 1000
    ok(pay(cashier_api, second), 201)
    now = ok(cashier_api.get(f"/api/v1/restaurant/orders/{order['id']}"))
    assert now["status"] == "paid" and now["closed_at"] is not None
    assert {line["sale_id"] for line in now["lines"]} >= {sale["id"]}
    (room,) = ok(cashier_api.get("/api/v1/restaurant/floor"))
    assert room["tables"][0]["state"] == "free"


def test_a_bill_is_paid_once(shop, cashier_api, manager_api):
    """The same bill posted twice as two sales: the second is refused, nothing sold."""
    order = _dinner(shop, cashier_api, manager_api)
    bill = ok(_bill(cashier_api, order))
    ok(pay(cashier_api, bill), 201)
    again = pay(cashier_api, bill)
    assert again.status_code == 422
    assert ok(cashier_api.get("/api/v1/sales"))  # the first sale only
    assert len(cashier_api.get("/api/v1/sales").get_json()) == 1


def test_a_bill_must_sell_what_it_pays(shop, cashier_api, manager_api):
    """A sale naming the order's lines but selling less is refused."""
    order = _dinner(shop, cashier_api, manager_api)
    bill = ok(_bill(cashier_api, order, seat=2))
    bill["body"]["lines"] = [
        line for line in bill["body"]["lines"] if line.get("product_id") != shop["BEER"]
    ]
    answer = pay(cashier_api, bill, [{"method": "cash", "amount": 5000}])
    assert answer.status_code == 422
    assert ok(cashier_api.get(f"/api/v1/restaurant/orders/{order['id']}"))["status"] == "open"


def test_split_by_item_and_in_equal_parts(shop, cashier_api, manager_api):
    order = _dinner(shop, cashier_api, manager_api)
    beer = next(line for line in order["lines"] if line["product_id"] == shop["BEER"])
    by_item = ok(_bill(cashier_api, order, line_ids=[beer["id"]]))
    assert by_item["expected_total"] == 1000
    ok(pay(cashier_api, by_item), 201)
    rest = ok(_bill(cashier_api, order, parts=3))
    assert rest["expected_total"] == 2200 + 150 + 950
    assert rest["parts"] == [1100, 1100, 1100]
    payments = [{"method": "card", "amount": part} for part in rest["parts"]]
    sale = ok(pay(cashier_api, rest, payments), 201)
    assert [p["amount"] for p in sale["payments"]] == [1100, 1100, 1100]
    assert ok(cashier_api.get(f"/api/v1/restaurant/orders/{order['id']}"))["status"] == "paid"


def test_equal_parts_add_up_to_the_cent(shop, cashier_api, manager_api):
    order = _dinner(shop, cashier_api, manager_api)
    parts = ok(_bill(cashier_api, order, seat=2, parts=3))["parts"]
    assert parts == [650, 650, 650] and sum(parts) == 1950
    one_seat = ok(_bill(cashier_api, order, seat=1, parts=4))["parts"]
    assert one_seat == [588, 588, 587, 587] and sum(one_seat) == 2350


def test_a_paid_line_cannot_change(shop, cashier_api, manager_api):
    order = _dinner(shop, cashier_api, manager_api)
    ok(pay(cashier_api, ok(_bill(cashier_api, order, seat=1))), 201)
    now = ok(cashier_api.get(f"/api/v1/restaurant/orders/{order['id']}"))
    steak = next(line for line in now["lines"] if line["seat"] == 1)
    answer = cashier_api.patch(
        f"/api/v1/restaurant/orders/{order['id']}/lines/{steak['id']}",
        json={"version": now["version"], "quantity": "0"},
    )
    assert answer.status_code == 409 and answer.get_json()["error"]["code"] == "line_paid"


def test_a_priced_modifier_is_not_sold_alone(shop, cashier_api, manager_api):
    """A modifier line naming an order line is refused in a sale that does not pay it."""
    order = _dinner(shop, cashier_api, manager_api)
    bill = ok(_bill(cashier_api, order, seat=1))
    modifier = next(line for line in bill["body"]["lines"] if "restaurant_modifier" in line)
    alone = {"lines": [{"product_id": shop["BEER"], "quantity": "1"}, modifier]}
    answer = pay(cashier_api, {"body": alone, "expected_total": 650})
    assert answer.status_code == 422
    assert "a modifier is paid with its order line" in str(answer.get_json()), answer.get_json()
    assert ok(cashier_api.get(f"/api/v1/restaurant/orders/{order['id']}"))["status"] == "open"


def test_equal_parts_are_of_what_the_sale_charges(shop, cashier_api, manager_api, admin_api):
    """With prices before tax the sale charges more than the catalog's prices: the bill's
    total is the server's priced total, its parts add up to it to the cent, and the sale
    paid in those parts goes through; for cash the parts are of the total rounded for
    cash."""
    ok(
        admin_api.patch(
            "/api/v1/settings/store", json={"prices_include_tax": False, "cash_rounding": 5}
        )
    )
    order = _dinner(shop, cashier_api, manager_api)
    bill = ok(_bill(cashier_api, order, seat=2, parts=3))
    assert bill["expected_total"] == 950 + 1000  # the catalog's prices
    assert bill["total"] == 1045 + 1200  # salad 10 %, beers 20 %: what is charged
    assert sum(bill["parts"]) == bill["total"] and max(bill["parts"]) - min(bill["parts"]) <= 1
    assert bill["cash_total"] == 2245 and sum(bill["cash_parts"]) == bill["cash_total"]
    payments = [{"method": "card", "amount": part} for part in bill["parts"]]
    sale = ok(pay(cashier_api, bill, payments), 201)
    assert sale["total"] == bill["total"]
    assert sum(p["amount"] for p in sale["payments"]) == sale["total"]
    rest = ok(_bill(cashier_api, order, parts=2))
    assert rest["total"] == 2420 + 165  # steak and cheese, 10 %
    assert sum(rest["cash_parts"]) == rest["cash_total"] == 2585
