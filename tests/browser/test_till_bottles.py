"""What selling plugins put in the till's cart, online and offline, with the bottles sample
plugin (tests/sample_plugins/bottles): a deposit the server (or, offline, the plugin's till
pricing module) adds to each bottled line, bottles brought back (a credit line) that may
take a cart below zero, a voucher paid with its number and PIN, a delivery surcharge held
in the plugin's own part of the cart, and refunds of a deposit with its bottles."""

from __future__ import annotations

import json
import uuid

import pytest

from .conftest import screenshot
from .dialogs import button, closed, dialog, field, touch
from .test_till_offline import READ_OUTBOX
from .till import SPREAD, new_sale, open_till, pay_cash, scan

pytestmark = pytest.mark.browser

BEER = ("3541490005160", 320)  # Bière blonde 33 cl (BOI-004): bottled, 0.25 deposit each
SABLES = ("3176850402282", 275)  # Sablés bretons 125 g: as much as 11 bottles brought back


@pytest.fixture
def bottles(till_server):
    status, body, _ = till_server.api("POST", "/plugins/bottles/enable")
    assert status == 200, body
    yield
    till_server.api("POST", "/plugins/bottles/disable")


@pytest.fixture
def till(page, till_server, bottles):
    open_till(page, till_server)
    return page


def _offline(page):
    """Wait until the catalog is cached, then cut the till off the API."""
    page.wait_for_function("document.body.dataset.synced")
    page.route("**/api/**", lambda route: route.abort("internetdisconnected"))


def _back_online(page):
    page.unroute("**/api/**")
    page.wait_for_function("document.getElementById('queue').dataset.count === '0'", timeout=20000)


def _sale(server, page) -> dict:
    number = page.locator("#receipt-number").inner_text().strip()
    status, sales, _ = server.api("GET", f"/sales?receipt={number}")
    assert status == 200 and len(sales) == 1, sales
    return sales[0]


def _lines(sale) -> list[tuple]:
    return [
        (line["kind"], line["source"], line["for_line"], line["total"]) for line in sale["lines"]
    ]


def tap(locator) -> None:
    """A finger on a control of the screen, scrolled to first if the page is long (the
    dialogs' controls are checked on screen as they open, with touch())."""
    locator.evaluate("(control) => control.scrollIntoView({ block: 'center' })")
    touch(locator)


def bottles_back(page, count: int) -> None:
    """The plugin's till action: bottles brought back, typed on the dialog's pad."""
    rows = page.locator("#cart-lines tr").count()
    tap(page.locator("#actions").get_by_role("button", name="Bottles back", exact=True))
    dialog(page)
    pad = dialog(page).locator(".pad")
    for digit in str(count):
        touch(pad.get_by_role("button", name=digit, exact=True))
    touch(button(page, "OK"))
    closed(page)
    page.locator("#cart-lines tr").nth(rows).wait_for()


def test_server_adds_the_deposit_of_a_bottle(till, till_server):
    """Online, the server's quote adds the deposit after the beer: the cart shows it as
    added by the plugin, without buttons to change it, and the total includes it."""
    with till.expect_response(lambda r: r.url.endswith("/sales/quote")) as answer:
        scan(till, BEER[0])
    quote = answer.value.json()
    assert [(line["key"], line["kind"], line["editable"]) for line in quote["lines"]] == [
        (0, "product", True),
        (1, "deposit", False),
    ]
    added = till.locator("#cart-lines tr.added")
    assert "Deposit" in added.inner_text() and "added by Bottles" in added.inner_text()
    assert added.locator("button").count() == 0
    till.wait_for_function("document.getElementById('cart-total').textContent.includes('3.45')")
    pay_cash(till)
    sale = _sale(till_server, till)
    assert _lines(sale) == [("product", None, None, 320), ("deposit", "bottles", 0, 25)]
    assert not sale["data"].get("offline")


