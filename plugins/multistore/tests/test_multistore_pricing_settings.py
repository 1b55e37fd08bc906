"""A store's own pricing settings (issue 14): shelf prices with or without tax, tax
rounding and cash rounding per store; blank follows the shop. Store A keeps the shop's
(tax included, no cash rounding); store B adds tax to its prices and rounds cash to 0.05.
"""

from __future__ import annotations

import pytest
from multistore_helpers import ok

from core.testing import offline_sale_body, refund, sell

pytestmark = pytest.mark.comptoir_plugins("multistore")

#: B: prices without tax, its tax once per rate, cash to the nearest 0.05.
B_PRICING = {"prices_include_tax": False, "tax_rounding": "total", "cash_rounding": 5}


@pytest.fixture
def priced_shops(shops, admin_api):
    ok(admin_api.patch(f"/api/v1/stores/{shops.store_b['id']}", json=B_PRICING), 200)
    return shops


def _mug(shops, discount_amount=1):
    # 1 off a MUG (8.00 at 20 %): a net of 7.99, so the totals end in 9 and cash rounds.
    return shops.shop.line("MUG", discount_amount=discount_amount)


def test_each_store_prices_a_sale_its_own_way(priced_shops, api_as):
    shops = priced_shops
    at_b = sell(shops.cashier_b, _mug(shops), register_id=shops.register_b)
    # B: 7.99 plus 20 % tax (1.598 -> 1.60) = 9.59, paid in cash as 9.60.
    assert (at_b["prices_include_tax"], at_b["net_total"], at_b["tax_total"]) == (False, 799, 160)
    assert (at_b["total"], at_b["rounding"]) == (959, 1)
    assert at_b["change"] == 1_000_000 - 960
    assert [(t["base"], t["tax"]) for t in at_b["taxes"]] == [(799, 160)]
    at_a = sell(api_as("cashier"), _mug(shops))
    # A: the shop's settings, 7.99 tax included (1.3317 -> 1.33), cash to the cent.
    assert (at_a["prices_include_tax"], at_a["net_total"], at_a["tax_total"]) == (True, 666, 133)
    assert (at_a["total"], at_a["rounding"]) == (799, 0)


def test_a_quote_and_a_card_payment_follow_the_register(priced_shops, api_as):
    shops = priced_shops
    body = {"register_id": shops.register_b, "lines": [_mug(shops)]}
    quote = ok(shops.cashier_b.post("/api/v1/sales/quote", json=body), 200)
    assert (quote["total"], quote["cash_total"], quote["cash_rounding"]) == (959, 960, 1)
    quote_a = ok(
        api_as("cashier").post("/api/v1/sales/quote", json={**body, "register_id": 1}), 200
    )
    assert (quote_a["total"], quote_a["cash_total"]) == (799, 799)
    # A card pays the exact amount: only cash is rounded.
    by_card = sell(
        shops.cashier_b,
        _mug(shops),
        register_id=shops.register_b,
        payments=[{"method": "card", "amount": 959}],
    )
    assert (by_card["total"], by_card["rounding"], by_card["change"]) == (959, 0, 0)


def test_tax_rounding_per_store(priced_shops, admin_api, api_as):
    """Three mugs at 7.97 net each: 1.594 of tax each. Per line (A's, were its prices
    without tax) 1.59 x 3 = 4.77; once for the rate (B's) 4.782 -> 4.78."""
    shops = priced_shops
    ok(admin_api.patch("/api/v1/settings/store", json={"prices_include_tax": False}), 200)
    lines = [shops.shop.line("MUG", discount_amount=3) for _ in range(3)]
    at_a = sell(api_as("manager"), *lines)
    assert at_a["tax_total"] == 477
    at_b = sell(shops.manager_b, *lines, register_id=shops.register_b)
    assert at_b["tax_total"] == 478


def test_a_refund_gives_back_what_was_paid_in_the_stores_coins(priced_shops):
    shops = priced_shops
    sale = sell(shops.cashier_b, _mug(shops), register_id=shops.register_b)
    path = f"/api/v1/sales/{sale['id']}/refund/quote"
    wanted = {"lines": [{"line_id": sale["lines"][0]["id"], "quantity": 1}]}
    quoted = ok(shops.manager_b.post(path, json=wanted), 200)
    assert (quoted["total"], quoted["cash_total"]) == (959, 960)
    done = ok(refund(shops.manager_b, sale, [(0, 1)], [{"method": "cash", "amount": 960}]), 201)
    assert (done["total"], [p["amount"] for p in done["payments"]]) == (959, [960])


def test_a_refund_at_a_store_without_cash_rounding_gives_back_the_exact_amount(
    priced_shops, api_as
):
    shops = priced_shops
    sale = sell(api_as("cashier"), _mug(shops))
    manager = api_as("manager")
    # A has no cash rounding: 8.00 for a 7.99 refund is refused, 7.99 is handed back.
    assert refund(manager, sale, [(0, 1)], [{"method": "cash", "amount": 800}]).status_code == 422
    ok(refund(manager, sale, [(0, 1)], [{"method": "cash", "amount": 799}]), 201)


