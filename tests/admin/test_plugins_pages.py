"""The plugins page: what each plugin is, switching it after a confirmation naming what
else changes, and each enabled plugin's settings form generated from its schema."""

from __future__ import annotations

import re

import pytest

from core.plugins.state import enabled_names

ALPHA, BETA = "alpha=sample_plugins.alpha", "beta=sample_plugins.beta"


def _value(page: str, name: str) -> str | None:
    """The value of the input named ``name`` in the page."""
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', page)
    return match.group(1) if match else None


def _enabled(app) -> set[str]:
    with app.app_context():
        return enabled_names()


def test_the_list_shows_what_each_plugin_is(admin_pages):
    page = admin_pages.get("/admin/plugins").get_data(as_text=True)
    for words in ("Loyalty", "loyalty", "0.1.0", "The Comptoir contributors", "Customers"):
        assert words in page, words
    # loyalty needs crm; crm is needed by loyalty: both directions are shown.
    row = page.split('id="plugin-crm"', 1)[1].split("</tr>", 1)[0]
    assert "Loyalty" in row


@pytest.mark.comptoir_extra_plugins(ALPHA, BETA)
def test_enabling_names_the_dependencies_enabled_with_it(app, admin_pages):
    page = admin_pages.get("/admin/plugins/beta/enable")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "will be enabled too" in text and "<code>alpha</code>" in text
    assert 'name="also" value="alpha"' in text
    assert _enabled(app) == set()  # asking changes nothing
    done = admin_pages.post_form("/admin/plugins/beta/enable", {"also": "alpha"})
    assert done.status_code == 302
    assert _enabled(app) == {"alpha", "beta"}


@pytest.mark.comptoir_extra_plugins(ALPHA, BETA)
@pytest.mark.comptoir_plugins("alpha", "beta")
def test_disabling_names_the_dependents_disabled_with_it(app, admin_pages):
    text = admin_pages.get("/admin/plugins/alpha/disable").get_data(as_text=True)
    assert "will be disabled too" in text and "<code>beta</code>" in text
    refused = admin_pages.post_form("/admin/plugins/alpha/disable", {"also": ""})
    assert refused.status_code == 409 and _enabled(app) == {"alpha", "beta"}
    done = admin_pages.post_form("/admin/plugins/alpha/disable", {"also": "beta"})
    assert done.status_code == 302 and _enabled(app) == set()


@pytest.mark.comptoir_extra_plugins(ALPHA, BETA)
def test_switching_needs_the_csrf_token(app, admin_pages):
    forged = admin_pages.post_forged("/admin/plugins/alpha/enable", {"also": ""})
    assert forged.status_code == 400 and _enabled(app) == set()


def test_a_manager_sees_plugins_but_cannot_switch_them(manager_pages):
    assert manager_pages.get("/admin/plugins").status_code == 200
    assert "Enable…" not in manager_pages.get("/admin/plugins").get_data(as_text=True)
    assert manager_pages.get("/admin/plugins/loyalty/enable").status_code == 403
    assert manager_pages.post_form("/admin/plugins/loyalty/enable").status_code == 403


def test_unknown_plugin_or_action_is_404(admin_pages):
    assert admin_pages.get("/admin/plugins/nope/enable").status_code == 404
    assert admin_pages.get("/admin/plugins/loyalty/explode").status_code == 404


@pytest.mark.comptoir_plugins("giftcards")
def test_cashier_gets_403_on_every_plugins_and_settings_page(cashier_pages):
    for url in (
        "/admin/plugins",
        "/admin/plugins/giftcards/disable",
        "/admin/plugins/giftcards/settings",
        "/admin/settings",
    ):
        assert cashier_pages.get(url).status_code == 403, url
    assert cashier_pages.post_form("/admin/settings", {"name": "Evil"}).status_code == 403
    assert (
        cashier_pages.post_form(
            "/admin/plugins/giftcards/settings", {"validity_days": "1"}
        ).status_code
        == 403
    )


# -- a plugin's settings form ---------------------------------------------------------------


