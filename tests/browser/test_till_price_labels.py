"""A price label on a product sold by the unit (a cake priced at the counter: GS1 prefix 22,
layout item5_price5) sells that item at the printed price, online and offline, at each
screen size a counter has; the server records the label on the line."""

from __future__ import annotations

import pytest

from core.catalog.gtin import with_check_digit

from .conftest import screenshot
from .dialogs import touch
from .till import open_till, scan

pytestmark = pytest.mark.browser

VIEWPORTS = [(1024, 768), (1280, 800), (1920, 1080)]


def _block_api(route):
    route.abort("internetdisconnected")


@pytest.fixture
def price_layout(till_server):
    """The shop's scales print prices (item5_price5) for this test only."""
    status, _, _ = till_server.api("PATCH", "/settings/store", {"gs1_layout": "item5_price5"})
    assert status == 200
    yield
    till_server.api("PATCH", "/settings/store", {"gs1_layout": "item5_weight5"})


def _pay_by_touch(page) -> str:
    touch(page.locator("#btn-pay"))
    page.locator("#screen-pay").wait_for(state="visible")
    touch(page.locator('#pay-methods button[data-method="cash"]'))
    touch(page.locator("#pay-complete"))
    page.locator("#screen-receipt").wait_for(state="visible")
    number = page.locator("#receipt-number").inner_text().strip()
    touch(page.locator("#btn-new-sale"))
    page.locator("#screen-sell").wait_for(state="visible")
    return number


@pytest.mark.parametrize("size", VIEWPORTS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_price_label_sells_at_its_price_online_and_offline(page, till_server, price_layout, size):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    item = f"{5000 + size[0] % 1000:05d}"
    status, cake, _ = till_server.api(
        "POST",
        "/products",
        {
            "sku": f"CAKE-{size[0]}",
            "name": f"Fraisier {size[0]}",
            "price": 2500,
            "tax_rate": "5.5",
            "sold_by": "unit",
            "barcodes": [with_check_digit(f"22{item}00000")],
        },
    )
    assert status == 201, cake
    open_till(page, till_server)
    page.wait_for_function("document.body.dataset.synced")
    label = with_check_digit(f"22{item}01234")  # 12.34 printed on the cake
    scan(page, label)
    line = page.locator("#cart-lines tr").first
    assert "12.34" in line.inner_text() and "25.00" not in line.inner_text()
    assert "12.34" in page.locator("#cart-total").inner_text()
    screenshot(page, f"price-label-{size[0]}x{size[1]}")
    number = _pay_by_touch(page)
    _, sales, _ = till_server.api("GET", f"/sales?receipt={number}")
    sold = sales[0]["lines"][0]
    assert (sold["product_id"], sold["unit_price"], sold["barcode"]) == (cake["id"], 1234, label)

    # Offline: the same price, sent with the label, accepted by the server's check.
    page.route("**/api/**", _block_api)
    try:
        other = with_check_digit(f"22{item}00999")  # another cake, 9.99
        scan(page, other)
        assert "9.99" in page.locator("#cart-total").inner_text()
        offline_number = _pay_by_touch(page)
    finally:
        page.unroute("**/api/**", _block_api)
    page.wait_for_function("document.getElementById('queue').dataset.count === '0'", timeout=20000)
    _, sales, _ = till_server.api("GET", f"/sales?receipt={offline_number}")
    assert sales[0]["data"]["offline"] is True
    sold = sales[0]["lines"][0]
    assert (sold["unit_price"], sold["barcode"], sales[0]["total"]) == (999, other, 999)


def test_price_labels_add_up_by_label_and_come_back_from_the_parked_list(
    page, till_server, price_layout
):
    """The same label twice is one line of two at its price; another label of the same
    product is a line of its own; parked and taken back, the lines keep their prices."""
    status, tart, _ = till_server.api(
        "POST",
        "/products",
        {
            "sku": "TART-PARK",
            "name": "Tarte du jour",
            "price": 1800,
            "tax_rate": "5.5",
            "barcodes": [with_check_digit("220777700000")],
        },
    )
    assert status == 201, tart
    open_till(page, till_server)
    page.wait_for_function("document.body.dataset.synced")
    small, big = with_check_digit("220777700650"), with_check_digit("220777701420")
    for code in (small, small, big):
        page.locator("#scan").fill(code)
        page.keyboard.press("Enter")
    page.wait_for_function("document.querySelectorAll('#cart-lines tr').length === 2")
    page.wait_for_function("document.getElementById('cart-total').textContent.includes('27.20')")
    touch(page.locator("#btn-park"))
    page.locator("#cart-empty").wait_for(state="visible")
    touch(page.get_by_role("button", name="Parked sales"))
    mine = page.locator("#parked-list button", has_text="Tarte du jour").last
    mine.wait_for()
    assert "?" not in mine.inner_text()
    touch(mine)
    page.wait_for_function("document.getElementById('cart-total').textContent.includes('27.20')")
    rows = page.locator("#cart-lines tr")
    assert "13.00" in rows.nth(0).inner_text() and "14.20" in rows.nth(1).inner_text()
    number = _pay_by_touch(page)
    _, sales, _ = till_server.api("GET", f"/sales?receipt={number}")
    assert [(line["barcode"], line["quantity"], line["total"]) for line in sales[0]["lines"]] == [
        (small, "2", 1300),
        (big, "1", 1420),
    ]