def test_till_pricing_module_adds_the_deposit_offline(till, till_server):
    """Offline, the plugin's till pricing module adds the same deposit: the waiting sale
    carries it as an added line, and the server records it once the sale is sent."""
    _offline(till)
    scan(till, BEER[0])
    assert "Deposit" in till.locator("#cart-lines tr.added").inner_text()
    assert "3.45" in till.locator("#cart-total").inner_text()
    pay_cash(till)
    assert "offline" in till.locator("#receipt-note").inner_text().lower()
    body = till.evaluate(READ_OUTBOX)[-1]
    assert body["lines"][1] == {
        "added": {
            "source": "bottles",
            "kind": "deposit",
            "name": "Deposit",
            "sku": "DEPOSIT",
            "unit_price": 25,
            "tax_rate": "0",
            "for_line": 0,
        },
        "quantity": "1",
    }
    _back_online(till)
    sale = _sale(till_server, till)
    assert _lines(sale) == [("product", None, None, 320), ("deposit", "bottles", 0, 25)]
    assert sale["data"]["offline"] is True


@pytest.mark.parametrize("online", [True, False], ids=["online", "offline"])
def test_bottles_back_below_zero_hand_cash_out(till, till_server, online):
    """Bottles brought back alone: the cart shows money given back, the pay screen says
    it gives back, offers only methods that pay out, and the sale hands out cash."""
    if not online:
        _offline(till)
    bottles_back(till, 6)
    row = till.locator("#cart-lines tr.credit")
    assert "Bottles returned x6" in row.inner_text() and "-€1.50" in row.inner_text()
    assert row.locator('button[data-act="discount"]').count() == 0
    assert "To give back" in till.locator("#totals").inner_text()
    till.keyboard.press("F9")
    till.locator("#screen-pay").wait_for(state="visible")
    assert till.locator("#pay-title").inner_text() == "Give back"
    assert till.locator("#pay-due-label").inner_text() == "To give back"
    codes = till.locator("#pay-methods button").evaluate_all(
        "(b) => b.map((x) => x.dataset.method)"
    )
    assert codes == ["cash"]
    screenshot(till, f"31-give-back-{'online' if online else 'offline'}")
    tap(till.locator("#pay-quick button").first)
    assert "1.50" in till.locator("#pay-paid").inner_text()
    till.keyboard.press("Enter")  # the complete button has the focus
    till.locator("#screen-receipt").wait_for(state="visible")
    if not online:
        body = till.evaluate(READ_OUTBOX)[-1]
        assert body["lines"] == [
            {
                "bottles_back": {"bottles": 6},
                "quantity": "1",
                "unit_price": -150,
                "tax_rate": "0",
                "name": "Bottles returned x6",
            }
        ]
        assert body["payments"] == [{"method": "cash", "amount": -150}]
        _back_online(till)
    sale = _sale(till_server, till)
    assert (sale["total"], sale["change"]) == (-150, 0)
    assert [(p["method"], p["amount"]) for p in sale["payments"]] == [("cash", -150)]


def test_a_cart_totalling_zero_completes_without_payment(till, till_server):
    """Eleven bottles brought back against a 2.75 packet of biscuits: nothing to pay."""
    scan(till, SABLES[0])
    bottles_back(till, 11)
    till.keyboard.press("F9")
    till.locator("#screen-pay").wait_for(state="visible")
    assert till.locator("#pay-methods button").count() == 0
    tap(till.locator("#pay-complete"))
    till.locator("#screen-receipt").wait_for(state="visible")
    sale = _sale(till_server, till)
    assert (sale["total"], sale["payments"]) == (0, [])


