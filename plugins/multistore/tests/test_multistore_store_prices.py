"""Store prices are real prices (issue 14): higher or lower than the catalog's, charged
at the store's registers online and offline, kept as the line's price on receipts and
refunds."""

from __future__ import annotations

import pytest
from multistore_helpers import ok

from core.testing import offline_sale_body, refund, sell

pytestmark = pytest.mark.comptoir_plugins("multistore")


def _set_price(admin_api, shops, sku, price):
    path = f"/api/v1/stores/{shops.store_b['id']}/prices/{shops.shop[sku]}"
    return ok(admin_api.put(path, json={"price": price}), 200)


def test_a_store_price_above_the_catalog_is_charged_at_its_registers_only(shops, admin_api, api_as):
    _set_price(admin_api, shops, "MUG", 950)  # the catalog says 8.00
    at_b = sell(shops.cashier_b, shops.shop.line("MUG", 2), register_id=shops.register_b)
    assert (at_b["subtotal"], at_b["discount_total"], at_b["total"]) == (1900, 0, 1900)
    assert at_b["lines"][0]["unit_price"] == 950
    at_a = sell(api_as("cashier"), shops.shop.line("MUG", 2))
    assert at_a["total"] == 1600


def test_a_store_price_below_the_catalog_is_the_lines_price_not_a_discount(shops, admin_api):
    _set_price(admin_api, shops, "MUG", 650)
    at_b = sell(shops.cashier_b, shops.shop.line("MUG"), register_id=shops.register_b)
    assert (at_b["lines"][0]["unit_price"], at_b["discount_total"], at_b["total"]) == (650, 0, 650)


def test_receipts_and_refunds_keep_the_store_price(shops, admin_api):
    _set_price(admin_api, shops, "MUG", 950)
    sale = sell(shops.cashier_b, shops.shop.line("MUG", 2), register_id=shops.register_b)
    text = shops.cashier_b.get(f"/api/v1/sales/{sale['id']}/receipt?format=text")
    text = text.get_data(as_text=True)
    assert "9.50" in text and "19.00" in text and "8.00" not in text
    # The price changes back: a refund gives what was paid, not today's price.
    _set_price(admin_api, shops, "MUG", None)
    done = ok(refund(shops.manager_b, sale, [(0, 1)], [{"method": "cash", "amount": 950}]), 201)
    assert done["total"] == 950


def test_the_till_gets_its_registers_prices(shops, admin_api, api_as, roleless_api):
    _set_price(admin_api, shops, "MUG", 950)
    path = f"/api/v1/registers/{shops.register_b}/shelf-prices"
    assert ok(shops.cashier_b.get(path), 200) == [{"product_id": shops.shop["MUG"], "price": 950}]
    assert ok(api_as("cashier").get("/api/v1/registers/1/shelf-prices"), 200) == []
    # Another store's register: refused to B's cashier, as its sales are.
    assert shops.cashier_b.get("/api/v1/registers/1/shelf-prices").status_code == 403
    assert api_as("cashier").get("/api/v1/registers/987654/shelf-prices").status_code == 404
    assert roleless_api.get(path).status_code == 403


def test_an_offline_sale_at_the_store_price_equals_the_servers(shops, admin_api):
    _set_price(admin_api, shops, "MUG", 950)
    online = ok(
        shops.cashier_b.post(
            "/api/v1/sales/quote",
            json={"register_id": shops.register_b, "lines": [shops.shop.line("MUG", 2)]},
        ),
        200,
    )
    line = {**shops.shop.line("MUG", 2), "unit_price": 950, "tax_rate": "20.0"}
    body = offline_sale_body(line, register_id=shops.register_b)
    recorded = ok(shops.cashier_b.post("/api/v1/sales", json=body), 201)
    for key in ("subtotal", "net_total", "tax_total", "total"):
        assert recorded[key] == online[key], key


def test_an_offline_sale_at_a_price_no_one_set_is_refused(shops, admin_api, api_as):
    _set_price(admin_api, shops, "MUG", 950)
    count = len(ok(admin_api.get("/api/v1/sales"), 200))
    for price, register, client in (
        (900, shops.register_b, shops.cashier_b),  # neither B's price nor the catalog's
        (950, 1, api_as("cashier")),  # B's price at A's register
    ):
        line = {**shops.shop.line("MUG"), "unit_price": price, "tax_rate": "20.0"}
        body = offline_sale_body(line, register_id=register)
        answer = client.post("/api/v1/sales", json=body)
        assert answer.status_code == 422, (price, register)
        assert answer.get_json()["error"]["code"] == "offline_price_unknown"
    assert len(ok(admin_api.get("/api/v1/sales"), 200)) == count
