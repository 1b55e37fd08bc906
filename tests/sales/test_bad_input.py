"""Every kind of bad sale input gets a clear 4xx, and nothing is written."""

from __future__ import annotations

import json

import pytest
from sale_helpers import counts, sale_body

COFFEE = {"barcode": "3017620422003", "quantity": 1}


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        (
            lambda b: b["lines"].__setitem__(0, {"barcode": "0000000000000", "quantity": 1}),
            422,
            "invalid_lines",
        ),
        (lambda b: b["lines"][0].__setitem__("quantity", "two"), 422, "invalid"),
        (lambda b: b["lines"][0].__setitem__("quantity", 0), 422, "invalid"),
        (lambda b: b["lines"][0].__setitem__("quantity", "-1"), 422, "invalid"),
        (lambda b: b["lines"][0].__setitem__("quantity", "1e9"), 422, "invalid"),
        (lambda b: b["lines"][0].__setitem__("quantity", "1.0001"), 422, "invalid"),
        (lambda b: b["lines"][0].__setitem__("quantity", True), 422, "invalid"),
        (
            lambda b: b.__setitem__("payments", [{"method": "cash", "amount": 100}]),
            422,
            "short_payment",
        ),
        (
            lambda b: b.__setitem__("payments", [{"method": "bitcoin", "amount": 1000}]),
            422,
            "unknown_method",
        ),
        (lambda b: b.__setitem__("payments", [{"method": "cash", "amount": 2.5}]), 422, "invalid"),
        (
            lambda b: b.__setitem__("payments", [{"method": "cash", "amount": "250"}]),
            422,
            "invalid",
        ),
        (
            lambda b: b.__setitem__("payments", [{"method": "card", "amount": 5000}]),
            422,
            "overpaid",
        ),
        (lambda b: b.__setitem__("payments", []), 422, "short_payment"),
        (lambda b: b.__setitem__("lines", []), 422, "invalid"),
        (lambda b: b.__setitem__("id", "not-a-uuid"), 422, "invalid"),
        (lambda b: b.__setitem__("register_id", 99), 422, "unknown_register"),
        (lambda b: b.__setitem__("register_id", "1"), 422, "invalid"),
        (
            lambda b: b["lines"].__setitem__(0, {"product_id": 999999, "quantity": 1}),
            422,
            "invalid_lines",
        ),
        (lambda b: b["lines"].__setitem__(0, {"quantity": 1}), 422, "invalid"),
        (lambda b: b["lines"][0].__setitem__("discount_percent", "150"), 422, "invalid"),
        (lambda b: b.__setitem__("surprise", 1), 422, "invalid"),
    ],
)
def test_bad_sale_is_refused_and_nothing_written(app, shop, cashier_api, change, status, code):
    before = counts(app)
    body = sale_body(dict(COFFEE))
    change(body)
    response = cashier_api.post("/api/v1/sales", json=body)
    assert response.status_code == status, response.get_json()
    assert response.get_json()["error"]["code"] == code
    assert counts(app) == before


def test_malformed_json(app, shop, cashier_api):
    before = counts(app)
    response = cashier_api.post("/api/v1/sales", data='{"id": ', content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_json"
    response = cashier_api.post(
        "/api/v1/sales", data=json.dumps([1, 2]), content_type="application/json"
    )
    assert response.status_code == 400
    response = cashier_api.post("/api/v1/sales", data="id=1")
    assert response.status_code == 415
    assert counts(app) == before


def test_bad_ids_in_urls(shop, cashier_api):
    assert cashier_api.get("/api/v1/sales/not-a-uuid").status_code == 404
    missing = cashier_api.get("/api/v1/sales/9b2f4b7e-1d1c-4a5e-9a55-6f6f1f1f1f1f")
    assert missing.status_code == 404
    assert missing.get_json()["error"]["code"] == "not_found"


def test_quote_writes_nothing(app, shop, cashier_api):
    before = counts(app)
    body = sale_body({"barcode": "3017620422003", "quantity": 3})
    del body["id"], body["payments"]
    quote = cashier_api.post("/api/v1/sales/quote", json=body)
    assert quote.status_code == 200
    assert quote.get_json()["total"] == 750
    assert counts(app) == before
