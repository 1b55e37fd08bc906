"""Selling at the real till in headless Chromium."""

from __future__ import annotations

import pytest

from .conftest import screenshot
from .dialogs import button, closed, dialog, field
from .till import PENNE, RICE, SPREAD, new_sale, open_till, pay_cash, scan

pytestmark = pytest.mark.browser


def test_scan_two_barcodes_and_pay_cash_with_change(page, till_server):
    """Two scanned barcodes make two lines; cash beyond the total gives change, and the
    server has the sale with that change."""
    open_till(page, till_server)
    screenshot(page, "01-sell-empty")
    scan(page, SPREAD[0])
    scan(page, PENNE[0])
    assert page.locator("#cart-lines tr").count() == 2
    assert "6.18" in page.locator("#cart-total").inner_text()
    screenshot(page, "02-sell-cart")
    pay_cash(page, "10")
    assert "3.82" in page.locator("#receipt-change").inner_text()
    screenshot(page, "03-receipt")
    number = page.locator("#receipt-number").inner_text().strip()
    status, sales, _ = till_server.api("GET", f"/sales?receipt={number}")
    assert status == 200 and len(sales) == 1
    assert sales[0]["total"] == 618 and sales[0]["change"] == 382
    assert [p["method"] for p in sales[0]["payments"]] == ["cash"]
    new_sale(page)


def test_customer_display_mirrors_the_cart(context, page, till_server):
    """The customer display in another tab of the same browser shows the lines and the
    total as they are scanned."""
    open_till(page, till_server)
    display = context.new_page()
    display.goto("/till/display")
    scan(page, SPREAD[0])
    scan(page, PENNE[0])
    display.locator("#display-lines li").nth(1).wait_for()
    display.wait_for_function(
        "document.getElementById('display-total').textContent.includes('6.18')"
    )
    assert "1 × Pâte à tartiner" in display.locator("#display-lines").inner_text()
    screenshot(display, "08-customer-display")
    page.locator("#btn-clear").click()
    button(page, "Clear").click()  # Clear asks first
    display.wait_for_function("document.querySelectorAll('#display-lines li').length === 0")


def test_split_payment_cash_and_card(page, till_server):
    """Part by card on the external terminal, the rest in cash with change: the sale has
    both payments. The card asks for its optional terminal reference and last 4 digits,
    kept on the sale."""
    open_till(page, till_server)
    scan(page, SPREAD[0])
    scan(page, RICE[0])
    page.keyboard.press("F9")
    page.locator("#pay-amount").fill("5")
    page.locator('#pay-methods button[data-method="card"]').click()
    dialog(page)
    field(page, "Last 4 digits").fill("4242")
    page.keyboard.press("Enter")  # the reference is optional: left empty, not sent
    closed(page)
    assert "Card · 4242" in page.locator("#pay-tenders").inner_text()
    page.locator("#pay-amount").fill("5")
    page.locator('#pay-methods button[data-method="cash"]').click()
    screenshot(page, "04-pay-split")
    assert "2.22" in page.locator("#pay-change").inner_text()
    page.locator("#pay-complete").click()
    page.locator("#screen-receipt").wait_for(state="visible")
    number = page.locator("#receipt-number").inner_text().strip()
    _, sales, _ = till_server.api("GET", f"/sales?receipt={number}")
    payments = {p["method"]: p["amount"] for p in sales[0]["payments"]}
    assert payments == {"card": 500, "cash": 500}
    assert sales[0]["payments"][0]["fields"] == {"last4": "4242"}
    assert sales[0]["total"] == 778 and sales[0]["change"] == 222


def test_scan_field_takes_the_focus_back_after_a_click(page, till_server):
    """After a click on a quick key, the next scanner input goes to the scan field."""
    open_till(page, till_server)
    page.locator("#quickkeys button").first.click()
    page.wait_for_function("document.activeElement && document.activeElement.id === 'scan'")
    scan(page, PENNE[0])
    assert page.locator("#cart-lines tr").count() == 2


