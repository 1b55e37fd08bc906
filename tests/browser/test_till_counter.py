"""The till at a real counter (issue 12), at each screen size a counter has: a full
cart paid without scrolling the page, pads that type what is tapped where the focus is,
refusals shown where the cashier looks, voids and refund receipts, weighed labels,
closing with the cash counted by denomination."""

from __future__ import annotations

import uuid

import pytest

from core.catalog.gtin import with_check_digit

from .conftest import screenshot
from .dialogs import button, closed, dialog, field, touch
from .till import PENNE, SPREAD, open_till, scan

pytestmark = pytest.mark.browser

#: Landscape tablet, laptop, desktop screen.
VIEWPORTS = [(1024, 768), (1280, 800), (1920, 1080)]
SIZES = pytest.mark.parametrize("size", VIEWPORTS, ids=lambda s: f"{s[0]}x{s[1]}")
#: Twelve different products of the demo shop, typed by SKU into the scan field.
TWELVE = (
    "CAF-001 CAF-002 CAF-003 CAF-004 CAF-005 BOU-001 BOU-002 BOU-003 BOU-005 EPI-002 EPI-003 "
    "EPI-006"
).split()


def _at(page, size) -> None:
    page.set_viewport_size({"width": size[0], "height": size[1]})


def _page_does_not_scroll(page) -> None:
    assert page.evaluate("document.scrollingElement.scrollHeight <= window.innerHeight")


def _on_screen(page, selector: str) -> None:
    """The control is drawn entirely inside the window (nothing to scroll to reach it)."""
    locator = page.locator(selector)
    locator.wait_for(state="visible")
    box = locator.bounding_box()
    view = page.viewport_size
    assert box["x"] >= 0 and box["x"] + box["width"] <= view["width"], (selector, box)
    assert box["y"] >= 0 and box["y"] + box["height"] <= view["height"], (selector, box)


def _synced(page) -> None:
    page.wait_for_function("document.body.dataset.synced")


def _sale_by_api(server, lines, payments=None):
    register = server.ensure_open()
    body = {
        "id": str(uuid.uuid4()),
        "register_id": register["id"],
        "lines": lines,
        "payments": payments or [{"method": "cash", "amount": 5000}],
    }
    status, sale, _ = server.api("POST", "/sales", body)
    assert status == 201, sale
    return sale


def _find(page, receipt_number: str) -> None:
    page.get_by_role("button", name="Find a sale").click()
    page.locator("#find-input").fill(receipt_number)
    page.keyboard.press("Enter")
    page.locator("#refund-form").wait_for(state="visible")


def _still_the_cashier(page, screen: str) -> None:
    """A manager's approval signs nobody in: the cashier is still at the till, on the
    screen they were on."""
    page.locator(f"#screen-{screen}").wait_for(state="visible")
    assert page.locator("#screen-signin").is_hidden()
    assert page.locator("#who").inner_text() == "Cashier"


def _reach(page, selector: str):
    """The control, scrolled to within its screen (as a finger does on a long form)."""
    locator = page.locator(selector)
    locator.scroll_into_view_if_needed()
    return locator


def _manager_approves(page, prefix: str) -> None:
    """The manager picks their name and types their PIN on the cashier's till, by keys."""
    page.locator(f"#{prefix}-manager").select_option(label="Manager")
    page.locator(f"#{prefix}-pin").click()
    page.keyboard.type("1111")


