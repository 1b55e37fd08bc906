"""Rain checks: credit for the holes not played, a share of the green fee paid, taken
off a later sale once."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
import sqlalchemy as sa
from golf_testing import booked, new_course, standard_rates

from core.plugins import db, utcnow
from core.testing import Item, make_shop, sale_body
from plugins.golf.models import RainCheck

pytestmark = pytest.mark.comptoir_plugins("golf")


@pytest.fixture
def shop(manager_api):
    return make_shop(manager_api, [Item("CART", 3000), Item("BALLS", 1500)])


@pytest.fixture
def played(shop, manager_api, cashier_api):
    """Bob, a guest, paid 80.00 for a Saturday morning round of 18 holes."""
    course = new_course(manager_api)
    standard_rates(manager_api, course["id"])
    (bob,) = booked(cashier_api, course["id"], "09:00", "Bob")["players"]
    body = sale_body({"golf_green_fee": {"player_id": bob["id"]}}, payments=cash(8000))
    assert cashier_api.post("/api/v1/sales", json=body).status_code == 201
    return bob


def cash(amount: int) -> list[dict]:
    return [{"method": "cash", "amount": amount}]


def test_a_rain_check_credits_the_holes_not_played_once(shop, manager_api, cashier_api, played):
    """9 of 18 holes played: 40.00 back, taken off a sale of balls (15.00) and a cart
    (30.00): 5.00 to pay; the same code again is refused."""
    url = f"/api/v1/golf/players/{played['id']}/rain-check"
    check = manager_api.post(url, json={"holes_played": 9}).get_json()
    assert check["amount"] == 4000 and check["code"].startswith("RC-")
    credit = {"golf_rain_check": {"code": check["code"].lower()}}
    body = sale_body(shop.line("BALLS"), shop.line("CART"), credit, payments=cash(500))
    sale = cashier_api.post("/api/v1/sales", json=body)
    assert sale.status_code == 201, sale.get_json()
    assert sale.get_json()["total"] == 500
    again = sale_body(shop.line("CART"), credit, payments=cash(3000))
    assert cashier_api.post("/api/v1/sales", json=again).status_code == 422
    assert manager_api.post(url, json={"holes_played": 3}).status_code == 409


def test_a_rain_check_needs_a_paid_round_and_holes_left(shop, manager_api, cashier_api, played):
    url = f"/api/v1/golf/players/{played['id']}/rain-check"
    assert manager_api.post(url, json={"holes_played": 18}).status_code == 422
    assert cashier_api.post(url, json={"holes_played": 9}).status_code == 403
    assert (
        manager_api.post(
            "/api/v1/golf/players/999/rain-check", json={"holes_played": 1}
        ).status_code
        == 404
    )


def given_days_ago(app, code: str, days: int) -> None:
    """As if the rain check had been given ``days`` ago (the clock is not moved)."""
    with app.app_context():
        db.session.execute(
            sa.update(RainCheck)
            .where(RainCheck.code == code)
            .values(created_at=utcnow() - dt.timedelta(days=days))
        )
        db.session.commit()


def test_an_expired_rain_check_is_refused_with_its_last_day(
    app, shop, manager_api, cashier_api, admin_api, played
):
    """Valid 30 days: given 31 days ago it is refused and says until when it was good;
    given 29 days ago it still pays; with no end (0) an old one pays too."""
    assert (
        admin_api.patch("/api/v1/settings/golf", json={"rain_check_days_valid": 30}).status_code
        == 200
    )
    url = f"/api/v1/golf/players/{played['id']}/rain-check"
    check = manager_api.post(url, json={"holes_played": 9}).get_json()
    assert check["expires_on"] is not None
    credit = {"golf_rain_check": {"code": check["code"]}}

    given_days_ago(app, check["code"], 31)
    refused = cashier_api.post("/api/v1/sales", json=sale_body(shop.line("BALLS"), credit))
    assert refused.status_code == 422
    error = refused.get_json()["error"]
    assert check["code"] in json.dumps(error) and "expired" in json.dumps(error)

    assert (
        admin_api.patch("/api/v1/settings/golf", json={"rain_check_days_valid": 0}).status_code
        == 200
    )
    body = sale_body(shop.line("BALLS"), shop.line("CART"), credit, payments=cash(500))
    answer = cashier_api.post("/api/v1/sales", json=body)
    assert answer.status_code == 201, answer.get_json()


def test_a_rain_check_within_its_days_pays(app, shop, manager_api, cashier_api, admin_api, played):
    assert (
        admin_api.patch("/api/v1/settings/golf", json={"rain_check_days_valid": 30}).status_code
        == 200
    )
    url = f"/api/v1/golf/players/{played['id']}/rain-check"
    check = manager_api.post(url, json={"holes_played": 9}).get_json()
    given_days_ago(app, check["code"], 29)
    credit = {"golf_rain_check": {"code": check["code"]}}
    body = sale_body(shop.line("BALLS"), shop.line("CART"), credit, payments=cash(500))
    answer = cashier_api.post("/api/v1/sales", json=body)
    assert answer.status_code == 201, answer.get_json()


def test_the_till_looks_a_rain_check_up_before_taking_it(
    app, shop, manager_api, cashier_api, admin_api, played
):
    """What the till's Rain check action asks first: usable (amount, last day), unknown,
    used or expired, each said."""
    url = f"/api/v1/golf/players/{played['id']}/rain-check"
    check = manager_api.post(url, json={"holes_played": 9}).get_json()
    found = cashier_api.get(f"/api/v1/golf/rain-checks/{check['code'].lower()}")
    assert found.status_code == 200
    assert (found.get_json()["amount"], found.get_json()["expires_on"]) == (
        4000,
        check["expires_on"],
    )
    assert cashier_api.get("/api/v1/golf/rain-checks/RC-NOPE").status_code == 404
    given_days_ago(app, check["code"], 400)
    expired = cashier_api.get(f"/api/v1/golf/rain-checks/{check['code']}")
    assert expired.status_code == 409
    assert expired.get_json()["error"]["code"] == "rain_check_expired"


def test_voiding_the_sale_of_a_rain_check_gives_the_rain_check_back(
    shop, manager_api, cashier_api, played
):
    """A credit line is not refunded alone (it gave money back): the sale that took the
    rain check off is voided, and the code can be used again."""
    url = f"/api/v1/golf/players/{played['id']}/rain-check"
    check = manager_api.post(url, json={"holes_played": 9}).get_json()
    credit = {"golf_rain_check": {"code": check["code"]}}
    body = sale_body(shop.line("BALLS"), shop.line("CART"), credit, payments=cash(500))
    sale = cashier_api.post("/api/v1/sales", json=body).get_json()
    assert cashier_api.get(f"/api/v1/golf/rain-checks/{check['code']}").status_code == 404
    answer = manager_api.post(f"/api/v1/sales/{sale['id']}/void", json={"id": str(uuid.uuid4())})
    assert answer.status_code == 201, answer.get_json()
    assert cashier_api.get(f"/api/v1/golf/rain-checks/{check['code']}").status_code == 200
