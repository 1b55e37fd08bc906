"""Completing sales through POST /api/v1/sales: totals, taxes, payments, idempotency."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sale_helpers import counts, sale_body

from core.db import db


def test_inclusive_totals_and_tax_breakdown(shop, cashier_api):
    """Prices include tax: each line's tax is half-up on the line; one tax row per rate."""
    body = sale_body(
        {"barcode": "3017620422003", "quantity": "2"},
        {"product_id": shop["CROISSANT"], "quantity": 3},
        payments=[{"method": "cash", "amount": 1000}],
    )
    response = cashier_api.post("/api/v1/sales", json=body)
    assert response.status_code == 201, response.get_json()
    sale = response.get_json()
    assert sale["status"] == "completed"
    assert (sale["total"], sale["tax_total"], sale["net_total"]) == (860, 102, 758)
    assert sale["change"] == 140 and sale["paid_total"] == 1000
    assert sale["taxes"] == [
        {"rate": "5.5", "base": 341, "tax": 19, "total": 360},
        {"rate": "20.0", "base": 417, "tax": 83, "total": 500},
    ]
    coffee = sale["lines"][0]
    assert (coffee["quantity"], coffee["unit_price"], coffee["total"], coffee["tax"]) == (
        "2",
        250,
        500,
        83,
    )
    assert sale["number"] == 1 and sale["receipt_number"] == "R1-000001"


def test_exclusive_totals(app, shop, cashier_api, admin_api):
    """Prices without tax: tax is added per line, the total is net plus tax."""
    assert (
        admin_api.patch("/api/v1/settings/store", json={"prices_include_tax": False}).status_code
        == 200
    )
    body = sale_body(
        {"barcode": "3017620422003", "quantity": "2"},
        {"product_id": shop["CROISSANT"], "quantity": 3},
    )
    sale = cashier_api.post("/api/v1/sales", json=body).get_json()
    assert (sale["net_total"], sale["tax_total"], sale["total"]) == (860, 120, 980)
    assert sale["taxes"] == [
        {"rate": "5.5", "base": 360, "tax": 20, "total": 380},
        {"rate": "20.0", "base": 500, "tax": 100, "total": 600},
    ]
    assert sale["prices_include_tax"] is False


def test_weighed_quantity_with_three_decimals(shop, cashier_api):
    """Goods sold by weight take up to 3 decimals: 0.347 kg at 18.90 is 6.56."""
    sale = cashier_api.post(
        "/api/v1/sales", json=sale_body({"product_id": shop["CHEESE"], "quantity": "0.347"})
    ).get_json()
    assert sale["total"] == 656 and sale["lines"][0]["quantity"] == "0.347"


def test_unit_product_refuses_fractional_quantity(app, shop, cashier_api):
    before = counts(app)
    response = cashier_api.post(
        "/api/v1/sales", json=sale_body({"product_id": shop["COFFEE"], "quantity": "1.5"})
    )
    assert response.status_code == 422
    assert "lines.0.quantity" in response.get_json()["error"]["fields"]
    assert counts(app) == before


def test_cash_rounding_applies_to_cash(shop, cashier_api, admin_api):
    """With 5-cent cash rounding a 6.56 total paid in cash is 6.55; by card it is exact."""
    admin_api.patch("/api/v1/settings/store", json={"cash_rounding": 5})
    cheese = {"product_id": shop["CHEESE"], "quantity": "0.347"}
    cash = cashier_api.post(
        "/api/v1/sales", json=sale_body(cheese, payments=[{"method": "cash", "amount": 1000}])
    ).get_json()
    assert (cash["total"], cash["rounding"], cash["change"]) == (656, -1, 345)
    card = cashier_api.post(
        "/api/v1/sales",
        json=sale_body(
            cheese, payments=[{"method": "card", "amount": 656, "fields": {"last4": "4242"}}]
        ),
    ).get_json()
    assert (card["rounding"], card["change"]) == (0, 0)
    mixed = cashier_api.post(
        "/api/v1/sales",
        json=sale_body(
            cheese, payments=[{"method": "card", "amount": 500}, {"method": "cash", "amount": 155}]
        ),
    ).get_json()
    assert (mixed["rounding"], mixed["change"], mixed["paid_total"]) == (-1, 0, 655)


