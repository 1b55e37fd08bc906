"""The giftcards plugin's till actions: a plugin's line kind sold at the till ("Gift
card") and a card's balance ("Card balance"), both asked in the till's dialog."""

from __future__ import annotations

import re
import urllib.request

import pytest

from .conftest import screenshot
from .dialogs import button, closed, dialog, field, touch
from .till import new_sale, open_till, pay_cash

pytestmark = pytest.mark.browser


@pytest.fixture
def giftcards(till_server):
    status, body, _ = till_server.api("POST", "/plugins/giftcards/enable")
    assert status == 200, body
    yield
    till_server.api("POST", "/plugins/giftcards/disable")


def test_selling_a_gift_card_at_the_till(page, till_server, giftcards):
    """The amount typed on the dialog's pad makes a gift-card line; once paid, the sale's
    line carries the new card's code, the card holds the amount, and "Card balance" finds
    it by its code typed on the keyboard."""
    open_till(page, till_server)
    page.get_by_role("button", name="Gift card", exact=True).click()
    touch(button(page, "OK"))  # nothing typed yet: the amount is required
    assert dialog(page).locator(".error").inner_text() == "Amount of the card: required"
    pad = dialog(page).locator(".pad")
    for key in ("2", "5"):
        touch(pad.get_by_role("button", name=key, exact=True))
    screenshot(page, "giftcard-dialog")
    touch(button(page, "OK"))
    closed(page)
    page.locator("#cart-lines").get_by_text("Gift card").wait_for()
    page.wait_for_function("document.querySelector('#cart-total').innerText.includes('25.00')")
    pay_cash(page, "30")
    status, sales, _ = till_server.api("GET", "/sales?limit=1")
    assert status == 200
    line = sales[0]["lines"][0]
    assert line["kind"] == "gift_card" and line["total"] == 2500
    assert "code" not in line["data"]  # only the buyer's receipt gives it, once
    code = _receipt_code(till_server, sales[0]["id"])
    status, card, _ = till_server.api("GET", f"/gift-cards/{code}")
    assert status == 200, card
    assert card["balance"] == 2500 and card["status"] == "active"

    new_sale(page)
    page.get_by_role("button", name="Card balance", exact=True).click()
    dialog(page)
    page.keyboard.type("NOPE-NOPE")
    page.keyboard.press("Enter")  # unknown: said in the dialog, which stays open
    dialog(page).locator(".error").get_by_text("unknown gift card").wait_for()
    field(page, "Gift card code").fill(code)
    page.keyboard.press("Enter")
    closed(page)
    page.locator("#message").get_by_text(f"****{card['last4']}").wait_for()
    assert "€25.00" in page.locator("#message").inner_text()


def test_card_balance_offline_is_said_in_the_dialog(page, till_server, giftcards):
    """A balance needs the server: offline, the dialog says so and stays open."""
    open_till(page, till_server)
    page.route("**/api/**", lambda route: route.abort("internetdisconnected"))
    page.get_by_role("button", name="Card balance", exact=True).click()
    dialog(page)
    page.keyboard.type("K7QD-0000")
    page.keyboard.press("Enter")
    error = dialog(page).locator(".error")
    error.get_by_text("Not possible offline: the server cannot be reached").wait_for()
    assert page.evaluate("import('/static/till/js/screens.js').then((m) => m.till.online)") is False
    page.keyboard.press("Escape")
    closed(page)
    page.unroute("**/api/**")


def test_paying_with_a_gift_card_asks_for_its_code(page, till_server, giftcards):
    """The gift-card tender asks the card's code in the till's dialog (it used to send no
    code and fail with a 422 nobody saw); a wrong code is said where the cashier is
    looking; the sale keeps the code masked and the card is debited."""
    sold = {
        "id": "11111111-2222-4333-8444-555555555555",
        "register_id": till_server.ensure_open()["id"],
        "lines": [{"gift_card": {"amount": 1000}}],
        "payments": [{"method": "cash", "amount": 1000}],
    }
    status, sale, _ = till_server.api("POST", "/sales", sold)
    assert status == 201, sale
    code = _receipt_code(till_server, sale["id"])
    open_till(page, till_server)
    page.locator("#scan").fill("3017620422003")  # Pâte à tartiner 4.29
    page.keyboard.press("Enter")
    page.locator("#cart-lines tr").first.wait_for()
    page.keyboard.press("F9")
    page.locator("#screen-pay").wait_for(state="visible")
    touch(page.locator('#pay-methods button[data-method="gift_card"]'))
    field(page, "Gift card code").fill("AAAA-BBBB-CCCC-DDDD")
    touch(button(page, "OK"))
    closed(page)
    touch(page.locator('#pay-methods button[data-method="cash"]'))
    touch(page.locator("#pay-complete"))
    page.wait_for_function("document.getElementById('pay-error').textContent.length > 0")
    assert "unknown gift card" in page.locator("#pay-error").inner_text()
    # The code is shown masked, as the receipt keeps it: never in full on the screen.
    assert "AAAA-BBBB" not in page.locator("#screen-pay").inner_text()
    assert "****DDDD" in page.locator("#pay-tenders").inner_text()
    screenshot(page, "giftcard-tender-refused")
    page.locator("#pay-tenders li.error button").click()
    touch(page.locator('#pay-methods button[data-method="gift_card"]'))
    field(page, "Gift card code").fill(code)
    page.keyboard.press("Enter")
    closed(page)
    touch(page.locator("#pay-complete"))
    page.locator("#screen-receipt").wait_for(state="visible")
    status, sales, _ = till_server.api("GET", "/sales?limit=1")
    payment = sales[0]["payments"][0]
    assert payment["method"] == "gift_card" and payment["amount"] == 429
    assert payment["fields"] == {"code": f"****{code.replace('-', '')[-4:]}"}
    status, card, _ = till_server.api("GET", f"/gift-cards/{code}")
    assert card["balance"] == 1000 - 429


def _receipt_code(till_server, sale_id: str) -> str:
    """The card's code as the buyer's receipt prints it (the one place it is given)."""
    request = urllib.request.Request(
        f"{till_server.url}/api/v1/sales/{sale_id}/receipt",
        headers={"Authorization": f"Bearer {till_server.token}"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        receipt = response.read().decode()
    (code,) = re.findall(r"Card ([A-Z2-9]{4}(?:-[A-Z2-9]{4}){3})", receipt)
    return code