@pytest.mark.comptoir_plugins("giftcards")
def test_the_settings_form_is_generated_from_the_schema(manager_pages):
    """Managers edit plugin settings (settings.manage); money shows as a decimal."""
    page = manager_pages.get("/admin/plugins/giftcards/settings")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert _value(text, "validity_days") == "365"
    assert _value(text, "max_amount") == "1000.00"  # 100000 minor units
    assert _value(text, "tax_rate") == "0"


@pytest.mark.comptoir_plugins("giftcards")
def test_saving_plugin_settings_goes_through_the_schema(manager_pages, admin_api):
    form = {
        "validity_days": "730",
        "tax_rate": "0",
        "max_amount": "250,00",
        "lookup_limit": "10",
        "lookup_window_seconds": "60",
    }
    response = manager_pages.post_form("/admin/plugins/giftcards/settings", form)
    assert response.status_code == 302, response.get_data(as_text=True)
    stored = admin_api.get("/api/v1/settings/giftcards").get_json()
    assert stored["validity_days"] == 730 and stored["max_amount"] == 25000


@pytest.mark.comptoir_plugins("giftcards")
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("validity_days", "-3", "greater than or equal to 0"),
        ("validity_days", "ten", "Not a valid integer"),
        ("max_amount", "12.505", "at most 2 decimals"),
        ("max_amount", "0", "must be between"),
        ("tax_rate", "150", "between 0 and 100"),
    ],
)
def test_bad_plugin_settings_say_why_and_save_nothing(
    manager_pages, admin_api, field, value, message
):
    before = admin_api.get("/api/v1/settings/giftcards").get_json()
    form = {
        "validity_days": "730",
        "tax_rate": "0",
        "max_amount": "250.00",
        "lookup_limit": "10",
        "lookup_window_seconds": "60",
        field: value,
    }
    response = manager_pages.post_form("/admin/plugins/giftcards/settings", form)
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Nothing was saved" in text and message in text
    assert f'value="{value}"' in text  # what was typed is kept
    assert admin_api.get("/api/v1/settings/giftcards").get_json() == before


@pytest.mark.comptoir_plugins("giftcards")
def test_plugin_settings_need_the_csrf_token(manager_pages, admin_api):
    before = admin_api.get("/api/v1/settings/giftcards").get_json()
    forged = manager_pages.post_forged("/admin/plugins/giftcards/settings", {"validity_days": "1"})
    assert forged.status_code == 400
    assert admin_api.get("/api/v1/settings/giftcards").get_json() == before


def test_a_disabled_plugin_has_no_settings_page(manager_pages):
    assert manager_pages.get("/admin/plugins/giftcards/settings").status_code == 404


@pytest.mark.comptoir_plugins("loyalty")
def test_loyalty_tiers_and_excluded_categories(manager_pages, admin_api, manager_api):
    """Lists of records become rows; category ids become the catalog's categories."""
    made = manager_api.post("/api/v1/categories", json={"name": "Tobacco"}).get_json()
    page = manager_pages.get("/admin/plugins/loyalty/settings").get_data(as_text=True)
    assert "Tobacco" in page and 'name="tiers-0-name"' in page
    form = {
        "points_per_unit": "2",
        "point_value": "1",
        "excluded_category_ids": str(made["id"]),
        "tiers-0-name": "Gold",
        "tiers-0-min_points": "1000",
        "tiers-0-multiplier": "1.5",
        "tiers-1-name": "",
        "tiers-1-min_points": "",
        "tiers-1-multiplier": "",
    }
    response = manager_pages.post_form("/admin/plugins/loyalty/settings", form)
    assert response.status_code == 302, response.get_data(as_text=True)
    stored = admin_api.get("/api/v1/settings/loyalty").get_json()
    assert stored["excluded_category_ids"] == [made["id"]]
    assert stored["tiers"] == [{"name": "Gold", "min_points": 1000, "multiplier": "1.500"}]
    twice = {
        **form,
        "tiers-1-name": "Silver",
        "tiers-1-min_points": "1000",
        "tiers-1-multiplier": "1",
    }
    refused = manager_pages.post_form("/admin/plugins/loyalty/settings", twice)
    assert refused.status_code == 400
    assert "two tiers start at the same number of points" in refused.get_data(as_text=True)
    assert admin_api.get("/api/v1/settings/loyalty").get_json() == stored
