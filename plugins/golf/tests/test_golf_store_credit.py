"""Rain checks as store credit: with gift cards enabled (golf's optional plugin), a rain
check is a gift card holding the share of the green fee, spent at any till like any gift
card; two tills spending it at once never spend more than it holds."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from golf_testing import booked, new_course, standard_rates

from core.plugins import db
from core.testing import Item, at_once, make_shop, sale_body
from plugins.giftcards.public import issue_store_credit, store_credit
from plugins.golf.models import RainCheck

pytestmark = pytest.mark.comptoir_plugins("golf", "giftcards")


@pytest.fixture
def shop(manager_api):
    return make_shop(manager_api, [Item("CART", 3000), Item("BALLS", 1500)])


@pytest.fixture
def given(shop, manager_api, cashier_api):
    """Bob paid 80.00 for 18 holes, played 9: his rain check, given as store credit."""
    course = new_course(manager_api)
    standard_rates(manager_api, course["id"])
    (bob,) = booked(cashier_api, course["id"], "09:00", "Bob")["players"]
    body = sale_body({"golf_green_fee": {"player_id": bob["id"]}}, payments=cash(8000))
    assert cashier_api.post("/api/v1/sales", json=body).status_code == 201
    url = f"/api/v1/golf/players/{bob['id']}/rain-check"
    answer = manager_api.post(url, json={"holes_played": 9})
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def cash(amount: int) -> list[dict]:
    return [{"method": "cash", "amount": amount}]


def gift_card(code: str, amount: int) -> list[dict]:
    return [{"method": "gift_card", "amount": amount, "fields": {"code": code}}]


def test_a_rain_check_is_a_gift_card_spent_at_the_till(app, shop, cashier_api, given):
    """40.00 of credit: balls (15.00) paid with it leaves 25.00; a cart (30.00) then
    takes the 25.00 and 5.00 cash. The rain check's own code is no credit line."""
    assert given["store_credit"] is True and given["amount"] == 4000
    code = given["code"]
    assert not code.startswith("RC-") and len(code.replace("-", "")) == 16
    balls = sale_body(shop.line("BALLS"), payments=gift_card(code, 1500))
    assert cashier_api.post("/api/v1/sales", json=balls).status_code == 201
    cart = sale_body(shop.line("CART"), payments=[*gift_card(code, 2500), *cash(500)])
    answer = cashier_api.post("/api/v1/sales", json=cart)
    assert answer.status_code == 201, answer.get_json()
    with app.app_context():
        check = db.session.scalars(sa.select(RainCheck)).one()
        assert store_credit(check.giftcard_id).balance == 0
        own = sale_body(shop.line("CART"), {"golf_rain_check": {"code": check.code}})
    assert cashier_api.post("/api/v1/sales", json=own).status_code == 422


def test_a_player_gets_one_rain_check_and_one_card(manager_api, given):
    url = f"/api/v1/golf/players/{given['player_id']}/rain-check"
    assert manager_api.post(url, json={"holes_played": 3}).status_code == 409
    cards = manager_api.get("/api/v1/gift-cards").get_json()
    assert [(c["balance"], c["sale_id"]) for c in cards] == [(4000, None)]
    ledger = manager_api.get(f"/api/v1/gift-cards/{given['code']}/ledger").get_json()
    assert [(e["kind"], e["amount"]) for e in ledger] == [("issue", 4000)]


def test_store_credit_is_issued_once_per_reference(app, shop):
    """A second call with the same reference gets the same card, without its code."""
    with app.app_context():
        first = issue_store_credit(1200, "test:once")
        again = issue_store_credit(1200, "test:once")
        db.session.commit()
        assert first.code and again.code is None
        assert (again.card_id, again.balance, again.last4) == (first.card_id, 1200, first.last4)
        assert store_credit(first.card_id).balance == 1200


def _two_tills(shop, api_as, code: str) -> list[int]:
    """Two tills pay a cart (30.00) each with the 40.00 credit at the same instant."""
    clients = [api_as("cashier") for _ in range(2)]
    bodies = [sale_body(shop.line("CART"), payments=gift_card(code, 3000)) for _ in range(2)]
    return [
        a.status_code
        for a in at_once(2, lambda i: clients[i].post("/api/v1/sales", json=bodies[i]))
    ]


@pytest.mark.postgresql
def test_two_tills_spend_one_rain_check_on_postgresql(app, shop, api_as, given):
    assert sorted(_two_tills(shop, api_as, given["code"])) == [201, 422]
    with app.app_context():
        check = db.session.scalars(sa.select(RainCheck)).one()
        assert store_credit(check.giftcard_id).balance == 1000


@pytest.mark.sqlite
def test_two_tills_spend_one_rain_check_on_sqlite(app, shop, api_as, given):
    assert sorted(_two_tills(shop, api_as, given["code"])) == [201, 422]
    with app.app_context():
        check = db.session.scalars(sa.select(RainCheck)).one()
        assert store_credit(check.giftcard_id).balance == 1000


def test_gift_cards_can_be_switched_off_under_golf(shop, admin_api, manager_api, cashier_api):
    """Gift cards are optional to golf: disabling them is not refused, and the next rain
    check is golf's own credit again."""
    assert admin_api.post("/api/v1/plugins/giftcards/disable").status_code == 200
    course = new_course(manager_api)
    standard_rates(manager_api, course["id"])
    (bob,) = booked(cashier_api, course["id"], "10:00", "Bob")["players"]
    body = sale_body({"golf_green_fee": {"player_id": bob["id"]}}, payments=cash(8000))
    assert cashier_api.post("/api/v1/sales", json=body).status_code == 201
    url = f"/api/v1/golf/players/{bob['id']}/rain-check"
    check = manager_api.post(url, json={"holes_played": 9}).get_json()
    assert check["store_credit"] is False and check["code"].startswith("RC-")
