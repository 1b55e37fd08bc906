"""The till takes the cashier's own language at sign-in (issue 11): a page served in the
browser's language switches to the language of the cashier who signs in on it."""

from __future__ import annotations

import pytest

from .conftest import screenshot
from .till import sign_in

pytestmark = pytest.mark.browser


def test_a_russian_cashier_signs_in_on_an_english_till(browser, till_server):
    status, user, _ = till_server.api(
        "POST",
        "/users",
        {"username": "ivan", "full_name": "Иван", "roles": ["cashier"], "pin": "5678"},
    )
    assert status == 201, user
    status, changed, _ = till_server.api("PATCH", f"/users/{user['id']}", {"language": "ru"})
    assert status == 200 and changed["language"] == "ru"
    till_server.ensure_open()
    context = browser.new_context(
        base_url=till_server.url, locale="en-US", viewport={"width": 1280, "height": 800}
    )
    context.set_default_timeout(10000)
    try:
        page = context.new_page()
        page.goto("/till/")
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.locator("#signin-title").inner_text() == "Who are you?"
        sign_in(page, "Иван", "5678")
        page.locator("#screen-sell").wait_for(state="visible")
        page.wait_for_function("document.documentElement.lang === 'ru'")
        page.locator("#scan").wait_for(state="visible")
        # The sell screen in Russian: its words, its buttons and the cashier still signed in.
        assert page.get_by_role("button", name="Оплата").first.is_visible()
        assert page.locator("#cart-empty").inner_text() == "Отсканируйте товар, чтобы начать"
        assert page.locator("#who").inner_text() == "Иван"
        screenshot(page, "till-cashier-language-ru")
        # Signing out gives the till back to the next cashier as it was, and an English
        # cashier signing in next reads English again.
        page.locator("#btn-signout").click()
        sign_in(page, "Cashier", "1234")
        page.locator("#screen-sell").wait_for(state="visible")
        page.locator("#scan").wait_for(state="visible")
        assert page.locator("html").get_attribute("lang") == "en"
    finally:
        context.close()