def test_voucher_asks_its_number_and_pin_and_keeps_only_the_number(till, till_server):
    """The voucher method asks its fields in the till's dialog (the PIN hidden, 4 at
    most, both required); the server's refusal of a wrong PIN is shown on the pay screen
    against that voucher; the sale keeps the number, never the PIN."""
    scan(till, SPREAD[0])
    till.keyboard.press("F9")
    tap(till.locator('#pay-methods button[data-method="voucher"]'))
    dialog(till)
    assert field(till, "PIN").get_attribute("type") == "password"
    assert field(till, "PIN").get_attribute("maxlength") == "4"
    till.keyboard.press("Enter")
    assert dialog(till).locator(".error").inner_text() == "Voucher number: required"
    till.keyboard.type("V-1234")
    till.keyboard.press("Tab")
    till.keyboard.type("0000")
    screenshot(till, "32-voucher-fields")
    till.keyboard.press("Enter")
    closed(till)
    assert "Voucher · V-1234" in till.locator("#pay-tenders").inner_text()
    assert "0000" not in till.locator("#screen-pay").inner_text()
    till.keyboard.press("Enter")  # complete: the server refuses the PIN
    error = till.locator("#pay-error")
    till.wait_for_function("document.getElementById('pay-error').textContent.includes('PIN')")
    assert error.inner_text() == "Voucher · PIN: wrong PIN for this voucher"
    assert till.locator("#pay-tenders li.error").count() == 1
    screenshot(till, "33-voucher-refused")
    # The remove button of the refused voucher has the focus: Enter takes it off.
    till.keyboard.press("Enter")
    assert till.locator("#pay-tenders li").count() == 0
    tap(till.locator('#pay-methods button[data-method="voucher"]'))
    field(till, "Voucher number").fill("V-1234")
    field(till, "PIN").fill("4321")
    touch(button(till, "OK"))
    closed(till)
    tap(till.locator("#pay-complete"))
    till.locator("#screen-receipt").wait_for(state="visible")
    sale = _sale(till_server, till)
    assert sale["payments"] == [
        {
            "method": "voucher",
            "amount": 429,
            "fields": {"number": "V-1234"},
            "data": {"checked": "V-1234"},
        }
    ]
    assert "4321" not in json.dumps(sale)


@pytest.mark.parametrize("online", [True, False], ids=["online", "offline"])
def test_delivery_surcharge_from_the_plugins_cart_data(till, till_server, online):
    """The plugin's action sets its part of the cart, shown as a chip; the delivery is a
    line after the goods (the server's, or offline the pricing module's); the chip's
    button takes it off again."""
    if not online:
        _offline(till)
    scan(till, SPREAD[0])
    tap(till.locator("#actions").get_by_role("button", name="Delivery", exact=True))
    chip = till.locator("#cart-extras .chip")
    assert chip.inner_text().startswith("Delivery")
    till.locator("#cart-lines tr.added").wait_for()
    assert "Delivery" in till.locator("#cart-lines tr.added").inner_text()
    till.wait_for_function("document.getElementById('cart-total').textContent.includes('9.29')")
    tap(chip.get_by_role("button"))
    till.wait_for_function("document.getElementById('cart-total').textContent.includes('4.29')")
    assert till.locator("#cart-lines tr.added").count() == 0
    tap(till.locator("#actions").get_by_role("button", name="Delivery", exact=True))
    till.wait_for_function("document.getElementById('cart-total').textContent.includes('9.29')")
    pay_cash(till, "10")
    if not online:
        body = till.evaluate(READ_OUTBOX)[-1]
        assert body["plugin_data"] == {"bottles": {"delivery": True}}
        assert body["lines"][1]["added"] == {
            "source": "bottles",
            "kind": "surcharge",
            "name": "Delivery",
            "sku": "",
            "unit_price": 500,
            "tax_rate": "20",
            "surcharge": True,
        }
        _back_online(till)
    sale = _sale(till_server, till)
    assert _lines(sale) == [("product", None, None, 429), ("surcharge", "bottles", None, 500)]
    assert sale["plugin_data"]["bottles"]["delivery"] is True


