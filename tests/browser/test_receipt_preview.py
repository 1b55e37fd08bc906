"""The receipt preview in a browser: a demo sale's receipt as it will print, on 80 and
58 mm paper, read by a manager at the three screen sizes."""

from __future__ import annotations

import uuid

import pytest

from .backoffice import VIEWPORTS, admin_page, no_horizontal_scroll, shot, sign_in

pytestmark = pytest.mark.browser


def _sell(server) -> dict:
    """A cash sale of two of the demo's first product, the register opened if need be."""
    server.open_register()
    _status, registers = server.api("GET", "/registers")
    register = next(r for r in registers if r["code"] == "R1")
    status, products = server.api("GET", "/products?q=croissant")
    assert status == 200 and products, products
    body = {
        "id": str(uuid.uuid4()),
        "register_id": register["id"],
        "lines": [{"product_id": products[0]["id"], "quantity": 2}],
        "payments": [{"method": "cash", "amount": 5000}],
    }
    status, sale = server.api("POST", "/sales", body)
    assert status == 201, sale
    return sale


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda v: f"{v[0]}x{v[1]}")
def test_a_manager_previews_the_latest_receipt(chromium, comptoir_server, viewport):
    sale = _sell(comptoir_server)
    page = admin_page(chromium, comptoir_server, viewport)
    try:
        sign_in(page, "manager")
        page.goto(f"/admin/receipts/preview?sale={sale['id']}")
        paper = page.locator(".escpos-paper")
        paper.wait_for()
        assert paper.locator(".bold.wide-2.tall-2").first.is_visible()  # the shop's name
        number = page.locator(".code-qr .code-value").inner_text()
        assert number.endswith(f"-{sale['number']:06d}")
        assert page.locator(".mark-cut").count() == 1
        wide = paper.bounding_box()["width"]
        assert no_horizontal_scroll(page)
        shot(page, "receipt-preview-80mm", viewport)
        page.get_by_label("Paper").select_option("58")
        page.get_by_role("button", name="Show").click()
        page.wait_for_url("**paper_mm=58**")
        narrow = page.locator(".escpos-paper").bounding_box()["width"]
        assert narrow < wide
        assert no_horizontal_scroll(page)
        shot(page, "receipt-preview-58mm", viewport)
    finally:
        page.context.close()
