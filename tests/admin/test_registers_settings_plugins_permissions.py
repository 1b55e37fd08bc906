"""Every page of registers, store settings, plugins and the bundled plugins' back-office
pages refuses a cashier with a 403: walked from the routes, so a page added later is
covered (a signed-in browser with the CSRF token, so the refusal is the permission's)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.comptoir_plugins("promotions", "giftcards", "loyalty")

#: Endpoint prefixes of the pages this test guards, and the bundled plugins' pages a
#: cashier may not use (the gift card lookup and the loyalty pages are open to cashiers:
#: they serve customers at the counter).
GUARDED = ("registers.", "admin_plugins.", "admin_settings.", "promotions.")
MANAGERS_ONLY = ("giftcards.card", "giftcards.reload", "giftcards.stop", "loyalty.adjust")


def _pages(app):
    runtime_app = app.runtimes.current().app
    for rule in runtime_app.url_map.iter_rules():
        endpoint = rule.endpoint
        if not (endpoint.startswith(GUARDED) or endpoint in MANAGERS_ONLY):
            continue
        values = {
            name: 1 if name.endswith("_id") else ("loyalty" if name == "name" else "enable")
            for name in rule.arguments
        }
        path = rule.build(values)[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield endpoint, method, path


def test_the_walk_sees_the_pages(app):
    endpoints = {endpoint for endpoint, _method, _path in _pages(app)}
    assert {
        "registers.index",
        "registers.create",
        "registers.show_z_report",
        "admin_plugins.confirm_change",
        "admin_settings.save_store_settings",
        "admin_settings.plugin_settings",
        "promotions.delete",
        "giftcards.reload",
    } <= endpoints


def test_a_cashier_gets_403_on_every_page(app, cashier_pages):
    refused = {}
    for endpoint, method, path in _pages(app):
        if method == "GET":
            response = cashier_pages.get(path)
        else:
            response = cashier_pages.post_form(path, {})
        refused[(endpoint, method, path)] = response.status_code
    assert set(refused.values()) == {403}, refused
