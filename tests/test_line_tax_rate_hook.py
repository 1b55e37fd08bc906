"""``pos_line_tax_rate``: a plugin taxes a line at another rate than its product's (the
restaurant's take-away rates); the quote and the sale both use it, and a rate out of range
cannot price the cart."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from core.testing import Item, make_shop

pytestmark = [
    pytest.mark.comptoir_extra_plugins("taxaway=sample_plugins.taxaway"),
    pytest.mark.comptoir_plugins("taxaway"),
]


@pytest.fixture
def shop(manager_api):
    return make_shop(
        manager_api,
        [
            Item("EXPORT-WINE", 1200, "20.0"),
            Item("BREAD", 300, "5.5"),
            Item("BROKEN-CUP", 500, "20.0"),
        ],
    )


def _lines(*products):
    return [{"product_id": product, "quantity": "1"} for product in products]


def test_the_plugins_rate_prices_the_quote_and_the_sale(shop, cashier_api):
    body = {"register_id": 1, "lines": _lines(shop["EXPORT-WINE"], shop["BREAD"])}
    quoted = cashier_api.post("/api/v1/sales/quote", json=body).get_json()
    assert [Decimal(line["tax_rate"]) for line in quoted["lines"]] == [0, Decimal("5.5")]
    assert quoted["lines"][0]["tax"] == 0 and quoted["lines"][0]["total"] == 1200
    sale = cashier_api.post(
        "/api/v1/sales",
        json={**body, "id": str(uuid.uuid4()), "payments": [{"method": "cash", "amount": 1500}]},
    )
    assert sale.status_code == 201, sale.get_json()
    wine = sale.get_json()["lines"][0]
    assert Decimal(wine["tax_rate"]) == 0 and wine["tax"] == 0
    taxes = {Decimal(row["rate"]) for row in sale.get_json()["taxes"]}
    assert Decimal(20) not in taxes


def test_a_rate_out_of_range_cannot_price_the_cart(shop, cashier_api):
    body = {"register_id": 1, "lines": _lines(shop["BROKEN-CUP"])}
    answer = cashier_api.post("/api/v1/sales/quote", json=body)
    assert answer.status_code == 422 and answer.get_json()["error"]["code"] == "cannot_price"
