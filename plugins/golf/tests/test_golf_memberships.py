"""Memberships: sold (and renewed) as a sale, included rounds charged nothing at
check-in and counted down, then the category's discount off the member rate."""

from __future__ import annotations

import datetime as dt

import pytest
from golf_testing import SATURDAY, booked, new_course, standard_rates

from core.testing import refund, sale_body, sales_count

pytestmark = pytest.mark.comptoir_plugins("golf")


@pytest.fixture
def course(manager_api):
    course = new_course(manager_api)
    standard_rates(manager_api, course["id"])
    return course


@pytest.fixture
def member(manager_api):
    return manager_api.post("/api/v1/customers", json={"name": "Anne Member"}).get_json()


@pytest.fixture
def category(manager_api):
    body = {"name": "Weekday", "price": 90000, "included_rounds": 1, "discount_percent": "20"}
    answer = manager_api.post("/api/v1/golf/membership-categories", json=body)
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def cash(amount: int) -> list[dict]:
    return [{"method": "cash", "amount": amount}]


def sell_membership(api, category, member, start="2031-01-01", end="2031-12-31"):
    line = {
        "golf_membership": {
            "category_id": category["id"],
            "customer_id": member["id"],
            "season_start": start,
            "season_end": end,
        }
    }
    answer = api.post("/api/v1/sales", json=sale_body(line, payments=cash(category["price"])))
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def check_in(api, player) -> dict:
    line = {"golf_green_fee": {"player_id": player["id"]}}
    quote = api.post("/api/v1/sales/quote", json={"lines": [line], "register_id": 1}).get_json()
    # A sale that totals zero (an included round) takes no payment.
    payments = cash(quote["total"]) if quote["total"] else []
    answer = api.post("/api/v1/sales", json=sale_body(line, payments=payments))
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def test_a_membership_is_sold_as_a_sale_line(shop, cashier_api, category, member):
    sale = sell_membership(cashier_api, category, member)
    assert sale["total"] == 90000
    (membership,) = cashier_api.get(f"/api/v1/golf/customers/{member['id']}/memberships").get_json()
    assert membership["category"] == "Weekday"
    assert (membership["rounds_left"], membership["sale_id"]) == (1, sale["id"])


def test_rounds_left_show_at_check_in_then_the_discount_applies(
    shop, cashier_api, course, category, member
):
    """The first round is included (0.00), the booking shows 1 round left before and 0
    after; the next round is the member rate less 20 % (25.00 -> 20.00)."""
    sell_membership(cashier_api, category, member)
    first = booked(cashier_api, course["id"], "09:00", ("Anne", member["id"]))
    assert first["players"][0]["rounds_left"] == 1
    assert check_in(cashier_api, first["players"][0])["total"] == 0
    second = booked(cashier_api, course["id"], "10:00", ("Anne", member["id"]))
    assert second["players"][0]["rounds_left"] == 0
    assert check_in(cashier_api, second["players"][0])["total"] == 2000


def test_out_of_season_a_member_pays_the_member_rate(shop, cashier_api, course, category, member):
    sell_membership(cashier_api, category, member, "2030-01-01", "2030-12-31")
    booking = booked(cashier_api, course["id"], "09:00", ("Anne", member["id"]), day=SATURDAY)
    assert booking["players"][0]["rounds_left"] is None
    assert check_in(cashier_api, booking["players"][0])["total"] == 2500


def test_a_membership_for_an_unknown_customer_is_refused(shop, cashier_api, category):
    line = {"golf_membership": {"category_id": category["id"], "customer_id": 999}}
    line["golf_membership"] |= {"season_start": "2031-01-01", "season_end": "2031-12-31"}
    answer = cashier_api.post("/api/v1/sales", json=sale_body(line, payments=cash(90000)))
    assert answer.status_code == 422


def test_a_membership_is_sold_one_per_line(shop, cashier_api, category, member):
    line = {"golf_membership": {"category_id": category["id"], "customer_id": member["id"]}}
    line["golf_membership"] |= {"season_start": "2031-01-01", "season_end": "2031-12-31"}
    line["quantity"] = 2
    answer = cashier_api.post("/api/v1/sales", json=sale_body(line, payments=cash(180000)))
    assert answer.status_code == 422
    assert cashier_api.get(f"/api/v1/golf/customers/{member['id']}/memberships").get_json() == []


def test_a_membership_refunded_before_its_season_is_cancelled(
    shop, cashier_api, manager_api, category, member
):
    """Nothing of it could be used yet: the refund goes through, the membership is gone."""
    sale = sell_membership(cashier_api, category, member)
    answer = refund(manager_api, sale, [(0, 1)], cash(90000))
    assert answer.status_code == 201, answer.get_json()
    assert cashier_api.get(f"/api/v1/golf/customers/{member['id']}/memberships").get_json() == []


def test_a_membership_whose_season_started_is_not_refunded(
    shop, cashier_api, manager_api, category, member
):
    """From its first day it may have given member rates: the refund is refused and the
    membership stands."""
    today = dt.date.today()
    start, end = today - dt.timedelta(days=3), today + dt.timedelta(days=200)
    sale = sell_membership(cashier_api, category, member, start.isoformat(), end.isoformat())
    before = sales_count(manager_api)
    answer = refund(manager_api, sale, [(0, 1)], cash(90000))
    assert answer.status_code == 422
    assert answer.get_json()["error"]["code"] == "membership_started"
    assert sales_count(manager_api) == before
    memberships = f"/api/v1/golf/customers/{member['id']}/memberships"
    assert len(cashier_api.get(memberships).get_json()) == 1