def test_a_plugin_priced_on_the_server_refuses_offline_sales(page, till_server, bottles):
    """bad_lines adds lines without a till pricing module: offline, the pay screen says
    the sale needs the server, naming the plugin, and sells nothing."""
    status, body, _ = till_server.api("POST", "/plugins/bad_lines/enable")
    assert status == 200, body
    try:
        open_till(page, till_server)
        _offline(page)
        scan(page, SPREAD[0])
        page.keyboard.press("F9")
        page.locator("#screen-pay").wait_for(state="visible")
        assert "Bad lines" in page.locator("#pay-error").inner_text()
        page.locator('#pay-methods button[data-method="cash"]').click()
        page.locator("#pay-complete").click()
        assert page.locator("#pay-error").inner_text() == (
            "Not possible offline, needs the server: Bad lines"
        )
        assert page.locator("#screen-pay").is_visible()
        assert page.locator("#queue").get_attribute("data-count") == "0"
    finally:
        till_server.api("POST", "/plugins/bad_lines/disable")


def test_a_deposit_is_refunded_with_its_bottles(till, till_server):
    """At the refund screen the deposit is shown under its beer, not selectable alone,
    the bottles brought back are not refundable, and refunding 2 of 6 beers gives back
    2 of the 6 deposits, as the server computes it."""
    register = till_server.ensure_open()
    status, sale, _ = till_server.api(
        "POST",
        "/sales",
        {
            "id": str(uuid.uuid4()),
            "register_id": register["id"],
            "lines": [{"barcode": BEER[0], "quantity": 6}, {"bottles_back": {"bottles": 4}}],
            "payments": [{"method": "cash", "amount": 5000}],
        },
    )
    assert status == 201, sale
    till.get_by_role("button", name="Find a sale").click()
    till.locator("#find-input").fill(sale["receipt_number"])
    till.keyboard.press("Enter")
    till.locator("#refund-form").wait_for(state="visible")
    rows = till.locator("#found-lines tr")
    assert [r.split("\t")[0] for r in rows.all_inner_texts()] == [
        "Bière blonde 33 cl",
        "↳ Deposit",
        "Bottles returned x4",
    ]
    assert till.locator("#found-lines input").count() == 1
    assert "With its line" in rows.nth(1).inner_text()
    assert "Not refundable" in rows.nth(2).inner_text()
    till.locator("#found-lines input").fill("2")
    assert "6.90" in till.locator("#refund-total").inner_text()
    till.locator("#refund-manager").select_option(label="Manager")
    till.locator("#refund-pin").fill("1111")
    screenshot(till, "34-refund-deposit")
    till.locator("#btn-refund").click()
    till.wait_for_function("document.getElementById('message').textContent.includes('6.90')")
    _, refreshed, _ = till_server.api("GET", f"/sales/{sale['id']}")
    assert [r["total"] for r in refreshed["refunds"]] == [690]
    assert till.locator("#screen-find").is_visible()  # the cashier stays signed in


