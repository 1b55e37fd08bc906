"""Steps of a manager in the back office, shared by its browser tests."""

from __future__ import annotations

import typing as t

#: The screens the back office is laid out for.
SIZES = ((1024, 768), (1280, 800), (1920, 1080))
DEMO_PASSWORDS = {"admin": "comptoir-admin", "manager": "comptoir-manager"}


def back_office(
    browser: t.Any, server: t.Any, size: tuple[int, int], username: str = "admin"
) -> t.Any:
    """A fresh browser profile at ``size``, signed in to the back office."""
    context = browser.new_context(
        base_url=server.url, viewport={"width": size[0], "height": size[1]}
    )
    context.set_default_timeout(10000)
    page = context.new_page()
    page.on("pageerror", lambda error: print(f"page error: {error}"))
    # Confirmations (deactivate, revoke, delete) are accepted as the manager would.
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto("/login")
    page.locator("#username").fill(username)
    page.locator("#password").fill(DEMO_PASSWORDS[username])
    page.get_by_role("button", name="Sign in").click()
    page.locator("main.page").wait_for(state="visible")
    return page


def no_horizontal_scroll(page: t.Any) -> bool:
    """The page fits the window's width (tables may scroll inside their own box)."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
