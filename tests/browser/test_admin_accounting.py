"""The accounting pages in a browser at the three sizes: the day's books with their
summary and export buttons, and an account of the merchant's own saved in the mapping."""

from __future__ import annotations

import uuid

import pytest

from .backoffice import VIEWPORTS, admin_page, no_horizontal_scroll, shot, sign_in

pytestmark = pytest.mark.browser


def _sell_by_card(server) -> None:
    register = server.open_register()
    status, products = server.api("GET", "/products?limit=1")
    assert status == 200 and products, products
    product = products[0]
    body = {
        "id": str(uuid.uuid4()),
        "register_id": register["id"],
        "lines": [{"product_id": product["id"], "quantity": 2}],
        "payments": [{"method": "card", "amount": 2 * product["price"]}],
    }
    status, sale = server.api("POST", "/sales", body)
    assert status == 201, sale


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda v: f"{v[0]}x{v[1]}")
def test_the_books_and_the_mapping(chromium, comptoir_server, viewport):
    comptoir_server.enable("accounting")
    _sell_by_card(comptoir_server)
    page = admin_page(chromium, comptoir_server, viewport)
    try:
        sign_in(page, "admin")
        page.goto("/accounting/")
        page.get_by_role("heading", name="Daily summary").wait_for()
        assert page.locator(".badge", has_text="Balanced").count() >= 1
        assert page.get_by_role("link", name="Export FEC").is_visible()
        assert page.locator("table.entries td", has_text="511200").count() >= 1
        assert no_horizontal_scroll(page)
        shot(page, "accounting-books", viewport)

        page.get_by_role("link", name="Chart of accounts").click()
        page.wait_for_url("**/accounting/mapping")
        shot(page, "accounting-mapping-before", viewport)
        field = page.get_by_label("Account for Payments: card", exact=True)
        field.fill("511210")
        page.get_by_label("Name of the account for Payments: card", exact=True).fill("CB banque")
        assert no_horizontal_scroll(page)
        shot(page, "accounting-mapping", viewport)
        page.get_by_role("button", name="Save").click()
        page.locator(".flash", has_text="Accounts saved.").wait_for()
        assert page.get_by_label("Account for Payments: card", exact=True).input_value() == "511210"
        # Back to the chart's default, for the other sizes and tests.
        page.get_by_label("Account for Payments: card", exact=True).fill("")
        page.get_by_role("button", name="Save").click()
        page.locator(".flash", has_text="Accounts saved.").wait_for()
    finally:
        page.context.close()