@pytest.mark.parametrize("size", [(1024, 768), (1280, 800), (1920, 1080)], ids=str)
def test_screens_at_each_size(till, till_server, size):
    """The cart with added, credit and chip, the give-back pay screen and the voucher's
    dialog fit the screen and are driven by touch-sized controls and keys."""
    width, height = size
    till.set_viewport_size({"width": width, "height": height})
    scan(till, BEER[0])
    scan(till, SPREAD[0])
    bottles_back(till, 30)
    tap(till.locator("#actions").get_by_role("button", name="Delivery", exact=True))
    tap(till.locator("#cart-extras .chip button"))
    tap(till.locator("#actions").get_by_role("button", name="Delivery", exact=True))
    till.locator("#cart-lines tr.added").nth(1).wait_for()
    screenshot(till, f"35-cart-{width}x{height}")
    till.keyboard.press("F9")
    till.locator("#screen-pay").wait_for(state="visible")
    tap(till.locator('#pay-methods button[data-method="voucher"]'))
    dialog(till)
    screenshot(till, f"36-voucher-{width}x{height}")
    till.keyboard.press("Escape")
    closed(till)
    till.keyboard.press("Escape")
    till.locator("#screen-sell").wait_for(state="visible")
    # 40 bottles back: the cart now gives money back.
    bottles_back(till, 40)
    till.keyboard.press("F9")
    till.locator("#screen-pay").wait_for(state="visible")
    tap(till.locator("#pay-quick button").first)
    remove = till.locator("#pay-tenders button")
    tap(remove)
    tap(till.locator('#pay-methods button[data-method="cash"]'))
    screenshot(till, f"37-give-back-{width}x{height}")
    till.keyboard.press("Enter")
    till.locator("#screen-receipt").wait_for(state="visible")
    number = till.locator("#receipt-number").inner_text().strip()
    new_sale(till)
    till.get_by_role("button", name="Find a sale").click()  # the menu bar
    till.keyboard.type(number)
    till.keyboard.press("Enter")
    till.locator("#refund-form").wait_for(state="visible")
    till.keyboard.press("Control+a")  # the first refundable line has the focus: one beer
    till.keyboard.type("1")
    assert "3.45" in till.locator("#refund-total").inner_text()
    screenshot(till, f"39-refund-{width}x{height}")


@pytest.mark.parametrize("online", [True, False], ids=["on-the-server", "on-this-till"])
def test_a_parked_cart_keeps_its_plugin_data_and_plugin_lines(till, till_server, online):
    """Parked and resumed, the cart still holds the plugin's data (its chip: the label
    given, or the plugin's title once parked on the server) and the bottles brought back,
    priced again by the server."""
    _, parked, _ = till_server.api("GET", "/parked-sales")
    for item in parked:  # other tests' carts would be listed first
        till_server.api("POST", f"/parked-sales/{item['id']}/resume")
    if not online:
        _offline(till)
    scan(till, SPREAD[0])
    bottles_back(till, 6)
    tap(till.locator("#actions").get_by_role("button", name="Delivery", exact=True))
    till.locator("#cart-lines tr.added").wait_for()
    till.locator("#btn-park").click()
    till.wait_for_function("document.querySelectorAll('#cart-lines tr').length === 0")
    if not online:
        _back_online(till)
    till.get_by_role("button", name="Parked sales").click()
    till.locator("#parked-list button").first.click()
    till.locator("#screen-sell").wait_for(state="visible")
    till.wait_for_function("document.getElementById('cart-total').textContent.includes('7.79')")
    assert (
        till.locator("#cart-extras .chip")
        .inner_text()
        .startswith("Delivery" if not online else "Bottles")
    )
    assert "Bottles returned x6" in till.locator("#cart-lines").inner_text()
    cart = till.evaluate("import('/static/till/js/screens.js').then((m) => m.till.cart)")
    assert cart["plugin_data"] == {"bottles": {"delivery": True}}
    assert [line.get("kind") for line in cart["lines"]] == [None, "bottles_back"]
    assert cart["lines"][1]["unit_price"] == -150


def test_plugin_calls_remove_lines_and_read_the_priced_cart(till):
    """till.priced() has the lines the plugins add after the till's own, with who added
    them; till.removeLine(key) removes one of the till's lines, and those after it move
    up a key."""
    scan(till, BEER[0])
    bottles_back(till, 2)
    scan(till, SPREAD[0])
    # Through JSON, as a plugin would send it: nothing in it is a BigInt.
    priced = till.evaluate(
        "import('/static/till/js/screens.js')"
        ".then((m) => JSON.parse(JSON.stringify(m.till.priced())))"
    )
    assert [(line["key"], line["kind"], line["source"], line["for_line"], line["editable"])
            for line in priced["lines"]] == [
        (0, "product", None, None, True),
        (1, "bottles_back", None, None, True),
        (2, "product", None, None, True),
        (3, "deposit", "bottles", 0, False),
    ]  # fmt: skip
    assert priced["total"] == 320 - 50 + 429 + 25
    assert priced["due_direction"] == "in"
    till.evaluate("import('/static/till/js/screens.js').then((m) => m.till.removeLine(1))")
    till.wait_for_function("document.querySelectorAll('#cart-lines tr').length === 3")
    cart = till.evaluate("import('/static/till/js/screens.js').then((m) => m.till.cart)")
    assert [(line["key"], line["name"]) for line in cart["lines"]] == [
        (0, "Bière blonde 33 cl"),
        (1, "Pâte à tartiner noisettes 400 g"),
    ]


