"""Helpers of the back-office browser tests: signing in with a password, the three
screen sizes, and screenshots kept outside the repository for a person to look at."""

from __future__ import annotations

import os
import typing as t
from pathlib import Path

#: The demo shop's passwords (``comptoir init --demo``).
PASSWORDS = {"admin": "comptoir-admin", "manager": "comptoir-manager"}
#: Small laptop, common laptop, desktop.
VIEWPORTS = [(1024, 768), (1280, 800), (1920, 1080)]
SHOTS = Path(os.environ.get("COMPTOIR_SCREENSHOTS", "/tmp/comptoir-screenshots"))


def admin_page(chromium: t.Any, server: t.Any, viewport: tuple[int, int]) -> t.Any:
    context = chromium.new_context(
        base_url=server.url, viewport={"width": viewport[0], "height": viewport[1]}
    )
    context.set_default_timeout(10000)
    page = context.new_page()
    page.on("pageerror", lambda error: print(f"page error: {error}"))
    return page


def sign_in(page: t.Any, username: str) -> None:
    page.goto("/login")
    page.locator("#username").fill(username)
    page.locator("#password").fill(PASSWORDS[username])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/**")


def shot(page: t.Any, name: str, viewport: tuple[int, int], *, full_page: bool = True) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(
        path=str(SHOTS / f"{name}-{viewport[0]}x{viewport[1]}.png"), full_page=full_page
    )
