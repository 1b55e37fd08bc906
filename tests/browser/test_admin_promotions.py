"""The promotions form in a browser: products are found by search and picked, never typed
as ids; the amount is typed as a decimal; weekdays ticked and the hours picked."""

from __future__ import annotations

import pytest

from .backoffice import VIEWPORTS, admin_page, shot, sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda v: f"{v[0]}x{v[1]}")
def test_a_promotion_on_products_found_by_search(chromium, comptoir_server, viewport):
    comptoir_server.enable("promotions")
    name = f"Croissant week {viewport[0]}"
    page = admin_page(chromium, comptoir_server, viewport)
    try:
        sign_in(page, "manager")
        page.goto("/promotions/new")
        page.get_by_label("Name", exact=True).fill(name)
        page.get_by_label("Kind", exact=True).select_option("amount")
        page.get_by_label("Value", exact=True).fill("0,20")
        page.get_by_label("Find a product by name, SKU or barcode").fill("croiss")
        page.get_by_role("option", name="Croissant au beurre").click()
        chosen = page.locator(".product-picker .chosen li")
        assert chosen.count() == 1 and "Croissant au beurre" in chosen.inner_text()
        page.get_by_label("Monday", exact=True).check()
        page.get_by_label("Friday", exact=True).check()
        page.get_by_label("Each day from (optional)").fill("07:30")
        page.get_by_label("Each day until (optional)").fill("10:00")
        shot(page, "promotion-form", viewport)
        page.get_by_role("button", name="Create").click()
        page.locator(".flash", has_text=f"{name}: saved.").wait_for()
        shot(page, "promotions", viewport)
        status, promotions = comptoir_server.api("GET", "/promotions")
        made = next(p for p in promotions if p["name"] == name)
        status, products = comptoir_server.api("GET", "/products?q=croissant")
        assert made["value"] == 20 and made["product_ids"] == [products[0]["id"]]
        assert made["days"] == [1, 5] and made["hours"] == {"start": "07:30", "end": "10:00"}

        row = page.locator(f"#promotion-{made['id']}")
        page.once("dialog", lambda dialog: dialog.accept())
        row.get_by_role("button", name="Delete").click()
        page.locator(".flash", has_text=f"{name}: deleted.").wait_for()
        status, promotions = comptoir_server.api("GET", "/promotions")
        assert name not in {p["name"] for p in promotions}
    finally:
        page.context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda v: f"{v[0]}x{v[1]}")
def test_the_store_settings_page(chromium, comptoir_server, viewport):
    page = admin_page(chromium, comptoir_server, viewport)
    try:
        sign_in(page, "manager")
        page.goto("/admin/settings")
        page.get_by_label("Company number").fill("123 456 789")
        page.get_by_label("Cash rounding").select_option(label="To 0.05")
        page.get_by_role("button", name="Save").click()
        page.locator(".flash", has_text="Store settings saved.").wait_for()
        shot(page, "store-settings", viewport)
        status, values = comptoir_server.api("GET", "/settings/store")
        assert values["company_number"] == "123 456 789" and values["cash_rounding"] == 5
    finally:
        page.context.close()
        comptoir_server.api("PATCH", "/settings/store", {"cash_rounding": 1, "company_number": ""})