@pytest.mark.parametrize("size", [*VIEWPORTS, (768, 1024)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_twelve_lines_paid_by_card_and_cash_without_scrolling_the_page(page, till_server, size):
    """Twelve lines scroll inside the cart; the total and Pay stay on screen; on the pay
    screen the methods, the tenders and Complete too, and the card's dialog buttons; the
    page itself never scrolls. Portrait tablets included."""
    _at(page, size)
    open_till(page, till_server)
    _synced(page)
    for sku in TWELVE:
        scan(page, sku)
    assert page.locator("#cart-lines tr").count() == 12
    for selector in ("#cart-total", "#btn-pay", "#btn-clear", "#btn-park", "#scan"):
        _on_screen(page, selector)
    _page_does_not_scroll(page)
    screenshot(page, f"counter-cart-{size[0]}x{size[1]}")
    touch(page.locator("#btn-pay"))
    page.locator("#screen-pay").wait_for(state="visible")
    page.locator("#pay-amount").fill("10")
    touch(page.locator('#pay-methods button[data-method="card"]'))
    dialog(page)
    _on_screen(page, "#till-dialog-ok")
    _on_screen(page, "#till-dialog-cancel")
    field(page, "Last 4 digits").fill("4242")
    page.keyboard.press("Enter")
    closed(page)
    touch(page.locator("#pay-quick button").first)  # the rest, exactly, in cash
    for selector in (
        "#pay-complete",
        "#pay-back",
        "#pay-tenders",
        '#pay-methods button[data-method="cash"]',
    ):
        _on_screen(page, selector)
    _page_does_not_scroll(page)
    screenshot(page, f"counter-pay-{size[0]}x{size[1]}")
    touch(page.locator("#pay-complete"))
    page.locator("#screen-receipt").wait_for(state="visible")
    _on_screen(page, "#btn-new-sale")
    number = page.locator("#receipt-number").inner_text().strip()
    _, sales, _ = till_server.api("GET", f"/sales?receipt={number}")
    assert len(sales[0]["lines"]) == 12
    assert [p["method"] for p in sales[0]["payments"]] == ["card", "cash"]


@SIZES
def test_the_quantity_pad_replaces_the_value_and_pads_type_where_the_focus_is(
    page, till_server, size
):
    """Tapping 6 on a quantity of 1 makes 6 (not 16); with the manager's PIN field in
    focus, the pad types the PIN, not into the discount."""
    _at(page, size)
    open_till(page, till_server)
    scan(page, PENNE[0])
    page.locator('#cart-lines button[data-act="qty"]').click()
    page.locator("#dialog[open]").wait_for()
    assert page.locator("#dialog-input").input_value() == "1"
    touch(page.locator("#dialog .pad button", has_text="6"))
    assert page.locator("#dialog-input").input_value() == "6"
    _on_screen(page, "#dialog-ok")
    touch(page.locator("#dialog-ok"))
    page.locator("#dialog").wait_for(state="hidden")
    assert page.locator('#cart-lines button[data-act="qty"]').inner_text() == "6"
    page.locator('#cart-lines button[data-act="discount"]').click()
    page.locator("#dialog-input").fill("25")
    page.locator("#dialog-ok").click()
    page.locator("#dialog-approval").wait_for(state="visible")
    page.locator("#dialog-pin").click()
    for digit in "1111":
        page.locator("#dialog .pad button", has_text=digit).first.click()
    assert page.locator("#dialog-pin").input_value() == "1111"
    assert page.locator("#dialog-input").input_value() == "25"
    _on_screen(page, "#dialog-ok")
    screenshot(page, f"counter-pad-pin-{size[0]}x{size[1]}")
    page.locator("#dialog-ok").click()
    page.locator("#dialog").wait_for(state="hidden")
    assert "−25%" in page.locator("#cart-lines").inner_text()
    # The refusal of the wrong PIN is gone once the approval succeeded.
    assert page.locator("#message").is_hidden()


@SIZES
def test_a_refused_refund_says_why_and_nobody_is_signed_out(page, till_server, size):
    """The server refuses to refund 3 of 2: its words are on the find screen, in the
    banner and under the form, and the cashier is still signed in."""
    _at(page, size)
    sale = _sale_by_api(till_server, [{"barcode": SPREAD[0], "quantity": 2}])
    open_till(page, till_server)
    _find(page, sale["receipt_number"])
    page.locator("#found-lines input").first.fill("3")
    _manager_approves(page, "refund")
    touch(_reach(page, "#btn-refund"))
    page.wait_for_function(
        "document.getElementById('refund-error').textContent.includes('at most 2')"
    )
    assert "at most 2" in page.locator("#message").inner_text()
    _on_screen(page, "#message")
    _still_the_cashier(page, "find")
    screenshot(page, f"counter-refund-refused-{size[0]}x{size[1]}")
    _, refreshed, _ = till_server.api("GET", f"/sales/{sale['id']}")
    assert refreshed["refunds"] == []


@SIZES
def test_a_cashier_voids_with_a_manager_pin_and_keeps_selling(context, page, till_server, size):
    """A manager's PIN voids a sale of the open session: the void is the cashier's,
    approved by the manager; the cashier stays signed in and sells the next customer at
    once, without typing their own PIN again. The find screen then offers the void's
    receipt, which the server prints with the same receipt number."""
    _at(page, size)
    sale = _sale_by_api(till_server, [{"barcode": PENNE[0], "quantity": 1}])
    open_till(page, till_server)
    _find(page, sale["receipt_number"])
    _manager_approves(page, "refund")
    screenshot(page, f"counter-void-approval-{size[0]}x{size[1]}")
    touch(_reach(page, "#btn-void"))
    _on_screen(page, "#till-dialog-ok")
    touch(button(page, "Void"))
    page.wait_for_function("document.getElementById('message').textContent.includes('1.89')")
    _still_the_cashier(page, "find")
    _, refreshed, _ = till_server.api("GET", f"/sales/{sale['id']}")
    assert refreshed["status"] == "voided"
    _, void, _ = till_server.api("GET", f"/refunds/{refreshed['refunds'][0]['id']}")
    _, users, _ = till_server.api("GET", "/auth/till-users")
    names = {u["id"]: u["full_name"] for u in users}
    assert (names[void["user_id"]], names[void["approved_by"]]) == ("Cashier", "Manager")
    printed = page.locator(f'#found-refunds button[data-refund="{void["id"]}"]')
    printed.wait_for()
    register = sale["receipt_number"].split("-")[0]
    shown = f"{register}-{void['number']:06d}"
    assert shown in printed.inner_text()
    screenshot(page, f"counter-void-{size[0]}x{size[1]}")
    with context.expect_page() as popup:
        printed.click()
    receipt = popup.value
    receipt.wait_for_load_state()
    assert shown in receipt.content()
    assert sale["receipt_number"] in receipt.content()
    receipt.close()
    # The next customer, at once: back to the sale screen, scan, pay.
    touch(_reach(page, '#screen-find [data-go="sell"]'))
    _still_the_cashier(page, "sell")
    scan(page, SPREAD[0])
    touch(page.locator("#btn-pay"))
    page.locator("#screen-pay").wait_for(state="visible")
    touch(page.locator('#pay-methods button[data-method="cash"]'))
    touch(page.locator("#pay-complete"))
    page.locator("#screen-receipt").wait_for(state="visible")
    assert page.locator("#screen-signin").is_hidden()
    number = page.locator("#receipt-number").inner_text().strip()
    _, sales, _ = till_server.api("GET", f"/sales?receipt={number}")
    assert names[sales[0]["user_id"]] == "Cashier"
    screenshot(page, f"counter-void-then-sold-{size[0]}x{size[1]}")


@pytest.mark.parametrize("size", [*VIEWPORTS, (768, 1024)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_found_twelve_line_sale_can_be_refunded_without_scrolling_the_page(
    page, till_server, size
):
    """The find screen of a twelve-line sale: its lines scroll inside their pane, while
    the manager's PIN, Refund, Void and Back stay on screen (they were below the fold of a
    1024x768 tablet)."""
    _at(page, size)
    ids = []
    for sku in TWELVE:
        status, found, _ = till_server.api("GET", f"/products?q={sku}")
        assert status == 200 and found, sku
        ids.append(found[0]["id"])
    sale = _sale_by_api(
        till_server,
        [{"product_id": product_id, "quantity": 1} for product_id in ids],
        [{"method": "cash", "amount": 50000}],
    )
    open_till(page, till_server)
    _find(page, sale["receipt_number"])
    assert page.locator("#found-lines tr").count() == 12
    for control in ("#refund-pin", "#btn-refund", "#btn-void", '#screen-find [data-go="sell"]'):
        _on_screen(page, control)
    _page_does_not_scroll(page)
    # The last line is reached by scrolling its pane; the buttons do not move.
    page.locator("#found-lines tr").last.scroll_into_view_if_needed()
    _on_screen(page, "#found-lines tr:last-child input")
    _on_screen(page, "#btn-refund")
    _page_does_not_scroll(page)
    screenshot(page, f"counter-find-twelve-{size[0]}x{size[1]}")


@SIZES
def test_a_weighed_label_is_decoded_into_a_line(page, till_server, size):
    """A scale's label (prefix 21, item 0xxxx, 452 g) sells 0.452 kg of its product, the
    unit written on the line."""
    _at(page, size)
    item = f"{size[0] % 10000:05d}"
    key = f"21{item}00000"
    status, product, _ = till_server.api(
        "POST",
        "/products",
        {
            "sku": f"CHEESE-{size[0]}",
            "name": f"Comté {size[0]}",
            "price": 1890,
            "tax_rate": "5.5",
            "sold_by": "weight",
            "barcodes": [with_check_digit(key)],
        },
    )
    assert status == 201, product
    open_till(page, till_server)
    _synced(page)
    scan(page, with_check_digit(f"21{item}00452"))
    line = page.locator("#cart-lines tr").first
    assert "0.452 kg" in line.inner_text()
    assert "8.54" in line.inner_text()
    screenshot(page, f"counter-weighed-{size[0]}x{size[1]}")


@SIZES
def test_closing_with_the_cash_counted_by_denomination_and_a_manager_pin(page, till_server, size):
    """The cashier counts the drawer note by note; the counted total follows; a manager's
    PIN closes (the cashier may not); the Z report is on screen, with its print button."""
    _at(page, size)
    open_till(page, till_server)
    page.get_by_role("button", name="Register").click()
    page.locator("#close-form").wait_for(state="visible")
    page.get_by_label("× €50.00").fill("2")
    page.get_by_label("× €0.20").fill("3")
    assert page.locator("#close-counted").input_value() == "100.60"
    _manager_approves(page, "close")
    touch(_reach(page, "#close-form button[type=submit]"))
    page.locator("#report table").first.wait_for()
    _still_the_cashier(page, "register")
    assert "Z report" in page.locator("#report").inner_text()
    _on_screen(page, "#btn-print-report")
    screenshot(page, f"counter-z-report-{size[0]}x{size[1]}")
    assert not till_server.register()["is_open"]


def test_clear_asks_first_and_the_parked_list_shows_lines_and_age(page, till_server):
    """Clear empties the cart only once confirmed; a parked sale is listed with its lines
    and how long ago it was parked."""
    open_till(page, till_server)
    scan(page, PENNE[0])
    scan(page, SPREAD[0])
    page.locator("#btn-clear").click()
    button(page, "Cancel").click()
    assert page.locator("#cart-lines tr").count() == 2
    page.locator("#btn-clear").click()
    button(page, "Clear").click()
    page.locator("#cart-empty").wait_for(state="visible")
    scan(page, PENNE[0])
    page.locator("#btn-park").click()
    page.locator("#cart-empty").wait_for(state="visible")
    page.get_by_role("button", name="Parked sales").click()
    first = page.locator("#parked-list button").first
    first.wait_for()
    assert "min ago" in first.inner_text()
    mine = page.locator("#parked-list button").last  # oldest first: this test's is last
    assert "Penne rigate" in mine.inner_text() and "1 item(s)" in mine.inner_text()
    mine.click()  # taken back, so that other tests find the list as they left it
    page.locator("#cart-lines tr").first.wait_for()
    page.locator("#btn-clear").click()
    button(page, "Clear").click()
    page.locator("#cart-empty").wait_for(state="visible")


@SIZES
def test_the_register_screen_and_the_x_report(page, till_server, size):
    """The register screen's cards (cash in and out, reports, closing with the count by
    denomination) and the X report with its print button."""
    _at(page, size)
    open_till(page, till_server, "Manager", "1111")
    page.get_by_role("button", name="Register").click()
    page.locator("#close-denominations input").first.wait_for()
    _page_does_not_scroll(page)
    screenshot(page, f"counter-register-{size[0]}x{size[1]}")
    page.locator("#btn-xreport").click()
    page.locator("#report table").wait_for()
    _on_screen(page, "#btn-print-report")
    assert page.locator("#close-approval").is_hidden()  # a manager closes alone
