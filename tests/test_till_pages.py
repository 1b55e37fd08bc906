"""The till's pages: public shells that carry the till's settings, strings and actions."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest

from core.settings import save_settings

ALPHA = "alpha=sample_plugins.alpha"


def _boot(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="till-boot">(.*?)</script>', html, re.S)
    assert match, "the page carries no boot data"
    return json.loads(match.group(1))


def test_till_page_is_public_and_carries_the_store_settings(app, client):
    """Anyone may load the till (the PIN decides who sells); it holds the settings the
    till prices and locks with, taken from the store settings."""
    with app.app_context():
        save_settings("store", {"cash_rounding": 5, "till_idle_lock_seconds": 30})
    response = client.get("/till/")
    assert response.status_code == 200
    settings = _boot(response.get_data(as_text=True))["settings"]
    assert settings["cash_rounding"] == 5
    assert settings["till_idle_lock_seconds"] == 30
    assert Decimal(settings["cashier_discount_limit"]) == Decimal("10")
    assert settings["prices_include_tax"] is True


def test_till_page_holds_no_secret_setting(client):
    """Only the settings the till needs are rendered: never the whole store namespace."""
    settings = _boot(client.get("/till/").get_data(as_text=True))["settings"]
    assert "pin_max_attempts" not in settings and "tax_id" not in settings


def test_every_string_of_the_scripts_is_in_the_catalog(client):
    """Each t("key") used by the till's scripts has a translated string in the page."""
    from pathlib import Path

    strings = _boot(client.get("/till/").get_data(as_text=True))["strings"]
    scripts = Path(__file__).resolve().parent.parent / "themes/default/static/till/js"
    used = set()
    for script in scripts.glob("*.js"):
        used |= set(re.findall(r'\bt\("([a-z_]+)"', script.read_text()))
    assert used, "no t() call found"
    assert used <= set(strings), sorted(used - set(strings))


def test_strings_follow_the_request_language(app, client):
    """The catalog goes through gettext: the page's language is the request's."""
    page = client.get("/till/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<html lang="fr">' in page


@pytest.mark.comptoir_extra_plugins(ALPHA)
def test_till_actions_of_enabled_plugins_are_in_the_page(app, client, admin_api):
    """A plugin's till action (code, title, permission, script) reaches the page once
    the plugin is enabled, and not before."""
    assert _boot(client.get("/till/").get_data(as_text=True))["actions"] == []
    assert admin_api.post("/api/v1/plugins/alpha/enable").status_code == 200
    actions = _boot(client.get("/till/").get_data(as_text=True))["actions"]
    assert actions == [
        {
            "code": "alpha.wave",
            "title": "Wave",
            "permission": "alpha.view",
            "script": "/static/plugins/alpha/wave.js",
            "hotkey": None,
        }
    ]


def test_csrf_token_for_the_pin_pad_lets_an_anonymous_browser_sign_in(client):
    """Before any session the PIN sign-in needs a CSRF token: /till/csrf gives one and the
    PIN sign-in accepts it."""
    token = client.get("/till/csrf").get_json()["csrf_token"]
    users = client.get("/api/v1/auth/till-users").get_json()
    cashier = next(u for u in users if u["full_name"] == "Camille Cashier")
    refused = client.post("/api/v1/auth/pin", json={"user_id": cashier["id"], "pin": "1234"})
    assert refused.status_code == 400
    response = client.post(
        "/api/v1/auth/pin",
        json={"user_id": cashier["id"], "pin": "1234"},
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 200
    assert "sales.sell" in client.get("/api/v1/me").get_json()["permissions"]


def test_customer_display_page_is_served(client):
    """The customer display is a page of its own, with the display script."""
    page = client.get("/till/display").get_data(as_text=True)
    assert "till/js/display.js" in page


def test_service_worker_caches_the_till_assets(client):
    """The service worker is JavaScript served under /till/ (its scope) and lists the
    till's static files, each of which exists."""
    response = client.get("/till/sw.js")
    assert response.mimetype == "text/javascript"
    assets = re.search(r"const ASSETS = (\[.*?\]);", response.get_data(as_text=True)).group(1)
    for url in json.loads(assets):
        assert client.get(url).status_code == 200, url


def test_till_is_registered_as_a_core_feature(app):
    """The till registers itself through the same hook as plugins."""
    from core.plugins.runtime import CORE_PLUGINS

    assert "core.till.hooks" in CORE_PLUGINS
    assert app.runtimes.current().app.url_map.bind("").match("/till/")[0] == "till.index"


BOTTLES = "bottles=sample_plugins.bottles"
BAD_LINES = "bad_lines=sample_plugins.bad_lines"


@pytest.mark.comptoir_extra_plugins(BOTTLES, BAD_LINES)
def test_boot_data_says_how_the_till_prices_offline(app, client, admin_api):
    """The page carries the enabled plugins' till pricing modules, the plugins whose
    pricing needs the server (by title), which line kinds sell offline, and plugins'
    titles: what the till needs to price and sell offline as the server would."""
    assert admin_api.post("/api/v1/plugins/bottles/enable").status_code == 200
    assert admin_api.post("/api/v1/plugins/bad_lines/enable").status_code == 200
    boot = _boot(client.get("/till/").get_data(as_text=True))
    assert boot["pricing"] == [
        {"plugin": "bottles", "title": "Bottles", "script": "/static/plugins/bottles/pricing.js"}
    ]
    assert boot["server_priced"] == ["Bad lines"]
    assert boot["line_kinds"]["bottles_back"] == {
        "title": "Bottles returned",
        "works_offline": True,
    }
    assert boot["plugins"]["bottles"] == "Bottles"


@pytest.mark.comptoir_extra_plugins(BOTTLES)
def test_service_worker_caches_the_plugins_modules(app, client, admin_api):
    """The till imports the pricing modules at start and the action scripts on a tap,
    offline too: the service worker lists them (apart from the till's own files), and they
    are served."""
    assert admin_api.post("/api/v1/plugins/bottles/enable").status_code == 200
    body = client.get("/till/sw.js").get_data(as_text=True)
    modules = json.loads(re.search(r"const PLUGIN_ASSETS = (\[.*?\]);", body).group(1))
    assert "/static/plugins/bottles/pricing.js" in modules
    assert "/static/plugins/bottles/back.js" in modules
    for url in modules:
        response = client.get(url)
        assert response.status_code == 200, url
        response.close()


def test_the_till_writes_numbers_in_the_readers_language(app, client):
    """A Russian-speaking cashier in a French shop reads the till in Russian, money and
    times included: the boot data's locale is the strings' language, not the store's."""
    with app.app_context():
        save_settings("store", {"locale": "fr"})
    boot = _boot(client.get("/till/", headers={"Accept-Language": "ru"}).get_data(as_text=True))
    assert boot["locale"] == "ru" and boot["settings"]["locale"] == "fr"
    assert boot["strings"]["pay"] == "Оплата"
    french = _boot(client.get("/till/", headers={"Accept-Language": "de"}).get_data(as_text=True))
    assert french["locale"] == "fr" and french["strings"]["pay"] == "Encaisser"
