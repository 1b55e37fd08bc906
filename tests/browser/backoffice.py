"""Steps of a manager in the back office, shared by its browser tests: signing in with a
password, the three screen sizes, and screenshots kept for a person to look at."""

from __future__ import annotations

import typing as t

from .conftest import ARTIFACTS

#: The screens the back office is laid out for: small laptop, common laptop, desktop.
SIZES = ((1024, 768), (1280, 800), (1920, 1080))
VIEWPORTS = list(SIZES)
#: The demo shop's passwords (``comptoir init --demo``).
DEMO_PASSWORDS = {"admin": "comptoir-admin", "manager": "comptoir-manager"}
PASSWORDS = DEMO_PASSWORDS
SHOTS = ARTIFACTS / "back-office"


def _new_page(browser: t.Any, server: t.Any, size: tuple[int, int]) -> t.Any:
    context = browser.new_context(
        base_url=server.url, viewport={"width": size[0], "height": size[1]}
    )
    context.set_default_timeout(10000)
    page = context.new_page()
    page.on("pageerror", lambda error: print(f"page error: {error}"))
    return page


def back_office(
    browser: t.Any, server: t.Any, size: tuple[int, int], username: str = "admin"
) -> t.Any:
    """A fresh browser profile at ``size``, signed in to the back office."""
    page = _new_page(browser, server, size)
    # Confirmations (deactivate, revoke, delete) are accepted as the manager would.
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto("/login")
    page.locator("#username").fill(username)
    page.locator("#password").fill(DEMO_PASSWORDS[username])
    page.get_by_role("button", name="Sign in").click()
    page.locator("main.page").wait_for(state="visible")
    return page


def admin_page(chromium: t.Any, server: t.Any, viewport: tuple[int, int]) -> t.Any:
    """A fresh browser profile at ``viewport``, not signed in (see :func:`sign_in`)."""
    return _new_page(chromium, server, viewport)


def sign_in(page: t.Any, username: str) -> None:
    page.goto("/login")
    page.locator("#username").fill(username)
    page.locator("#password").fill(PASSWORDS[username])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/**")


def no_horizontal_scroll(page: t.Any) -> bool:
    """The page fits the window's width (tables may scroll inside their own box)."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def shot(page: t.Any, name: str, viewport: tuple[int, int], *, full_page: bool = True) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(
        path=str(SHOTS / f"{name}-{viewport[0]}x{viewport[1]}.png"), full_page=full_page
    )
