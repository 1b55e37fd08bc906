"""The till works under the Content-Security-Policy every page is sent with (issue 18,
item 11): signing in, selling and paying raise no policy violation. The other browser
tests bypass the policy (Playwright's string predicates run through eval)."""

from __future__ import annotations

import typing as t

import pytest

from .conftest import screenshot
from .till import pay_cash, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def strict_page(browser: t.Any, till_server: t.Any) -> t.Iterator[tuple[t.Any, list[str]]]:
    context = browser.new_context(base_url=till_server.url, viewport={"width": 1280, "height": 800})
    context.set_default_timeout(10000)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if "Content Security" in m.text else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    yield page, problems
    context.close()


def test_signing_in_and_selling_under_the_policy(strict_page, till_server):
    page, problems = strict_page
    till_server.ensure_open()
    response = page.goto("/till/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    sign_in(page, "Cashier", "1234")
    page.locator("#screen-sell").wait_for(state="visible")
    page.locator("#scan").fill("3017620422003")
    page.keyboard.press("Enter")
    page.locator("#cart-lines tr").first.wait_for()
    pay_cash(page, "10")
    screenshot(page, "till-under-csp")
    page.goto("/admin/")
    assert problems == []