def test_customer_display_shows_added_lines_and_money_given_back(context, till, till_server):
    """The customer sees the deposit and the bottles brought back, and on the pay
    screen how much the shop gives back."""
    display = context.new_page()
    display.goto("/till/display")
    scan(till, BEER[0])
    bottles_back(till, 20)
    display.wait_for_function(
        "document.getElementById('display-lines').textContent.includes('Deposit')"
    )
    lines = display.locator("#display-lines").inner_text()
    assert "Bottles returned x20" in lines and "-€5.00" in lines
    till.keyboard.press("F9")
    display.wait_for_function(
        "document.getElementById('display-message').textContent.includes('To give back')"
    )
    assert "€1.55" in display.locator("#display-message").inner_text()
    screenshot(display, "38-display-give-back")
    till.keyboard.press("Escape")


def test_voucher_refund_asks_its_refund_fields(till, till_server):
    """Money given back on a voucher asks the method's refund fields in the till's
    dialog; the refund keeps them."""
    register = till_server.ensure_open()
    status, sale, _ = till_server.api(
        "POST",
        "/sales",
        {
            "id": str(uuid.uuid4()),
            "register_id": register["id"],
            "lines": [{"barcode": SPREAD[0], "quantity": 1}],
            "payments": [
                {"method": "voucher", "amount": 429, "fields": {"number": "V-1234", "pin": "4321"}}
            ],
        },
    )
    assert status == 201, sale
    till.get_by_role("button", name="Find a sale").click()
    till.locator("#find-input").fill(sale["receipt_number"])
    till.keyboard.press("Enter")
    till.locator("#refund-form").wait_for(state="visible")
    till.locator("#found-lines input").fill("1")
    till.locator("#refund-method").select_option("voucher")
    till.locator("#refund-manager").select_option(label="Manager")
    till.locator("#refund-pin").fill("1111")
    till.locator("#btn-refund").click()
    dialog(till)
    assert dialog(till).get_by_role("heading").inner_text() == "Voucher · €4.29"
    field(till, "Voucher number").fill("V-7777")
    till.keyboard.press("Enter")
    closed(till)
    till.wait_for_function("document.getElementById('message').textContent.includes('4.29')")
    _, refreshed, _ = till_server.api("GET", f"/sales/{sale['id']}")
    _, refund, _ = till_server.api("GET", f"/refunds/{refreshed['refunds'][0]['id']}")
    assert refund["payments"][0]["fields"] == {"number": "V-7777"}


def test_a_plugin_action_works_after_reloading_offline(context, till, till_server):
    """The till's service worker keeps the plugins' action scripts and pricing modules:
    reloaded with the network off, the till still runs "Bottles back" and prices the
    beer's deposit."""
    till.wait_for_function("document.body.dataset.synced")
    till.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller")
    # The worker installed with this set of plugins has cached their scripts.
    till.wait_for_function(
        """caches.open('comptoir-till').then((cache) =>
             cache.match('/static/plugins/bottles/back.js')).then(Boolean)""",
        polling=200,
    )
    context.set_offline(True)
    try:
        till.reload()
        till.locator("#screen-sell").wait_for(state="visible")
        scan(till, BEER[0])
        till.wait_for_function("document.getElementById('cart-total').textContent.includes('3.45')")
        bottles_back(till, 3)
        till.wait_for_function("document.getElementById('cart-total').textContent.includes('2.70')")
    finally:
        context.set_offline(False)
