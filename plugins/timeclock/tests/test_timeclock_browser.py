"""At the till, the manager clocks in through the Time clock action with their PIN (a
wrong PIN is said in the dialog first); the back office then shows them clocked in, at
the three screen sizes it is laid out for. Screenshots go to test-artifacts/timeclock/."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.testing import sign_in_till

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "timeclock"
SIZES = ((1024, 768), (1280, 800), (1920, 1080))
DIALOG = "#till-dialog[open]"


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    page.screenshot(path=str(SHOTS / f"{name}-{size['width']}x{size['height']}.png"))


def back_office(chromium, server, size):
    context = chromium.new_context(
        base_url=server.url, viewport={"width": size[0], "height": size[1]}
    )
    context.set_default_timeout(10000)
    page = context.new_page()
    page.goto("/login")
    page.locator("#username").fill("admin")
    page.locator("#password").fill("comptoir-admin")
    page.get_by_role("button", name="Sign in").click()
    page.locator("main.page").wait_for(state="visible")
    return context, page


def test_clock_in_at_the_till_and_see_it_in_the_back_office(
    comptoir_server, browser_page, chromium
):
    comptoir_server.enable("timeclock")
    page = browser_page
    sign_in_till(page, comptoir_server, "Cashier", "1234")
    page.locator("#actions").get_by_role("button", name="Time clock").click()
    dialog = page.locator(DIALOG)
    dialog.get_by_role("button").filter(has_text="Manager").click()
    pin = dialog.get_by_label("PIN", exact=True)
    pin.fill("9999")
    page.keyboard.press("Enter")
    dialog.locator(".error").get_by_text("wrong PIN").wait_for()
    shot(page, "till-wrong-pin")
    pin.fill("1111")
    page.keyboard.press("Enter")
    page.locator(DIALOG).wait_for(state="detached")
    page.get_by_text("Manager clocked in").wait_for()
    shot(page, "till-clocked-in")

    status, staff = comptoir_server.api("GET", "/timeclock/status")
    assert status == 200
    manager = next(row for row in staff if row["username"] == "manager")
    assert manager["status"] == "in"

    for size in SIZES:
        context, office = back_office(chromium, comptoir_server, size)
        try:
            office.goto("/timeclock/")
            now = office.locator("#clocked-in")
            now.locator(f'li[data-user-id="{manager["user_id"]}"]').wait_for()
            assert "Manager" in now.inner_text()
            assert office.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
            shot(office, "back-office-hours")
            office.goto("/timeclock/week")
            row = office.locator(f'#week tr[data-user-id="{manager["user_id"]}"]')
            if size == SIZES[0]:
                # Planned by touch: the day's "+" opens the form with the manager and
                # the day chosen; the shift then shows in that day's cell.
                row.locator("a.add-shift").first.click()
                office.locator("#f-start").fill("08:30")
                office.locator("#f-end").fill("16:00")
                office.locator("#plan").get_by_role("button", name="Plan").click()
            row.locator(".shift").get_by_text("08:30–16:00").wait_for()
            assert office.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
            shot(office, "back-office-week")
        finally:
            context.close()
