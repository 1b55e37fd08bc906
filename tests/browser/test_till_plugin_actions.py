"""A plugin's till action in the real till: the promotions plugin's "Coupon" button."""

from __future__ import annotations

import datetime as dt

import pytest

from .dialogs import button, closed, dialog, field, touch
from .till import SPREAD, open_till, pay_cash, scan

pytestmark = pytest.mark.browser


@pytest.fixture
def promotions(till_server):
    """Enable promotions on the running server (every worker sees it within a second),
    with a 10 % coupon on everything; disabled again afterwards."""
    status, body, _ = till_server.api("POST", "/plugins/promotions/enable")
    assert status == 200, body
    now = dt.datetime.now(dt.UTC)
    status, promotion, _ = till_server.api(
        "POST",
        "/promotions",
        {
            "name": "Welcome 10 %",
            "kind": "percent",
            "value": "10",
            "product_ids": [],
            "category_ids": [],
            "coupon_code": "WELCOME10",
            "starts_at": (now - dt.timedelta(hours=1)).isoformat(),
            "ends_at": (now + dt.timedelta(hours=1)).isoformat(),
        },
    )
    assert status == 201, promotion
    yield promotion
    till_server.api("DELETE", f"/promotions/{promotion['id']}")
    till_server.api("POST", "/plugins/promotions/disable")


def test_coupon_action_applies_a_promotion(page, till_server, promotions):
    """The plugin's button asks for a code in the till's dialog (an unknown one is refused
    there), the cart shows it as the plugin's chip, the server's quote prices it and the
    completed sale carries it in its plugin data."""
    open_till(page, till_server)
    scan(page, SPREAD[0])
    page.get_by_role("button", name="Coupon").click()
    dialog(page)
    page.keyboard.type("NOSUCHCODE")
    page.keyboard.press("Enter")  # refused by the server: said in the dialog, still open
    dialog(page).locator(".error").get_by_text("NOSUCHCODE").wait_for()
    field(page, "Coupon code").fill("WELCOME10")
    touch(button(page, "OK"))
    closed(page)
    page.locator("#cart-extras").get_by_text("Coupon: WELCOME10").wait_for()
    page.wait_for_function("document.querySelector('#cart-total').innerText.includes('3.86')")
    pay_cash(page, "5")
    status, sales, _ = till_server.api("GET", "/sales?limit=1")
    assert status == 200
    sale = sales[0]
    # The codes are the plugin's own part of the cart, kept with the sale.
    assert sale["plugin_data"]["promotions"]["coupons"] == ["WELCOME10"]
    assert sale["total"] == SPREAD[1] - 43
    assert sale["lines"][0]["adjustments"][0]["source"].startswith("promotions")
