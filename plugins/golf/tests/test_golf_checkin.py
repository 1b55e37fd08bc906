"""Check-in at the pro shop till: green fees at the rate that applies (member, guest,
weekday, twilight) in one sale with a cart rental, each player charged once."""

from __future__ import annotations

import pytest
from golf_testing import SATURDAY, TUESDAY, booked, new_course, slot, standard_rates

from core.testing import Item, make_shop, sale_body

pytestmark = pytest.mark.comptoir_plugins("golf")


@pytest.fixture
def shop(manager_api):
    return make_shop(manager_api, [Item("CART", 3000), Item("BALLS", 1500)])


@pytest.fixture
def course(manager_api):
    course = new_course(manager_api)
    standard_rates(manager_api, course["id"])
    return course


@pytest.fixture
def member(manager_api):
    return manager_api.post("/api/v1/customers", json={"name": "Anne Member"}).get_json()


def cash(amount: int) -> list[dict]:
    return [{"method": "cash", "amount": amount}]


def green_fee(player: dict) -> dict:
    return {"golf_green_fee": {"player_id": player["id"]}, "quantity": 1}


def test_slots_show_the_rates_that_apply(cashier_api, course):
    """What the booking website shows: member and guest fee at each tee time."""
    morning = slot(cashier_api, course["id"], "09:00")
    assert (morning["member_rate"]["price"], morning["guest_rate"]["price"]) == (2500, 8000)
    weekday = slot(cashier_api, course["id"], "09:00", day=TUESDAY)
    assert weekday["guest_rate"]["price"] == 6000
    twilight = slot(cashier_api, course["id"], "16:00")
    assert (twilight["member_rate"]["name"], twilight["guest_rate"]["price"]) == ("Twilight", 3500)


def test_check_in_charges_member_and_guest_rates_with_a_cart(shop, cashier_api, course, member):
    """One sale: the member's fee, the guest's weekend fee and a cart; both players
    are checked in with what they paid."""
    booking = booked(cashier_api, course["id"], "09:00", ("Anne Member", member["id"]), "Bob Guest")
    anne, bob = booking["players"]
    body = sale_body(
        green_fee(anne),
        green_fee(bob),
        shop.line("CART"),
        payments=[{"method": "cash", "amount": 13500}],
    )
    answer = cashier_api.post("/api/v1/sales", json=body)
    assert answer.status_code == 201, answer.get_json()
    sale = answer.get_json()
    assert sale["total"] == 2500 + 8000 + 3000
    assert [line["total"] for line in sale["lines"]] == [2500, 8000, 3000]
    after = cashier_api.get(f"/api/v1/golf/bookings/{booking['id']}").get_json()
    assert after["status"] == "checked_in"
    assert [(p["checked_in"], p["green_fee"], p["sale_id"]) for p in after["players"]] == [
        (True, 2500, sale["id"]),
        (True, 8000, sale["id"]),
    ]


def test_a_player_is_charged_once(shop, cashier_api, course):
    booking = booked(cashier_api, course["id"], "09:10", "Bob Guest")
    (bob,) = booking["players"]
    first = sale_body(green_fee(bob), payments=[{"method": "cash", "amount": 8000}])
    assert cashier_api.post("/api/v1/sales", json=first).status_code == 201
    again = sale_body(green_fee(bob), payments=[{"method": "cash", "amount": 8000}])
    assert cashier_api.post("/api/v1/sales", json=again).status_code == 422
    twice = sale_body(
        green_fee(bob), green_fee(bob), payments=[{"method": "cash", "amount": 16000}]
    )
    assert cashier_api.post("/api/v1/sales", json=twice).status_code == 422


def test_a_no_show_cannot_be_checked_in(shop, cashier_api, course):
    booking = booked(cashier_api, course["id"], "09:20", "Bob Guest")
    cashier_api.post(f"/api/v1/golf/bookings/{booking['id']}/no-show")
    body = sale_body(
        green_fee(booking["players"][0]), payments=[{"method": "cash", "amount": 8000}]
    )
    answer = cashier_api.post("/api/v1/sales", json=body)
    assert answer.status_code == 422
    assert (
        cashier_api.get(f"/api/v1/golf/bookings/{booking['id']}").get_json()["status"] == "no_show"
    )


def test_quote_prices_a_twilight_round_without_checking_in(shop, cashier_api, course):
    booking = booked(cashier_api, course["id"], "17:00", "Late Guest", day=SATURDAY)
    quote = cashier_api.post(
        "/api/v1/sales/quote", json={"lines": [green_fee(booking["players"][0])], "register_id": 1}
    )
    assert quote.status_code == 200, quote.get_json()
    assert quote.get_json()["total"] == 3500
    after = cashier_api.get(f"/api/v1/golf/bookings/{booking['id']}").get_json()
    assert after["status"] == "booked"


def test_an_unknown_player_is_refused(shop, cashier_api):
    body = sale_body(
        {"golf_green_fee": {"player_id": 4242}}, payments=[{"method": "cash", "amount": 100}]
    )
    assert cashier_api.post("/api/v1/sales", json=body).status_code == 422


def test_the_rounds_report_counts_members_guests_no_shows_and_revenue(
    shop, manager_api, cashier_api, course, member
):
    """A member and a guest checked in (25.00 + 80.00), a no-show of two, a
    cancellation: 2 rounds, 52.50 a round, 4 places booked of 268."""
    booking = booked(cashier_api, course["id"], "09:00", ("Anne", member["id"]), "Bob")
    anne, bob = booking["players"]
    body = sale_body(green_fee(anne), green_fee(bob), payments=cash(10500))
    assert cashier_api.post("/api/v1/sales", json=body).status_code == 201
    missing = booked(cashier_api, course["id"], "10:00", "C", "D")
    cashier_api.post(f"/api/v1/golf/bookings/{missing['id']}/no-show")
    gone = booked(cashier_api, course["id"], "11:00", "E")
    cashier_api.post(f"/api/v1/golf/bookings/{gone['id']}/cancel")
    url = f"/api/v1/golf/courses/{course['id']}/reports/rounds?from={SATURDAY}&to={SATURDAY}"
    report = manager_api.get(url).get_json()
    assert report == {
        "course_id": course["id"],
        "from": SATURDAY,
        "to": SATURDAY,
        "rounds_played": 2,
        "member_rounds": 1,
        "guest_rounds": 1,
        "no_shows": 2,
        "places_booked": 4,
        "places_open": 67 * 4,
        "utilisation_percent": "1.5",
        "green_fee_revenue": 10500,
        "revenue_per_round": 5250,
    }
    assert cashier_api.get(url).status_code == 403
    backwards = f"/api/v1/golf/courses/{course['id']}/reports/rounds?from={SATURDAY}&to={TUESDAY}"
    assert manager_api.get(backwards).status_code == 422
