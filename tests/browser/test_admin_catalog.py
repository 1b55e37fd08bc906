"""The catalog back office in headless Chromium: a product created in the page is sold
at the till; a CSV with one bad row is checked, then imported without it; the pages laid
out at 1024x768, 1280x800 and 1920x1080 (screenshots in test-artifacts/)."""

from __future__ import annotations

import pytest

from core.catalog.gtin import with_check_digit

from .conftest import screenshot
from .till import open_till, pay_cash, scan

pytestmark = pytest.mark.browser

SIZES = ((1024, 768), (1280, 800), (1920, 1080))


def sign_in_back_office(page, username: str = "manager", password: str = "comptoir-manager"):
    page.goto("/login")
    page.locator("#username").fill(username)
    page.locator("#password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")


def test_a_product_created_in_the_back_office_sells_at_the_till(browser, till_server):
    barcode = with_check_digit("200000000417")
    office = browser.new_context(base_url=till_server.url, viewport={"width": 1280, "height": 800})
    office.set_default_timeout(10000)
    page = office.new_page()
    sign_in_back_office(page)
    page.get_by_role("link", name="Products", exact=True).click()
    page.get_by_role("link", name="+ New product").click()
    page.get_by_label("Name").fill("Tarte au citron")
    page.get_by_label("Price").fill("12,50")
    page.get_by_label("Cost").fill("4,10")
    page.get_by_label("Category").select_option(label="Boulangerie")
    page.get_by_label("Tax rate").select_option(label="Reduced (5.5%)")
    page.get_by_label("Barcodes").fill(barcode)
    page.get_by_label("Initial stock").fill("6")
    screenshot(page, "admin-product-new")
    page.get_by_role("button", name="Create product").click()
    page.get_by_text("Product Tarte au citron saved.").wait_for()
    assert page.get_by_label("Price").input_value() == "12.50"
    office.close()

    status, found, _ = till_server.api("GET", f"/products?barcode={barcode}")
    assert status == 200 and found[0]["price"] == 1250 and found[0]["tax_rate"] == "5.5"

    till = browser.new_context(base_url=till_server.url, viewport={"width": 1280, "height": 860})
    till.set_default_timeout(10000)
    page = till.new_page()
    open_till(page, till_server)
    scan(page, barcode)
    assert "Tarte au citron" in page.locator("#cart-lines").inner_text()
    assert "12.50" in page.locator("#cart-total").inner_text()
    pay_cash(page, "20")
    number = page.locator("#receipt-number").inner_text().strip()
    _, sales, _ = till_server.api("GET", f"/sales?receipt={number}")
    assert sales[0]["total"] == 1250 and sales[0]["change"] == 750
    till.close()
    _, after, _ = till_server.api("GET", f"/products?barcode={barcode}")
    assert after[0]["stock"] == "5"


def test_a_csv_with_one_bad_row_is_checked_then_imported_without_it(page, till_server):
    rows = (
        "sku;name;price;tax_rate;category;barcodes;stock\n"
        "CSV-1;Galette des rois;18,90;5.5;Boulangerie;;4\n"
        "CSV-2;Kouign-amann;trois euros;5.5;Boulangerie;;2\n"
        "CSV-3;Far breton;9.50;5.5;Boulangerie;;3\n"
    )
    sign_in_back_office(page)
    page.goto("/admin/catalog/products")
    page.get_by_role("link", name="Import CSV").click()
    page.locator("#f-file").set_input_files(
        {"name": "products.csv", "mimeType": "text/csv", "buffer": rows.encode()}
    )
    page.get_by_role("button", name="Check the file").click()
    errors = page.locator("table.import-errors tbody tr")
    errors.first.wait_for()
    assert errors.count() == 1
    assert errors.first.inner_text().split("\t")[:2] == ["3", "price"]
    assert "2 rows ready to import" in page.content()
    screenshot(page, "admin-import-checked")
    page.get_by_label("Skip the bad rows and import the others").check()
    page.locator("#import-button").click()
    result = page.locator("#import-result")
    result.wait_for()
    assert "2 created" in result.inner_text() and "1 bad row was skipped" in result.inner_text()
    screenshot(page, "admin-import-done")
    _, found, _ = till_server.api("GET", "/products?q=CSV-")
    assert {p["sku"]: p["price"] for p in found} == {"CSV-1": 1890, "CSV-3": 950}


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_catalog_pages_fit_the_screen(browser, till_server, width, height):
    """No page scrolls sideways, the menu and the page's main button are on screen and
    big enough to touch."""
    context = browser.new_context(
        base_url=till_server.url, viewport={"width": width, "height": height}
    )
    context.set_default_timeout(10000)
    page = context.new_page()
    sign_in_back_office(page)
    _, spread, _ = till_server.api("GET", "/products?barcode=3017620422003")
    pages = {
        "products": "/admin/catalog/products",
        "product": f"/admin/catalog/products/{spread[0]['id']}",
        "categories": "/admin/catalog/categories",
        "tax-rates": "/admin/catalog/tax-rates",
        "import": "/admin/catalog/import",
        "labels": f"/admin/catalog/labels?ids={spread[0]['id']}&copies=3",
        "stock": "/admin/stock/",
        "ledger": f"/admin/stock/products/{spread[0]['id']}",
    }
    for name, path in pages.items():
        page.goto(path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, (name, width, overflow)
        menu = page.locator("nav.menu")
        assert menu.is_visible() and menu.bounding_box()["x"] >= 0
        button = page.locator("main button, main .button").first
        box = button.bounding_box()
        assert box and box["height"] >= 30 and box["x"] + box["width"] <= width, (name, box)
        screenshot(page, f"admin-{name}-{width}x{height}")
    context.close()
