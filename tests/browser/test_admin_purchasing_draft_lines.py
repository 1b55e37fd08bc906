"""A draft purchase order's lines changed in a browser, at the three screen sizes: a
manager adds a product by SKU, changes a line's quantity and cost, removes a line, and
sees the refusal of a product already on the order. Screenshots of the order page."""

from __future__ import annotations

import pytest

from .backoffice import VIEWPORTS, admin_page, no_horizontal_scroll, shot, sign_in

pytestmark = pytest.mark.browser


def _product(server, sku: str) -> dict:
    status, found = server.api("GET", f"/products?q={sku}")
    assert status == 200
    return next(product for product in found if product["sku"] == sku)


def _draft(server, name: str, product: dict) -> dict:
    status, supplier = server.api("POST", "/suppliers", {"name": name})
    assert status == 201, supplier
    body = {
        "supplier_id": supplier["id"],
        "location_id": 1,
        "lines": [{"product_id": product["id"], "quantity": "12", "unit_cost": 45}],
    }
    status, order = server.api("POST", "/purchase-orders", body)
    assert status == 201, order
    return order


def _lines(server, order_id: int) -> list[tuple[str, str, int]]:
    status, order = server.api("GET", f"/purchase-orders/{order_id}")
    assert status == 200
    return [(line["sku"], line["quantity"], line["unit_cost"]) for line in order["lines"]]


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda v: f"{v[0]}x{v[1]}")
def test_a_drafts_lines_are_changed_on_its_page(chromium, comptoir_server, viewport):
    comptoir_server.enable("purchasing")
    canele, chocolate = _product(comptoir_server, "BOU-005"), _product(comptoir_server, "BOU-002")
    order = _draft(comptoir_server, f"Moulin Dupont {viewport[0]}", canele)
    page = admin_page(chromium, comptoir_server, viewport)
    try:
        sign_in(page, "manager")
        page.goto(f"/purchasing/orders/{order['id']}")
        # The only line cannot be removed (cancel the order instead).
        assert page.locator("#order-lines tbody tr button", has_text="Remove").is_disabled()

        adding = page.locator("#add-line")
        adding.get_by_label("SKU or barcode").fill("BOU-002")
        adding.get_by_label("Quantity").fill("20")
        adding.get_by_label("Unit cost").fill("0,60")
        shot(page, "purchasing-draft-lines", viewport)
        assert no_horizontal_scroll(page)
        adding.get_by_role("button", name="Add to the order").click()
        page.locator(".flash", has_text="Line added to").wait_for()
        assert _lines(comptoir_server, order["id"]) == [
            ("BOU-005", "12", 45),
            ("BOU-002", "20", 60),
        ]

        page.get_by_label(f"Quantity of {canele['name']}").fill("24")
        page.get_by_label(f"Unit cost of {canele['name']}").fill("0,42")
        row = page.locator("#order-lines tbody tr", has_text=canele["name"])
        row.get_by_role("button", name="Save").click()
        page.locator(".flash", has_text="Line of").wait_for()
        assert _lines(comptoir_server, order["id"])[0] == ("BOU-005", "24", 42)

        # A product already on the order: the refusal is shown, nothing changes.
        adding = page.locator("#add-line")
        adding.get_by_label("SKU or barcode").fill("BOU-005")
        adding.get_by_label("Quantity").fill("1")
        adding.get_by_role("button", name="Add to the order").click()
        page.locator("[role=alert]", has_text="is on the order already").wait_for()
        shot(page, "purchasing-draft-lines-refused", viewport)
        assert len(_lines(comptoir_server, order["id"])) == 2

        row = page.locator("#order-lines tbody tr", has_text=chocolate["name"])
        row.get_by_role("button", name="Remove").click()
        page.locator(".flash", has_text="Line removed from").wait_for()
        assert _lines(comptoir_server, order["id"]) == [("BOU-005", "24", 42)]
        shot(page, "purchasing-draft-lines-after", viewport)
        assert no_horizontal_scroll(page)
    finally:
        page.context.close()
