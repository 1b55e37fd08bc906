"""Refunding a green fee un-checks the player: the booking shows them not checked in and
the till can charge them again; an included round comes back to the membership."""

from __future__ import annotations

import pytest
from golf_testing import booked, new_course, standard_rates

from core.testing import Item, make_shop, refund, sale_body, sales_count

pytestmark = pytest.mark.comptoir_plugins("golf")


@pytest.fixture
def shop(manager_api):
    return make_shop(manager_api, [Item("CART", 3000)])


@pytest.fixture
def course(shop, manager_api):
    """A course with the standard rates, the register open."""
    course = new_course(manager_api)
    standard_rates(manager_api, course["id"])
    return course


def cash(amount: int) -> list[dict]:
    return [{"method": "cash", "amount": amount}]


def green_fee(player: dict) -> dict:
    return {"golf_green_fee": {"player_id": player["id"]}}


def booking_of(api, booking: dict) -> dict:
    return api.get(f"/api/v1/golf/bookings/{booking['id']}").get_json()


def test_refunding_one_players_fee_of_a_group_sale_unchecks_only_them(
    shop, course, cashier_api, manager_api
):
    """Anne and Bob (guests, 80.00 each) and a cart in one sale: refunding Bob's line
    leaves Anne and the cart alone; Bob shows not checked in and is charged again."""
    booking = booked(cashier_api, course["id"], "09:00", "Anne", "Bob")
    anne, bob = booking["players"]
    body = sale_body(green_fee(anne), green_fee(bob), shop.line("CART"), payments=cash(19000))
    sale = cashier_api.post("/api/v1/sales", json=body).get_json()

    answer = refund(manager_api, sale, [(1, 1)], cash(8000))
    assert answer.status_code == 201, answer.get_json()

    after = booking_of(cashier_api, booking)
    assert after["status"] == "checked_in"  # Anne still is
    assert [(p["name"], p["checked_in"], p["green_fee"]) for p in after["players"]] == [
        ("Anne", True, 8000),
        ("Bob", False, None),
    ]
    again = cashier_api.post("/api/v1/sales", json=sale_body(green_fee(bob), payments=cash(8000)))
    assert again.status_code == 201, again.get_json()
    assert booking_of(cashier_api, booking)["players"][1]["sale_id"] == again.get_json()["id"]


def test_refunding_every_fee_puts_the_booking_back_to_booked(
    shop, course, cashier_api, manager_api
):
    booking = booked(cashier_api, course["id"], "09:10", "Anne", "Bob")
    anne, bob = booking["players"]
    body = sale_body(green_fee(anne), green_fee(bob), payments=cash(16000))
    sale = cashier_api.post("/api/v1/sales", json=body).get_json()
    answer = refund(manager_api, sale, [(0, 1), (1, 1)], cash(16000))
    assert answer.status_code == 201, answer.get_json()
    after = booking_of(cashier_api, booking)
    assert after["status"] == "booked"
    assert not any(p["checked_in"] for p in after["players"])


def test_refunding_an_included_round_gives_it_back(course, cashier_api, manager_api):
    member = manager_api.post("/api/v1/customers", json={"name": "Anne Member"}).get_json()
    category = manager_api.post(
        "/api/v1/golf/membership-categories",
        json={"name": "Season", "price": 50000, "included_rounds": 1},
    ).get_json()
    line = {
        "golf_membership": {
            "category_id": category["id"],
            "customer_id": member["id"],
            "season_start": "2031-01-01",
            "season_end": "2031-12-31",
        }
    }
    sold = cashier_api.post("/api/v1/sales", json=sale_body(line, payments=cash(50000)))
    assert sold.status_code == 201, sold.get_json()
    booking = booked(cashier_api, course["id"], "09:20", ("Anne Member", member["id"]))
    sale = cashier_api.post(
        "/api/v1/sales", json=sale_body(green_fee(booking["players"][0]), payments=[])
    ).get_json()
    memberships = f"/api/v1/golf/customers/{member['id']}/memberships"
    assert cashier_api.get(memberships).get_json()[0]["rounds_left"] == 0

    answer = refund(manager_api, sale, [(0, 1)], [])
    assert answer.status_code == 201, answer.get_json()
    assert cashier_api.get(memberships).get_json()[0]["rounds_left"] == 1
    assert booking_of(cashier_api, booking)["status"] == "booked"


def test_a_fee_with_a_rain_check_is_not_refunded(course, cashier_api, manager_api):
    """The rain check already stands for the round paid: refunding too would pay twice."""
    booking = booked(cashier_api, course["id"], "09:30", "Bob")
    (bob,) = booking["players"]
    sale = cashier_api.post(
        "/api/v1/sales", json=sale_body(green_fee(bob), payments=cash(8000))
    ).get_json()
    url = f"/api/v1/golf/players/{bob['id']}/rain-check"
    assert manager_api.post(url, json={"holes_played": 9}).status_code == 201
    before = sales_count(manager_api)
    answer = refund(manager_api, sale, [(0, 1)], cash(8000))
    assert answer.status_code == 422
    assert answer.get_json()["error"]["code"] == "green_fee_rain_check"
    assert booking_of(cashier_api, booking)["players"][0]["checked_in"] is True
    assert sales_count(manager_api) == before


def test_half_a_green_fee_is_not_refunded(course, cashier_api, manager_api):
    booking = booked(cashier_api, course["id"], "09:40", "Bob")
    sale = cashier_api.post(
        "/api/v1/sales", json=sale_body(green_fee(booking["players"][0]), payments=cash(8000))
    ).get_json()
    answer = refund(manager_api, sale, [(0, "0.5")], cash(4000))
    assert answer.status_code == 422
    assert answer.get_json()["error"]["code"] == "green_fee_partial"
    assert booking_of(cashier_api, booking)["players"][0]["checked_in"] is True
