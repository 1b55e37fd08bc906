"""The giftcards plugin's "Gift card" till action: a plugin's line kind sold at the till."""

from __future__ import annotations

import pytest

from .till import open_till, pay_cash

pytestmark = pytest.mark.browser


@pytest.fixture
def giftcards(till_server):
    status, body, _ = till_server.api("POST", "/plugins/giftcards/enable")
    assert status == 200, body
    yield
    till_server.api("POST", "/plugins/giftcards/disable")


def test_selling_a_gift_card_at_the_till(page, till_server, giftcards):
    """The action adds a gift-card line; once paid, the sale's line carries the new
    card's code and the card holds the amount."""
    open_till(page, till_server)
    answers = iter(["25", ""])  # amount, then no code: a new card
    page.on("dialog", lambda dialog: dialog.accept(next(answers)))
    page.get_by_role("button", name="Gift card", exact=True).click()
    page.locator("#cart-lines").get_by_text("Gift card").wait_for()
    page.wait_for_function("document.querySelector('#cart-total').innerText.includes('25.00')")
    pay_cash(page, "30")
    status, sales, _ = till_server.api("GET", "/sales?limit=1")
    assert status == 200
    line = sales[0]["lines"][0]
    assert line["kind"] == "gift_card" and line["total"] == 2500
    code = line["data"]["code"]
    status, card, _ = till_server.api("GET", f"/gift-cards/{code}")
    assert status == 200, card
    assert card["balance"] == 2500 and card["status"] == "active"
