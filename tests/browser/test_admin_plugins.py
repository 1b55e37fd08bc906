"""The plugins page in a browser: enabling a plugin after confirming what else is enabled
with it, then editing its settings in the form generated from its schema."""

from __future__ import annotations

import pytest

from .backoffice import VIEWPORTS, admin_page, shot, sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda v: f"{v[0]}x{v[1]}")
def test_enable_loyalty_then_edit_its_settings(chromium, comptoir_server, viewport):
    comptoir_server.disable("loyalty", "crm")
    page = admin_page(chromium, comptoir_server, viewport)
    try:
        sign_in(page, "admin")
        page.goto("/admin/plugins")
        row = page.locator("#plugin-loyalty")
        row.get_by_role("link", name="Enable…").click()
        # The confirmation names the dependency switched on with it.
        page.get_by_role("heading", name="Enable Loyalty?").wait_for()
        assert "Customers" in page.locator("ul.also").inner_text()
        shot(page, "plugin-confirm", viewport)
        page.get_by_role("button", name="Enable 2 plugins").click()
        page.locator(".flash", has_text="Enabled: crm, loyalty").wait_for()
        assert page.locator("#plugin-loyalty").get_attribute("data-enabled") == "true"
        shot(page, "plugins", viewport)

        page.locator("#plugin-loyalty").get_by_role("link", name="Settings").click()
        page.get_by_label("Points per currency unit").fill("abc")
        page.get_by_role("button", name="Save").click()
        page.locator(".flash.error", has_text="Nothing was saved").wait_for()
        shot(page, "plugin-settings-error", viewport)
        status, values = comptoir_server.api("GET", "/settings/loyalty")
        assert status == 200 and values["points_per_unit"] == "1.000"

        page.get_by_label("Points per currency unit").fill("2,5")
        page.get_by_label("Value of a point").fill("0.05")
        page.get_by_label("Tier (1)").fill("Gold")
        page.get_by_label("From (lifetime points) (1)").fill("500")
        page.get_by_label("Points multiplier (1)").fill("1.5")
        page.get_by_role("button", name="Save").click()
        page.locator(".flash", has_text="Settings saved.").wait_for()
        shot(page, "plugin-settings", viewport)
        status, values = comptoir_server.api("GET", "/settings/loyalty")
        assert values["points_per_unit"] == "2.500" and values["point_value"] == 5
        assert values["tiers"] == [{"name": "Gold", "min_points": 500, "multiplier": "1.500"}]
    finally:
        page.context.close()
        comptoir_server.api(
            "PATCH", "/settings/loyalty", {"tiers": [], "points_per_unit": "1", "point_value": 1}
        )
        comptoir_server.disable("loyalty", "crm")
