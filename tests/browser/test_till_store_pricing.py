"""A store that adds tax to its prices and rounds cash to 0.05, with a price of its own
above the catalog's (issue 14): its till shows and charges what the server does, online
and offline, and the sale it sends when back is recorded with the same figures."""

from __future__ import annotations

import pytest

from .conftest import screenshot
from .test_till_offline import READ_OUTBOX, _block_api
from .till import SPREAD, new_sale, open_till, pay_cash, scan

pytestmark = pytest.mark.browser

SIZES = ((1024, 768), (1280, 800), (1920, 1080))
PRICING = {"prices_include_tax": False, "tax_rounding": "line", "cash_rounding": 5}


def _ok(answer: tuple, *statuses: int):
    status, body, _headers = answer
    assert status in statuses, (status, body)
    return body


def _quote(server, register_id: int, product_id: int) -> dict:
    body = {"register_id": register_id, "lines": [{"product_id": product_id, "quantity": 1}]}
    return _ok(server.api("POST", "/sales/quote", body), 200)


@pytest.fixture
def east_shop(till_server):
    """Store East (tax added, cash to 0.05), its register E1 (open), its cashier Eva (PIN
    2468), and its own price of SPREAD, above the catalog's, chosen so that cash rounds."""
    till_server.open_register()
    _ok(till_server.api("POST", "/plugins/multistore/enable"), 200)
    store = _ok(till_server.api("POST", "/stores", {"code": "east", "name": "East shop"}), 201, 409)
    if "id" not in store:  # a rerun on the same server
        store = next(s for s in _ok(till_server.api("GET", "/stores"), 200) if s["code"] == "east")
    _ok(till_server.api("PATCH", f"/stores/{store['id']}", PRICING), 200)
    registers = _ok(till_server.api("GET", "/registers"), 200)
    register = next((r for r in registers if r["code"] == "E1"), None)
    if register is None:
        body = {"code": "E1", "name": "East till", "location_id": store["location_id"]}
        register = _ok(till_server.api("POST", "/registers", body), 201)
    _ok(till_server.api("PATCH", f"/registers/{register['id']}", {"active": True}), 200)
    till_server.open_register("E1")
    user = {"username": "eva", "full_name": "Eva East", "roles": ["cashier"], "pin": "2468"}
    made = _ok(till_server.api("POST", "/users", user), 201, 409)
    if "id" not in made:
        made = next(u for u in _ok(till_server.api("GET", "/users"), 200) if u["username"] == "eva")
    _ok(till_server.api("PATCH", f"/stores/{store['id']}", {"user_ids": [made["id"]]}), 200)
    product = _ok(till_server.api("GET", "/products?barcode=" + SPREAD[0]), 200)[0]
    path = f"/stores/{store['id']}/prices/{product['id']}"
    for price in range(SPREAD[1] + 8, SPREAD[1] + 20):
        _ok(till_server.api("PUT", path, {"price": price}), 200)
        quote = _quote(till_server, register["id"], product["id"])
        if quote["cash_rounding"]:
            break
    yield register, product, price, quote
    till_server.api("PUT", path, {"price": None})
    # The other tests' tills pick the first active register: E1 must not be it.
    till_server.api("PATCH", f"/registers/{register['id']}", {"active": False})
    till_server.api("POST", "/plugins/multistore/disable")


def _money(amount: int) -> str:
    return f"{amount / 100:.2f}"


def test_a_store_adding_tax_and_rounding_cash_sells_online_and_offline_alike(
    page, till_server, east_shop
):
    register, product, price, quote = east_shop
    assert price > SPREAD[1] and not quote["prices_include_tax"]
    assert quote["subtotal"] == price and quote["total"] == price + quote["tax_total"]
    assert quote["cash_total"] % 5 == 0 and quote["cash_total"] != quote["total"]

    open_till(page, till_server, name="Eva East", pin="2468")
    page.wait_for_function("document.body.dataset.synced")
    assert (
        page.evaluate("Number(localStorage.getItem('comptoir-till-register'))") == (register["id"])
    )
    # Online: the till shows the store's price, the tax added on top, the total.
    scan(page, SPREAD[0])
    totals = page.locator("#totals")
    page.wait_for_function(
        "(t) => document.getElementById('cart-total').textContent.includes(t)",
        arg=_money(quote["total"]),
    )
    assert (
        _money(price) in totals.inner_text() and _money(quote["tax_total"]) in totals.inner_text()
    )
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        screenshot(page, f"till-store-pricing-sell-{width}x{height}")
        box = page.locator("#cart-total").bounding_box()
        assert box["y"] + box["height"] <= height, (width, height, box)
    page.keyboard.press("F9")
    page.locator("#screen-pay").wait_for(state="visible")
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        screenshot(page, f"till-store-pricing-pay-{width}x{height}")
        box = page.locator("#pay-complete").bounding_box()
        assert box["y"] + box["height"] <= height, (width, height, box)
    page.set_viewport_size({"width": 1280, "height": 860})
    page.locator('#pay-methods button[data-method="cash"]').click()
    page.locator("#pay-complete").click()
    page.locator("#screen-receipt").wait_for(state="visible")
    online = _ok(till_server.api("GET", f"/sales?register_id={register['id']}&limit=1"), 200)[0]
    assert (online["total"], online["rounding"]) == (quote["total"], quote["cash_rounding"])
    assert online["paid_total"] == quote["cash_total"]
    new_sale(page)

    # Offline: the till prices alone, with the register's settings and prices.
    page.route("**/api/**", _block_api)
    scan(page, SPREAD[0])
    assert _money(quote["total"]) in page.locator("#cart-total").inner_text()
    pay_cash(page)
    # Offline, the receipt screen shows what was due in cash (the server's sale has it).
    assert _money(quote["cash_total"]) in page.locator("#receipt-total").inner_text()
    (queued,) = page.evaluate(READ_OUTBOX)
    assert queued["register_id"] == register["id"]
    assert [line["unit_price"] for line in queued["lines"]] == [price]
    assert [p["amount"] for p in queued["payments"]] == [quote["cash_total"]]
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        screenshot(page, f"till-store-pricing-offline-receipt-{width}x{height}")

    page.unroute("**/api/**", _block_api)
    page.wait_for_function("document.getElementById('queue').dataset.count === '0'", timeout=20000)
    recorded = _ok(till_server.api("GET", f"/sales/{queued['id']}"), 200)
    for key in ("subtotal", "net_total", "tax_total", "total"):
        assert recorded[key] == quote[key], key
    assert recorded["prices_include_tax"] is False
    assert recorded["rounding"] == quote["cash_rounding"]
