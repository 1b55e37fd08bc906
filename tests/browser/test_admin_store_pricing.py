"""A store's pricing on its back-office page (issue 14): the owner makes a store add tax
to its prices and round cash to 0.05; the choices are saved and shown again."""

from __future__ import annotations

import pytest

from .backoffice import VIEWPORTS, admin_page, no_horizontal_scroll, shot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def store(comptoir_server):
    status, body = comptoir_server.api("POST", "/plugins/multistore/enable")
    assert status == 200, body
    status, stores = comptoir_server.api("GET", "/stores")
    yield stores[0]
    blank = {"prices_include_tax": None, "tax_rounding": None, "cash_rounding": None}
    comptoir_server.api("PATCH", f"/stores/{stores[0]['id']}", blank)
    comptoir_server.api("POST", "/plugins/multistore/disable")


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda v: f"{v[0]}x{v[1]}")
def test_the_owner_sets_a_stores_pricing(chromium, comptoir_server, store, viewport):
    page = admin_page(chromium, comptoir_server, viewport)
    try:
        sign_in(page, "admin")
        page.goto(f"/multistore/stores/{store['id']}")
        page.get_by_label("Shelf prices").select_option(label="Tax is added to prices")
        page.get_by_label("Cash rounding").select_option(value="5")
        page.get_by_role("button", name="Save").click()
        page.locator(".flash", has_text="saved").wait_for()
        status, saved = comptoir_server.api("GET", f"/stores/{store['id']}")
        assert status == 200
        assert (saved["prices_include_tax"], saved["tax_rounding"], saved["cash_rounding"]) == (
            False,
            None,
            5,
        )
        assert page.get_by_label("Cash rounding").input_value() == "5"
        assert page.get_by_label("Tax rounding").input_value() == ""  # as the shop
        assert no_horizontal_scroll(page)
        shot(page, "store-pricing", viewport)
    finally:
        page.context.close()
