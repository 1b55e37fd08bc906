"""Coupon codes (the plugin's part of the cart: ``plugin_data.promotions.coupons``) and
usage limits, including two tills using the last coupon at once."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from promotions_helpers import NOW, coupons, create, iso, quote, quote_body

from core.plugins import db
from core.testing import at_once, sale_body, sales_count, sell
from plugins.promotions.models import CustomerUse, Promotion

pytestmark = pytest.mark.comptoir_plugins("promotions")

#: Where a refused coupon is reported: the place in the body it was sent at.
FIRST = "plugin_data.promotions.coupons.0"


def _uses(app, promotion_id):
    with app.app_context():
        return db.session.get(Promotion, promotion_id).uses


def test_a_coupon_promotion_needs_its_code(shop, manager_api):
    """Without the code nothing; with it, whatever its case, the promotion applies."""
    create(manager_api, name="Summer", coupon_code="SUMMER24", value="20")
    (tea,) = quote(manager_api, shop.line("TEA"))["lines"]
    assert tea["adjustments"] == []
    (tea,) = quote(manager_api, shop.line("TEA"), **coupons(" summer24 "))["lines"]
    assert [(a["label"], a["amount"]) for a in tea["adjustments"]] == [("Summer", 80)]


def test_the_sale_keeps_its_coupons(shop, manager_api, cashier_api):
    """The coupons stay on the sale as the till sent them, in its plugin data."""
    create(manager_api, name="Summer", coupon_code="SUMMER24", value="20")
    sale = sell(cashier_api, shop.line("TEA"), **coupons("summer24"))
    assert sale["plugin_data"] == {"promotions": {"coupons": ["summer24"]}}
    assert sale["lines"][0]["adjustments"][0]["label"] == "Summer"
    again = cashier_api.get(f"/api/v1/sales/{sale['id']}").get_json()
    assert again["plugin_data"] == sale["plugin_data"]


def test_an_unknown_coupon_is_refused_in_the_quote(shop, manager_api):
    response = manager_api.post(
        "/api/v1/sales/quote", json=quote_body(shop.line("TEA"), **coupons("NOPE"))
    )
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "invalid_coupon"
    assert error["fields"] == {FIRST: ["NOPE: unknown coupon"]}


def test_the_refusal_names_the_coupon_as_it_was_typed(shop, manager_api):
    """Among several coupons, the error points at the one refused (its place in the list),
    so that a till shows it on that coupon."""
    create(manager_api, coupon_code="GOOD")
    response = manager_api.post(
        "/api/v1/sales/quote", json=quote_body(shop.line("TEA"), **coupons("good", " nope "))
    )
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {
        "plugin_data.promotions.coupons.1": ["NOPE: unknown coupon"]
    }


@pytest.mark.parametrize(
    "data",
    [
        {"coupons": "SUMMER"},
        {"coupons": [""]},
        {"coupons": ["x" * 65]},
        {"coupons": [f"C{i}" for i in range(21)]},
        {"coupons": [1]},
        {"codes": ["SUMMER"]},
    ],
)
def test_coupons_are_checked_as_before(shop, cashier_api, data):
    """Up to 20 codes of 1 to 64 characters; a bad list is a 422 at its place."""
    body = sale_body(shop.line("TEA"), plugin_data={"promotions": data})
    response = cashier_api.post("/api/v1/sales", json=body)
    assert response.status_code == 422
    assert "promotions" in response.get_json()["error"]["fields"]["plugin_data"]
    assert sales_count(cashier_api) == 0


def test_coupons_are_no_longer_a_field_of_the_cart(shop, cashier_api):
    response = cashier_api.post("/api/v1/sales", json=sale_body(shop.line("TEA"), coupons=["X"]))
    assert response.status_code == 422


def test_an_unknown_coupon_refuses_the_sale_and_writes_nothing(app, shop, cashier_api):
    response = cashier_api.post(
        "/api/v1/sales", json=sale_body(shop.line("TEA"), **coupons("NOPE"))
    )
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {FIRST: ["NOPE: unknown coupon"]}
    assert sales_count(cashier_api) == 0


def test_an_expired_coupon_is_refused(app, shop, manager_api, cashier_api):
    create(
        manager_api,
        coupon_code="OLD",
        starts_at=iso(NOW - dt.timedelta(days=9)),
        ends_at=iso(NOW - dt.timedelta(days=2)),
    )
    response = cashier_api.post("/api/v1/sales", json=sale_body(shop.line("TEA"), **coupons("old")))
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {FIRST: ["OLD: this coupon has expired"]}
    assert sales_count(cashier_api) == 0


def test_a_coupon_not_valid_yet_is_refused(shop, manager_api):
    create(
        manager_api,
        coupon_code="SOON",
        starts_at=iso(NOW + dt.timedelta(days=1)),
        ends_at=iso(NOW + dt.timedelta(days=2)),
    )
    response = manager_api.post(
        "/api/v1/sales/quote", json=quote_body(shop.line("TEA"), **coupons("SOON"))
    )
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {FIRST: ["SOON: this coupon is not valid yet"]}


def test_total_uses_are_limited(app, shop, manager_api, cashier_api):
    """``max_uses`` 2: two sales get it, the third is refused, nothing of it written."""
    promotion = create(manager_api, coupon_code="TWICE", max_uses=2)
    for _ in range(2):
        sell(cashier_api, shop.line("TEA"), **coupons("TWICE"))
    third = cashier_api.post("/api/v1/sales", json=sale_body(shop.line("TEA"), **coupons("TWICE")))
    assert third.status_code == 422
    assert third.get_json()["error"]["fields"] == {FIRST: ["TWICE: has been used up"]}
    assert (sales_count(cashier_api), _uses(app, promotion["id"])) == (2, 2)


def test_a_sale_without_a_promotion_does_not_count_a_use(app, shop, manager_api, cashier_api):
    promotion = create(manager_api, product_ids=[shop["TEA"]], max_uses=5)
    sell(cashier_api, shop.line("CAKE"))
    assert _uses(app, promotion["id"]) == 0


def test_uses_per_customer_are_limited(app, shop, manager_api, cashier_api):
    """Once per customer: customer 7 uses it once; customer 8 still can."""
    create(manager_api, coupon_code="WELCOME", max_uses_per_customer=1)
    sell(cashier_api, shop.line("TEA"), **coupons("WELCOME"), customer_id=7)
    again = cashier_api.post(
        "/api/v1/sales", json=sale_body(shop.line("TEA"), **coupons("WELCOME"), customer_id=7)
    )
    assert again.status_code == 422
    sell(cashier_api, shop.line("TEA"), **coupons("WELCOME"), customer_id=8)
    anonymous = cashier_api.post(
        "/api/v1/sales", json=sale_body(shop.line("TEA"), **coupons("WELCOME"))
    )
    assert anonymous.status_code == 422
    assert "needs a customer" in anonymous.get_json()["error"]["fields"][FIRST][0]


def test_concurrent_sales_never_exceed_the_limit(app, shop, manager_api, api_as, cashier_api):
    """Eight tills use a coupon limited to 3 at the same instant: exactly 3 sales get it,
    the others are refused, and the counter says 3."""
    promotion = create(manager_api, coupon_code="RUSH", max_uses=3)
    clients = [api_as("cashier") for _ in range(8)]
    bodies = [sale_body(shop.line("TEA"), **coupons("RUSH")) for _ in range(8)]
    answers = at_once(8, lambda i: clients[i].post("/api/v1/sales", json=bodies[i]))
    assert sorted(answer.status_code for answer in answers) == [201] * 3 + [422] * 5
    assert (sales_count(cashier_api), _uses(app, promotion["id"])) == (3, 3)


def test_concurrent_sales_of_one_customer_never_exceed_their_limit(app, shop, manager_api, api_as):
    """One customer at six tills at once, a coupon once per customer: one sale gets it."""
    create(manager_api, coupon_code="ONCE", max_uses_per_customer=1)
    clients = [api_as("cashier") for _ in range(6)]
    bodies = [sale_body(shop.line("TEA"), **coupons("ONCE"), customer_id=42) for _ in range(6)]
    answers = at_once(6, lambda i: clients[i].post("/api/v1/sales", json=bodies[i]))
    assert sorted(answer.status_code for answer in answers) == [201] + [422] * 5
    with app.app_context():
        assert db.session.scalars(sa.select(CustomerUse.uses)).one() == 1
