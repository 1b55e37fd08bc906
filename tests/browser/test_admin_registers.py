"""Registers in a browser: creating a register, and viewing a Z report of its closed
session, printable."""

from __future__ import annotations

import pytest

from .backoffice import VIEWPORTS, admin_page, shot, sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda v: f"{v[0]}x{v[1]}")
def test_create_a_register_and_read_its_z_report(chromium, comptoir_server, viewport):
    code = f"T{viewport[0]}"
    page = admin_page(chromium, comptoir_server, viewport)
    try:
        sign_in(page, "manager")
        page.goto("/admin/registers/")
        page.get_by_role("link", name="New register").click()
        page.get_by_label("Code").fill("bad code")
        page.get_by_label("Name").fill("Terrace")
        page.get_by_role("button", name="Create").click()
        # The browser's own check (pattern) or the page's: nothing is created either way.
        status, registers = comptoir_server.api("GET", "/registers")
        assert code not in {r["code"] for r in registers}
        page.get_by_label("Code").fill(code)
        page.get_by_role("button", name="Create").click()
        page.locator(".flash", has_text=f"Register {code} created.").wait_for()
        shot(page, "register-new", viewport)

        status, registers = comptoir_server.api("GET", "/registers")
        register = next(r for r in registers if r["code"] == code)
        comptoir_server.open_register(code)
        status, _ = comptoir_server.api(
            "POST",
            f"/registers/{register['id']}/cash",
            {"kind": "in", "amount": 2500, "reason": "Change"},
        )
        assert status == 201
        status, z = comptoir_server.api(
            "POST", f"/registers/{register['id']}/close", {"counted_cash": 12400}
        )
        assert status == 200, z

        page.reload()
        page.get_by_role("link", name="Z report").click()
        report = page.locator("article.report")
        report.wait_for()
        text = report.inner_text()
        assert "€125.00" in text and "-€1.00" in text  # expected 100 + 25, counted 124
        assert z["journal"]["head"] in text
        shot(page, "z-report", viewport)
        page.emulate_media(media="print")
        assert not page.locator("nav").first.is_visible()  # the shell is not printed
        assert page.get_by_role("heading", name=f"Z report · {code} Terrace").is_visible()
        shot(page, "z-report-print", viewport)
    finally:
        page.context.close()
