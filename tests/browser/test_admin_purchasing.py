"""Purchasing in a browser, at the three screen sizes: a manager adds a supplier and a
product it sells, drafts an order from the supplier's products, marks it sent, and books
the delivery in two parts; stock and cost follow. Screenshots of every page."""

from __future__ import annotations

from decimal import Decimal

import pytest

from .backoffice import VIEWPORTS, admin_page, no_horizontal_scroll, shot, sign_in

pytestmark = pytest.mark.browser

SKU = "BOU-005"  # Cannelé bordelais in the demo shop


def _status(page) -> str:
    return page.locator("#order-status [data-status]").get_attribute("data-status")


def _product(server) -> dict:
    status, found = server.api("GET", f"/products?q={SKU}")
    assert status == 200
    return next(product for product in found if product["sku"] == SKU)


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda v: f"{v[0]}x{v[1]}")
def test_an_order_created_sent_and_received(chromium, comptoir_server, viewport):
    comptoir_server.enable("purchasing")
    name = f"Pâtisserie Dupont {viewport[0]}"
    before = Decimal(_product(comptoir_server)["stock"])
    page = admin_page(chromium, comptoir_server, viewport)
    page.on("dialog", lambda dialog: dialog.accept())
    try:
        sign_in(page, "manager")
        page.goto("/purchasing/suppliers")
        form = page.locator("#new-supplier")
        form.get_by_label("Supplier name").fill(name)
        form.get_by_label("Contact person").fill("Jeanne Dupont")
        form.get_by_label("E-mail").fill("commandes@dupont.example")
        form.get_by_label("VAT number").fill("FR98765432101")
        form.get_by_label("Lead time (days)").fill("2")
        shot(page, "purchasing-suppliers", viewport)
        form.get_by_role("button", name="Add the supplier").click()
        page.locator(".flash", has_text=f"Supplier {name} added.").wait_for()
        assert no_horizontal_scroll(page)

        product = page.locator("#supplier-product")
        product.get_by_label("SKU or barcode").fill(SKU)
        product.get_by_label("Supplier's reference").fill("DUP-CAN-12")
        product.get_by_label("Pack size").fill("12")
        product.get_by_label("Unit cost").fill("0,45")
        product.get_by_label("Preferred supplier of this product").check()
        product.get_by_role("button", name="Save the product").click()
        page.locator(".flash", has_text="saved for this supplier").wait_for()
        offered = page.locator("#supplier-products").inner_text()
        assert "DUP-CAN-12" in offered and "Preferred" in offered
        shot(page, "purchasing-supplier", viewport)

        page.goto("/purchasing/orders/new")
        page.get_by_label("Supplier").select_option(label=name)
        page.get_by_role("button", name="Next").click()
        page.get_by_label("Quantity of Cannelé bordelais").fill("12")
        shot(page, "purchasing-order-new", viewport)
        assert no_horizontal_scroll(page)
        page.get_by_role("button", name="Draft the order").click()
        page.locator(".flash", has_text="drafted").wait_for()
        assert _status(page) == "draft"

        page.get_by_role("button", name="Mark as sent").click()
        page.locator(".flash", has_text="is marked as sent").wait_for()
        with page.expect_download() as pdf:
            page.get_by_role("link", name="PDF for the supplier").click()
        assert pdf.value.suggested_filename.endswith(".pdf")

        page.get_by_label("Received now of Cannelé bordelais").fill("5")
        shot(page, "purchasing-order-sent", viewport)
        page.get_by_role("button", name="Book the goods received").click()
        page.locator(".flash", has_text="Goods received").wait_for()
        assert _status(page) == "partly_received"
        assert Decimal(_product(comptoir_server)["stock"]) == before + 5

        # The rest is offered by default; the invoice says 0.50 each.
        assert page.get_by_label("Received now of Cannelé bordelais").input_value() == "7"
        page.get_by_label("Invoiced unit cost of Cannelé bordelais").fill("0.50")
        page.get_by_role("button", name="Book the goods received").click()
        page.locator(".flash", has_text="Goods received").wait_for()
        assert _status(page) == "received"
        shot(page, "purchasing-order-received", viewport)
        after = _product(comptoir_server)
        assert Decimal(after["stock"]) == before + 12 and after["cost"] == 50

        page.goto("/purchasing/")
        assert page.locator("#orders tbody tr").first.get_attribute("data-status") == "received"
        shot(page, "purchasing-orders", viewport)
        page.goto("/purchasing/reorder")
        point = page.locator("#reorder-point")
        point.get_by_label("SKU or barcode").fill(SKU)
        point.get_by_label("Reorder at or below").fill("500")
        point.get_by_label("Order at least").fill("24")
        point.get_by_role("button", name="Save the reorder point").click()
        page.locator(".flash", has_text="Reorder point of Cannelé bordelais saved.").wait_for()
        suggested = page.locator(f"#suggestions tr[data-sku='{SKU}']")
        assert suggested.count() == 1  # with its preferred supplier, in whole packs of 12
        shot(page, "purchasing-reorder", viewport)
        assert no_horizontal_scroll(page)
    finally:
        page.context.close()