def test_split_payment_cash_and_card(app, shop, cashier_api):
    """Split tenders: the card pays part, cash the rest with change; only the last four
    digits and the terminal reference of the card are kept."""
    sale = cashier_api.post(
        "/api/v1/sales",
        json=sale_body(
            {"barcode": "3017620422003", "quantity": 4},
            payments=[
                {
                    "method": "card",
                    "amount": 600,
                    "fields": {"last4": "4242", "reference": "AUTH77"},
                },
                {"method": "cash", "amount": 500},
            ],
        ),
    ).get_json()
    assert sale["total"] == 1000 and sale["change"] == 100
    assert sale["payments"][0] == {
        "method": "card",
        "amount": 600,
        "fields": {"reference": "AUTH77", "last4": "4242"},
        "data": {},
    }


def test_a_card_number_is_refused(app, shop, cashier_api):
    """A full card number is never accepted, in any field."""
    before = counts(app)
    line = {"barcode": "3017620422003", "quantity": 1}
    for payment, where in (
        (
            {"method": "card", "amount": 250, "fields": {"reference": "4242 4242 4242 4242"}},
            "reference",
        ),
        ({"method": "card", "amount": 250, "fields": {"pan": "4242424242424242"}}, "pan"),
        ({"method": "card", "amount": 250, "card_number": "4242424242424242"}, None),
        ({"method": "card", "amount": 250, "fields": {"last4": "424242"}}, "last4"),
    ):
        response = cashier_api.post("/api/v1/sales", json=sale_body(line, payments=[payment]))
        assert response.status_code == 422, payment
        if where:
            fields = response.get_json()["error"]["fields"]
            assert where in fields["payments"]["0"]["fields"], fields
    assert counts(app) == before


def test_stock_moves_with_the_sale(app, shop, cashier_api):
    from core.stock.models import StockLevel, StockMovement

    sale = cashier_api.post(
        "/api/v1/sales", json=sale_body({"barcode": "3017620422003", "quantity": 2})
    ).get_json()
    with app.app_context():
        level = db.session.get(StockLevel, (shop["COFFEE"], 1))
        assert level.quantity == Decimal("98")
        movement = db.session.scalar(
            sa.select(StockMovement).where(StockMovement.reference == sale["id"])
        )
        assert (movement.delta, movement.reason) == (Decimal("-2"), "sale")


def test_same_sale_posted_twice_sells_once(app, shop, cashier_api):
    """A retried request answers 200 with the sale that was made."""
    body = sale_body({"barcode": "3017620422003", "quantity": 1})
    first = cashier_api.post("/api/v1/sales", json=body)
    second = cashier_api.post("/api/v1/sales", json=body)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.get_json() == second.get_json()
    assert counts(app)["sales"] == 1 and counts(app)["stock"][0] == "99.000"


def test_get_sale_and_list(shop, cashier_api, manager_api):
    made = [
        cashier_api.post(
            "/api/v1/sales", json=sale_body({"barcode": "3017620422003", "quantity": 1})
        ).get_json()
        for _ in range(3)
    ]
    one = cashier_api.get(f"/api/v1/sales/{made[1]['id']}")
    assert one.status_code == 200 and one.get_json()["number"] == 2
    listed = cashier_api.get("/api/v1/sales?limit=2")
    assert listed.headers["X-Total-Count"] == "3"
    assert [s["number"] for s in listed.get_json()] == [3, 2]
    found = cashier_api.get("/api/v1/sales?receipt=R1-000001").get_json()
    assert [s["id"] for s in found] == [made[0]["id"]]
    assert cashier_api.get("/api/v1/sales?receipt=nonsense").get_json() == []
    # ``from`` (a Python keyword, declared with a data_key) and ``to`` filter by time.
    tomorrow = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).isoformat()
    yesterday = (dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).isoformat()
    later = cashier_api.get("/api/v1/sales", query_string={"from": tomorrow})
    assert later.status_code == 200 and later.get_json() == []
    today = cashier_api.get("/api/v1/sales", query_string={"from": yesterday, "to": tomorrow})
    assert today.headers["X-Total-Count"] == "3"
    earlier = cashier_api.get("/api/v1/sales", query_string={"to": yesterday})
    assert earlier.get_json() == []


def test_selling_needs_an_open_register(app, shop, cashier_api, manager_api):
    manager_api.post("/api/v1/registers/1/close", json={"counted_cash": 10000})
    before = counts(app)
    response = cashier_api.post(
        "/api/v1/sales", json=sale_body({"barcode": "3017620422003", "quantity": 1})
    )
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "register_closed"
    assert counts(app) == before


def test_payment_methods_listed(shop, cashier_api):
    codes = [m["code"] for m in cashier_api.get("/api/v1/payment-methods").get_json()]
    assert {"cash", "card"} <= set(codes)
