"""The till sells and the back office runs in French and in Russian (issue 11): a browser
set to the language gets every screen in it, with money written its way."""

from __future__ import annotations

import typing as t

import pytest

from .conftest import screenshot
from .till import SPREAD, pay_cash, scan, sign_in

pytestmark = pytest.mark.browser

#: What a cashier reads, by browser language: the Pay button, the receipt screen's button,
#: the spread's price (4.29) as the language writes it.
TILL = {
    "fr-FR": ("Encaisser", "Nouvelle vente", "4,29\u00a0€"),
    "ru-RU": ("Оплата", "Новая продажа", "4,29\u00a0€"),
}
#: What a manager reads in the back office's menu and the product list.
BACK_OFFICE = {
    "fr-FR": ("Tableau de bord", "Produits", "Se déconnecter"),
    "ru-RU": ("Сводка", "Товары", "Выйти"),
}


def _context(browser: t.Any, server: t.Any, locale: str) -> t.Any:
    context = browser.new_context(
        base_url=server.url,
        locale=locale,  # the browser's Accept-Language and Intl locale
        viewport={"width": 1280, "height": 800},
        bypass_csp=True,
    )
    context.set_default_timeout(10000)
    return context


@pytest.mark.parametrize("locale", TILL, ids=str)
def test_the_till_sells_in_the_browsers_language(browser, till_server, locale):
    pay, new_sale, price = TILL[locale]
    context = _context(browser, till_server, locale)
    try:
        page = context.new_page()
        till_server.ensure_open()
        sign_in(page)
        page.locator("#scan").wait_for(state="visible")
        assert page.get_by_role("button", name=pay).first.is_visible()
        scan(page, SPREAD[0])
        assert price in page.locator("#cart-total").inner_text().replace(" ", "\u00a0")
        pay_cash(page)
        assert page.get_by_role("button", name=new_sale).is_visible()
        screenshot(page, f"language-till-{locale}")
    finally:
        context.close()


@pytest.mark.parametrize("locale", BACK_OFFICE, ids=str)
def test_the_back_office_in_the_browsers_language(browser, till_server, locale):
    dashboard, products, sign_out = BACK_OFFICE[locale]
    context = _context(browser, till_server, locale)
    try:
        page = context.new_page()
        page.goto("/login")
        page.locator("#username").fill("manager")
        page.locator("#password").fill("comptoir-manager")
        page.locator("#password").press("Enter")
        page.locator("main.page").wait_for(state="visible")
        menu = page.locator("nav.menu").inner_text()
        assert dashboard in menu and products in menu
        assert page.get_by_role("button", name=sign_out).is_visible()
        page.get_by_role("link", name=products).click()
        page.locator("main.page h1").wait_for(state="visible")
        assert page.locator("main.page h1").inner_text() == products
        screenshot(page, f"language-back-office-{locale}")
    finally:
        context.close()