def test_an_offline_sale_is_recorded_as_the_registers_store_prices_it(priced_shops):
    """The till prices offline with its register's settings (the register's answer,
    below); the server records the offline sale with the same settings, so the figures
    the customer saw are the ones kept."""
    shops = priced_shops
    register = next(
        r for r in ok(shops.cashier_b.get("/api/v1/registers"), 200) if r["id"] == shops.register_b
    )
    assert register["pricing"] == {
        "prices_include_tax": False,
        "tax_rounding": "total",
        "cash_rounding": 5,
    }
    line = {**_mug(shops), "unit_price": 800, "tax_rate": "20.0"}
    body = offline_sale_body(
        line, register_id=shops.register_b, payments=[{"method": "cash", "amount": 960}]
    )
    recorded = ok(shops.cashier_b.post("/api/v1/sales", json=body), 201)
    online = ok(
        shops.cashier_b.post(
            "/api/v1/sales/quote", json={"register_id": shops.register_b, "lines": [_mug(shops)]}
        ),
        200,
    )
    for key in ("subtotal", "net_total", "tax_total", "total"):
        assert recorded[key] == online[key], key
    assert (recorded["rounding"], recorded["change"]) == (1, 0)


def test_a_receipt_shows_the_tax_added(priced_shops):
    shops = priced_shops
    sale = sell(shops.cashier_b, _mug(shops), register_id=shops.register_b)
    text = shops.cashier_b.get(f"/api/v1/sales/{sale['id']}/receipt?format=text")
    text = text.get_data(as_text=True)
    assert "9.59" in text and "9.60" in text and "1.60" in text


def test_blank_settings_follow_the_shop(priced_shops, admin_api):
    shops = priced_shops
    path = f"/api/v1/stores/{shops.store_b['id']}"
    blank = {key: None for key in B_PRICING}
    assert {k: ok(admin_api.patch(path, json=blank), 200)[k] for k in B_PRICING} == blank
    ok(admin_api.patch("/api/v1/settings/store", json={"cash_rounding": 10}), 200)
    at_b = sell(shops.cashier_b, _mug(shops), register_id=shops.register_b)
    assert (at_b["prices_include_tax"], at_b["total"], at_b["rounding"]) == (True, 799, 1)


def test_bad_pricing_settings_are_refused_and_change_nothing(priced_shops, admin_api):
    shops = priced_shops
    path = f"/api/v1/stores/{shops.store_b['id']}"
    for bad in (
        {"cash_rounding": 3},
        {"cash_rounding": "5"},
        {"cash_rounding": 5.0},
        {"tax_rounding": "sometimes"},
        {"prices_include_tax": "maybe"},
    ):
        assert admin_api.patch(path, json=bad).status_code == 422, bad
    store = ok(admin_api.get(path), 200)
    assert {key: store[key] for key in B_PRICING} == B_PRICING
    assert shops.manager_b.patch(path, json={"cash_rounding": 1}).status_code == 403


def test_the_store_page_sets_the_pricing(shops, admin_api):
    page = f"/multistore/stores/{shops.store_b['id']}"
    html = admin_api.get(page).get_data(as_text=True)
    assert 'name="cash_rounding"' in html and "As the shop" in html
    form = {
        "name": "North shop",
        "address": "",
        "tax_id": "",
        "company_number": "",
        "receipt_header": "",
        "receipt_footer": "",
        "prices_include_tax": "no",
        "tax_rounding": "total",
        "cash_rounding": "5",
    }
    assert admin_api.post(page, data=form).status_code == 302
    store = ok(admin_api.get(f"/api/v1/stores/{shops.store_b['id']}"), 200)
    assert {key: store[key] for key in B_PRICING} == B_PRICING
    assert admin_api.post(page, data={**form, "cash_rounding": "3"}).status_code == 422
    store = ok(admin_api.get(f"/api/v1/stores/{shops.store_b['id']}"), 200)
    assert store["cash_rounding"] == 5
    # B's manager reads the store's pricing, cannot change it.
    shown = shops.manager_b.get(page).get_data(as_text=True)
    assert "Tax is added to prices" in shown and 'name="cash_rounding"' not in shown
    assert admin_api.post(page, data={**form, "cash_rounding": ""}).status_code == 302
    assert ok(admin_api.get(f"/api/v1/stores/{shops.store_b['id']}"), 200)["cash_rounding"] is None


def test_a_new_store_may_start_with_its_own_pricing(shops, admin_api):
    body = {"code": "south", "name": "South shop", **B_PRICING}
    made = ok(admin_api.post("/api/v1/stores", json=body), 201)
    assert {key: made[key] for key in B_PRICING} == B_PRICING