def test_discount_beyond_the_limit_needs_a_manager_pin(page, till_server):
    """A cashier's 25 % discount (limit 10 %) is refused until a manager picks their name
    and types their PIN on the same screen; the sale records who approved."""
    open_till(page, till_server)
    scan(page, SPREAD[0])
    page.locator('#cart-lines button[data-act="discount"]').click()
    page.locator("#dialog-input").fill("25")
    page.locator("#dialog-ok").click()
    page.locator("#dialog-approval").wait_for(state="visible")
    assert "manager" in page.locator("#dialog-error").inner_text().lower()
    page.locator("#dialog-manager").select_option(label="Manager")
    page.locator("#dialog-pin").fill("0000")
    page.locator("#dialog-ok").click()
    page.wait_for_function("document.getElementById('dialog-error').textContent.includes('PIN')")
    page.locator("#dialog-pin").fill("1111")
    screenshot(page, "05-discount-approval")
    page.locator("#dialog-ok").click()
    page.locator("#dialog").wait_for(state="hidden")
    assert "−25%" in page.locator("#cart-lines").inner_text()
    pay_cash(page)
    number = page.locator("#receipt-number").inner_text().strip()
    _, sales, _ = till_server.api("GET", f"/sales?receipt={number}")
    assert sales[0]["lines"][0]["line_discount"] == 107
    assert sales[0]["data"]["discount_approved_by"] == "manager"


def test_park_and_resume(page, till_server):
    """A parked cart leaves the till empty and comes back whole when resumed."""
    open_till(page, till_server)
    scan(page, RICE[0])
    scan(page, PENNE[0])
    page.locator("#btn-park").click()
    page.locator("#cart-empty").wait_for(state="visible")
    page.get_by_role("button", name="Parked sales").click()
    page.locator("#parked-list button").first.wait_for()
    screenshot(page, "06-parked")
    page.locator("#parked-list button").first.click()
    page.locator("#screen-sell").wait_for(state="visible")
    page.locator("#cart-lines tr").nth(1).wait_for()
    assert "5.38" in page.locator("#cart-total").inner_text()
    pay_cash(page)


def test_a_sale_with_the_keyboard_only(page, till_server):
    """Sign in, scan, pay in cash and start the next sale without touching the mouse."""
    till_server.ensure_open()
    page.goto("/till/")
    page.locator("#signin-users button").first.wait_for()
    page.keyboard.press("Tab")
    while page.evaluate("document.activeElement.textContent") != "Cashier":
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.type("1234")
    page.keyboard.press("Enter")
    page.locator("#screen-sell").wait_for(state="visible")
    scan(page, PENNE[0])
    page.keyboard.press("F9")
    page.locator("#screen-pay").wait_for(state="visible")
    page.keyboard.type("2")
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.id === 'pay-complete'")
    page.keyboard.press("Enter")
    page.locator("#screen-receipt").wait_for(state="visible")
    assert "0.11" in page.locator("#receipt-change").inner_text()
    page.keyboard.press("Enter")
    page.locator("#screen-sell").wait_for(state="visible")
    assert page.evaluate("document.activeElement.id") == "scan"


def test_idle_till_locks_and_keeps_the_cart(page, till_server):
    """After till_idle_lock_seconds without input the till locks on the cashier's PIN pad;
    signing back in finds the cart as it was."""
    page.clock.install()
    open_till(page, till_server)
    scan(page, SPREAD[0])
    page.clock.fast_forward(121_000)
    page.locator("#screen-signin").wait_for(state="visible")
    assert page.locator("#signin-pin").is_visible()
    page.locator("#signin-pin").fill("1234")
    page.keyboard.press("Enter")
    page.locator("#screen-sell").wait_for(state="visible")
    assert page.locator("#cart-lines tr").count() == 1
