"""Money columns are 64-bit: amounts beyond 2^31 - 1 minor units (21 million euros, or a
few thousand dollars' worth of Indonesian rupiah cents) are sold, refunded, counted and
reported exactly. PostgreSQL's plain INTEGER stopped there with a 500."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

BIG_PRICE = 3_000_000_000  # above 2**31 - 1 on its own
LIMIT = 10**11  # the API's largest single amount (core.fields.MAX_MONEY)


@pytest.fixture
def big_product(manager_api) -> dict:
    response = manager_api.post(
        "/api/v1/products",
        json={"sku": "VILLA", "name": "Villa", "price": BIG_PRICE, "tax_rate": "20", "stock": 5},
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_a_sale_a_refund_and_the_z_report_beyond_32_bits(
    manager_api, cashier_api, register_id, big_product
):
    opening_float = 4_000_000_000
    opened = manager_api.post(
        f"/api/v1/registers/{register_id}/open", json={"float": opening_float}
    )
    assert opened.status_code == 201, opened.get_json()
    body = {
        "id": str(uuid.uuid4()),
        "register_id": register_id,
        "lines": [{"product_id": big_product["id"], "quantity": 2}],
        "payments": [{"method": "cash", "amount": 7_000_000_000}],
    }
    response = cashier_api.post("/api/v1/sales", json=body)
    assert response.status_code == 201, response.get_json()
    sale = response.get_json()
    assert sale["total"] == 2 * BIG_PRICE
    assert sale["change"] == 1_000_000_000
    assert sale["tax_total"] == 1_000_000_000  # 20 % included in 6,000,000,000

    refund = manager_api.post(
        f"/api/v1/sales/{sale['id']}/refund",
        json={
            "id": str(uuid.uuid4()),
            "lines": [{"line_id": sale["lines"][0]["id"], "quantity": 1}],
            "payments": [{"method": "cash", "amount": BIG_PRICE}],
        },
    )
    assert refund.status_code == 201, refund.get_json()
    assert refund.get_json()["total"] == BIG_PRICE

    expected_cash = opening_float + 2 * BIG_PRICE - BIG_PRICE
    z = manager_api.post(
        f"/api/v1/registers/{register_id}/close", json={"counted_cash": expected_cash}
    )
    assert z.status_code == 200, z.get_json()
    report = z.get_json()
    assert (report["sales_total"], report["refunds_total"]) == (2 * BIG_PRICE, BIG_PRICE)
    assert report["over_short"] == 0

    today = dt.date.today()
    query = f"from={today - dt.timedelta(days=1)}&to={today + dt.timedelta(days=2)}&by=day"
    rows = manager_api.get(f"/api/v1/reports/sales?{query}").get_json()["rows"]
    assert sum(row["total"] for row in rows) == 2 * BIG_PRICE
    assert sum(row["refunds"]["amount"] for row in rows) == BIG_PRICE


def test_the_largest_line_of_the_largest_sale_fits(manager_api, cashier_api, register_id):
    """The API's bounds (amount 10^11, quantity 10^5, 500 lines) keep every total inside
    64 bits; the biggest single line goes through."""
    product = manager_api.post(
        "/api/v1/products",
        json={"sku": "MAX", "name": "Max", "price": LIMIT, "tax_rate": "20"},
    ).get_json()
    manager_api.post(f"/api/v1/registers/{register_id}/open", json={"float": 0})
    total = LIMIT * 100_000
    body = {
        "id": str(uuid.uuid4()),
        "register_id": register_id,
        "lines": [{"product_id": product["id"], "quantity": 100_000}],
        "payments": [{"method": "card", "amount": LIMIT, "fields": {"reference": "T1"}}],
    }
    response = cashier_api.post("/api/v1/sales", json=body)
    # One card payment cannot cover it: a clear 422, not an overflow.
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "short_payment"
    quote = cashier_api.post(
        "/api/v1/sales/quote", json={"register_id": register_id, "lines": body["lines"]}
    )
    assert quote.status_code == 200, quote.get_json()
    assert quote.get_json()["total"] == total
