"""Refunds, the PIN sign-in and its lockout, the register's cash session, at the real till."""

from __future__ import annotations

import uuid

import pytest

from .conftest import screenshot
from .till import PENNE, SPREAD, open_till

pytestmark = pytest.mark.browser


def _sale_by_api(server, lines):
    register = server.ensure_open()
    body = {
        "id": str(uuid.uuid4()),
        "register_id": register["id"],
        "lines": lines,
        "payments": [{"method": "cash", "amount": 5000}],
    }
    status, sale, _ = server.api("POST", "/sales", body)
    assert status == 201, sale
    return sale


def test_refund_some_lines_with_a_manager_pin(page, till_server):
    """A cashier finds a sale by its receipt number and refunds one line; the refund
    needs a manager, who approves by typing their PIN; the server has the refund."""
    sale = _sale_by_api(
        till_server, [{"barcode": SPREAD[0], "quantity": 2}, {"barcode": PENNE[0], "quantity": 1}]
    )
    open_till(page, till_server)
    page.get_by_role("button", name="Find a sale").click()
    page.locator("#find-input").fill(sale["receipt_number"])
    page.keyboard.press("Enter")
    page.locator("#refund-form").wait_for(state="visible")
    page.locator("#found-lines input").first.fill("1")
    assert "4.29" in page.locator("#refund-total").inner_text()
    page.locator("#refund-approval").wait_for(state="visible")
    page.locator("#refund-manager").select_option(label="Manager")
    page.locator("#refund-pin").fill("1111")
    screenshot(page, "07-refund")
    page.locator("#btn-refund").click()
    page.wait_for_function("document.getElementById('message').textContent.includes('4.29')")
    _, refreshed, _ = till_server.api("GET", f"/sales/{sale['id']}")
    assert [r["total"] for r in refreshed["refunds"]] == [429]
    # The manager approved that one refund: the cashier is still the one signed in.
    assert page.locator("#screen-find").is_visible()
    assert page.locator("#who").inner_text() == "Cashier"
    _, refund, _ = till_server.api("GET", f"/refunds/{refreshed['refunds'][0]['id']}")
    assert refund["approved_by"] is not None


def test_wrong_pins_lock_the_user_out_with_the_time(page, till_server):
    """Five wrong PINs in a row lock the user out; the till says until when."""
    _, users, _ = till_server.api("GET", "/auth/till-users")
    locky = next(u for u in users if u["full_name"].lower().startswith("lock"))
    page.goto("/till/")
    page.locator(f'#signin-users button[data-user="{locky["id"]}"]').click()
    for attempt in range(5):
        page.locator("#signin-pin").fill("9999")
        page.keyboard.press("Enter")
        if attempt < 4:
            page.wait_for_function(
                f"document.getElementById('signin-error').textContent.includes('{4 - attempt}')"
            )
    page.wait_for_function(
        "document.getElementById('signin-error').textContent.includes('locked until')"
    )
    screenshot(page, "09-lockout")
    page.locator("#signin-pin").fill("4321")
    page.keyboard.press("Enter")
    assert "locked until" in page.locator("#signin-error").inner_text()
    assert page.locator("#screen-signin").is_visible()


def test_switch_cashier_keeps_the_cart(page, till_server):
    """Switching cashier mid-sale keeps the cart for the next one."""
    from .till import scan

    open_till(page, till_server)
    scan(page, SPREAD[0])
    page.get_by_role("button", name="Switch cashier").click()
    page.get_by_role("button", name="Manager", exact=True).click()
    page.locator("#signin-pin").fill("1111")
    page.keyboard.press("Enter")
    page.locator("#screen-sell").wait_for(state="visible")
    assert page.locator("#who").inner_text() == "Manager"
    assert page.locator("#cart-lines tr").count() == 1


def test_register_cash_out_x_report_and_close_with_z_report(page, till_server):
    """A manager takes cash out with a reason, reads the X report, closes with the
    counted cash and sees the Z report; the register can then be opened again."""
    open_till(page, till_server, "Manager", "1111")
    page.get_by_role("button", name="Register").click()
    page.locator("#cash-kind").select_option("out")
    page.locator("#cash-amount").fill("5")
    page.locator("#cash-reason").fill("Window cleaner")
    page.locator("#cash-form button[type=submit]").click()
    page.wait_for_function("document.getElementById('message').textContent.includes('5.00')")
    page.locator("#btn-xreport").click()
    page.locator("#report table").wait_for()
    assert "X report" in page.locator("#report").inner_text()
    page.locator("#close-counted").fill("100")
    page.locator("#close-form button[type=submit]").click()
    page.locator("#open-form").wait_for(state="visible")
    assert "Z report" in page.locator("#report").inner_text()
    screenshot(page, "10-z-report")
    page.locator("#open-float").fill("100")
    page.keyboard.press("Enter")
    page.locator("#screen-sell").wait_for(state="visible")
    assert till_server.register()["is_open"]
