"""A register priced otherwise than the shop (``pos_store_of_register`` pricing settings,
``pos_shelf_prices``), as a plugin with several shops makes it: the sample plugin
``fences`` gives register 2 prices without tax, cash rounded to 0.05, and product 1 (TEA,
3.00 in the catalog) at 4.49."""

from __future__ import annotations

import pytest

from core.testing import Item, make_shop, offline_sale_body, open_register, sell

pytestmark = [
    pytest.mark.comptoir_extra_plugins("fences=sample_plugins.fences"),
    pytest.mark.comptoir_plugins("fences"),
]


@pytest.fixture
def two_tills(admin_api):
    shop = make_shop(admin_api, [Item("TEA", 300), Item("CAKE", 500)])
    assert shop["TEA"] == 1
    made = admin_api.post("/api/v1/registers", json={"code": "R2", "name": "Second"})
    assert made.get_json()["id"] == 2
    open_register(admin_api, 2)
    return shop


def test_a_sale_is_priced_with_its_registers_settings_and_prices(two_tills, admin_api):
    at_two = sell(admin_api, two_tills.line("TEA"), register_id=2)
    # 4.49 + 20 % (0.898 -> 0.90) = 5.39, paid in cash as 5.40.
    assert at_two["lines"][0]["unit_price"] == 449
    assert (at_two["prices_include_tax"], at_two["tax_total"], at_two["total"]) == (False, 90, 539)
    assert at_two["rounding"] == 1
    at_one = sell(admin_api, two_tills.line("TEA"))
    assert (at_one["prices_include_tax"], at_one["total"], at_one["rounding"]) == (True, 300, 0)


def test_the_till_reads_its_registers_pricing_and_prices(two_tills, admin_api):
    registers = {r["id"]: r for r in admin_api.get("/api/v1/registers").get_json()}
    assert registers[2]["pricing"] == {
        "prices_include_tax": False,
        "tax_rounding": "line",
        "cash_rounding": 5,
    }
    assert registers[1]["pricing"]["prices_include_tax"] is True
    prices = admin_api.get("/api/v1/registers/2/shelf-prices").get_json()
    assert prices == [{"product_id": 1, "price": 449}]
    assert admin_api.get("/api/v1/registers/1/shelf-prices").get_json() == []


def test_an_offline_sale_at_the_registers_price_is_recorded_as_online(two_tills, admin_api):
    online = admin_api.post(
        "/api/v1/sales/quote", json={"register_id": 2, "lines": [two_tills.line("TEA", 2)]}
    ).get_json()
    line = {**two_tills.line("TEA", 2), "unit_price": 449, "tax_rate": "20.0"}
    answer = admin_api.post("/api/v1/sales", json=offline_sale_body(line, register_id=2))
    assert answer.status_code == 201, answer.get_json()
    recorded = answer.get_json()
    for key in ("subtotal", "net_total", "tax_total", "total"):
        assert recorded[key] == online[key], key
    # Register 1 never had that price: refused, nothing recorded.
    refused = admin_api.post("/api/v1/sales", json=offline_sale_body(line, register_id=1))
    assert refused.status_code == 422
    assert refused.get_json()["error"]["code"] == "offline_price_unknown"
