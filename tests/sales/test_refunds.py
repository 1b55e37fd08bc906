"""Refunds and voids: against the original lines, never more than was sold."""

from __future__ import annotations

import uuid
from decimal import Decimal

from sale_helpers import counts, sale_body

from core.db import db


def _sell(cashier_api, shop):
    body = sale_body(
        {"barcode": "3017620422003", "quantity": 3},
        {"product_id": shop["CROISSANT"], "quantity": 2},
        payments=[{"method": "cash", "amount": 2000}],
    )
    return cashier_api.post("/api/v1/sales", json=body).get_json()


def _refund(api, sale, lines, payments, refund_id=None):
    return api.post(
        f"/api/v1/sales/{sale['id']}/refund",
        json={"id": refund_id or str(uuid.uuid4()), "lines": lines, "payments": payments},
    )


def test_partial_refund_gives_stock_and_money_back(app, shop, cashier_api, manager_api):
    from core.stock.models import StockLevel

    sale = _sell(cashier_api, shop)
    coffee = sale["lines"][0]
    response = _refund(
        manager_api,
        sale,
        [{"line_id": coffee["id"], "quantity": 1}],
        [{"method": "cash", "amount": 250}],
    )
    assert response.status_code == 201, response.get_json()
    refund = response.get_json()
    assert (refund["total"], refund["tax"] if "tax" in refund else refund["tax_total"]) == (250, 42)
    assert refund["number"] == 2 and refund["sale_id"] == sale["id"]
    with app.app_context():
        assert db.session.get(StockLevel, (shop["COFFEE"], 1)).quantity == Decimal("98")
    again = cashier_api.get(f"/api/v1/sales/{sale['id']}").get_json()
    assert again["lines"][0]["refunded_quantity"] == "1"
    assert again["refunds"][0]["id"] == refund["id"]


def test_refund_beyond_what_was_sold_is_refused(app, shop, cashier_api, manager_api):
    sale = _sell(cashier_api, shop)
    coffee = sale["lines"][0]
    assert (
        _refund(
            manager_api,
            sale,
            [{"line_id": coffee["id"], "quantity": 2}],
            [{"method": "cash", "amount": 500}],
        ).status_code
        == 201
    )
    before = counts(app)
    response = _refund(
        manager_api,
        sale,
        [{"line_id": coffee["id"], "quantity": 2}],
        [{"method": "cash", "amount": 500}],
    )
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "refund_exceeds_sale"
    assert counts(app) == before


def test_refund_in_parts_gives_back_exactly_the_line_total(shop, cashier_api, manager_api):
    """Pro rata parts round; the last part takes what remains, so nothing drifts."""
    sale = cashier_api.post(
        "/api/v1/sales",
        json=sale_body({"barcode": "3017620422003", "quantity": 3, "discount_amount": 1}),
    ).get_json()
    line = sale["lines"][0]
    assert line["total"] == 749
    totals = []
    for amount in (250, 250, 249):
        response = _refund(
            manager_api,
            sale,
            [{"line_id": line["id"], "quantity": 1}],
            [{"method": "card", "amount": amount}],
        )
        assert response.status_code == 201, response.get_json()
        totals.append(response.get_json()["total"])
    assert sum(totals) == 749


def test_refund_payments_must_match(app, shop, cashier_api, manager_api):
    sale = _sell(cashier_api, shop)
    before = counts(app)
    response = _refund(
        manager_api,
        sale,
        [{"line_id": sale["lines"][0]["id"], "quantity": 1}],
        [{"method": "cash", "amount": 999}],
    )
    assert response.status_code == 422
    assert counts(app) == before


def test_refund_of_a_line_of_another_sale_is_refused(shop, cashier_api, manager_api):
    first, second = _sell(cashier_api, shop), _sell(cashier_api, shop)
    response = _refund(
        manager_api,
        first,
        [{"line_id": second["lines"][0]["id"], "quantity": 1}],
        [{"method": "cash", "amount": 250}],
    )
    assert response.status_code == 422


def test_refund_is_idempotent(app, shop, cashier_api, manager_api):
    sale = _sell(cashier_api, shop)
    refund_id = str(uuid.uuid4())
    lines = [{"line_id": sale["lines"][0]["id"], "quantity": 1}]
    first = _refund(manager_api, sale, lines, [{"method": "cash", "amount": 250}], refund_id)
    second = _refund(manager_api, sale, lines, [{"method": "cash", "amount": 250}], refund_id)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.get_json() == second.get_json()


def test_cashier_cannot_refund(shop, cashier_api):
    sale = _sell(cashier_api, shop)
    response = _refund(
        cashier_api,
        sale,
        [{"line_id": sale["lines"][0]["id"], "quantity": 1}],
        [{"method": "cash", "amount": 250}],
    )
    assert response.status_code == 403


def test_void_cancels_everything(app, shop, cashier_api, manager_api):
    from core.stock.models import StockLevel

    sale = _sell(cashier_api, shop)
    response = manager_api.post(
        f"/api/v1/sales/{sale['id']}/void",
        json={"id": str(uuid.uuid4()), "reason": "wrong customer"},
    )
    assert response.status_code == 201, response.get_json()
    void = response.get_json()
    assert void["kind"] == "void" and void["total"] == sale["total"]
    assert sum(p["amount"] for p in void["payments"]) == sale["total"]
    assert cashier_api.get(f"/api/v1/sales/{sale['id']}").get_json()["status"] == "voided"
    with app.app_context():
        assert db.session.get(StockLevel, (shop["COFFEE"], 1)).quantity == Decimal("100")
    again = manager_api.post(f"/api/v1/sales/{sale['id']}/void", json={"id": str(uuid.uuid4())})
    assert again.status_code == 409
