"""The loyalty back-office pages, the manual adjustment form and the "Points" till action."""

from __future__ import annotations

import pytest
from loyalty_testing import give_points, ledger_rows, points, set_loyalty

pytestmark = pytest.mark.comptoir_plugins("crm", "loyalty")


def test_accounts_page_lists_customers_points_and_tier(admin_api, manager_api, customer):
    """/loyalty/ lists each account with the customer's name, points and tier."""
    set_loyalty(admin_api, tiers=[{"name": "Gold", "min_points": 0, "multiplier": "2"}])
    give_points(manager_api, customer, 345)
    page = manager_api.get("/loyalty/")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Anne Martin" in text and "345" in text and "Gold" in text


def test_accounts_page_shows_the_settings_in_force(admin_api, manager_api):
    """The accounts page shows the settings the plugin is using now."""
    set_loyalty(admin_api, point_value=7)
    text = manager_api.get("/loyalty/").get_data(as_text=True)
    assert '<dd data-setting="point_value">€0.07</dd>' in text


def test_accounts_page_links_to_the_settings_form(manager_api, cashier_api):
    """Managers (settings.manage) get the link to the settings form the plugins page
    generates from the schema; cashiers, who cannot edit settings, do not."""
    assert "/admin/plugins/loyalty/settings" in manager_api.get("/loyalty/").get_data(as_text=True)
    assert "/admin/plugins/loyalty/settings" not in cashier_api.get("/loyalty/").get_data(
        as_text=True
    )


def test_pages_need_loyalty_view(roleless_api):
    """Without ``loyalty.view`` the pages are refused."""
    assert roleless_api.get("/loyalty/").status_code == 403


def test_loyalty_is_in_the_admin_menu(app):
    """The admin menu has a "Loyalty" entry needing ``loyalty.view``."""
    menu = {item.endpoint: item for item in app.runtimes.current().admin_menu}
    assert menu["loyalty.index"].permission == "loyalty.view"


def test_customer_page_shows_the_ledger(manager_api, customer):
    """/loyalty/customers/<id> shows the balance and each ledger entry with its reason."""
    give_points(manager_api, customer, 120)
    page = manager_api.get(f"/loyalty/customers/{customer}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert '<dd data-total="points">120</dd>' in text and "welcome gift" in text


def test_customer_page_of_an_unknown_customer_is_404(manager_api):
    """An unknown customer has no ledger page."""
    assert manager_api.get("/loyalty/customers/987654").status_code == 404


def test_adjust_form_goes_through_the_adjustment_service(manager_api, customer):
    """The form adds points through the adjustment service (a ledger row, the balance)."""
    page = manager_api.get(f"/loyalty/customers/{customer}").get_data(as_text=True)
    assert 'name="csrf_token"' in page
    response = manager_api.post(
        f"/loyalty/customers/{customer}/adjust", data={"points": "50", "reason": "birthday"}
    )
    assert response.status_code == 302
    assert points(manager_api, customer) == 50
    ledger = manager_api.get(f"/api/v1/customers/{customer}/loyalty").get_json()["entries"]
    assert ledger[0]["kind"] == "adjust" and ledger[0]["data"] == {"reason": "birthday"}


@pytest.mark.parametrize(
    "form",
    [
        {"points": "ten", "reason": "x"},
        {"points": "0", "reason": "x"},
        {"points": "5", "reason": ""},
        {"points": "-1", "reason": "too many"},
    ],
)
def test_bad_adjustment_rerenders_with_the_error_and_writes_nothing(
    app, manager_api, customer, form
):
    """A bad value (not a number, zero, no reason, below the balance) shows the page again
    with an error and writes nothing."""
    before = ledger_rows(app, manager_api)
    response = manager_api.post(f"/loyalty/customers/{customer}/adjust", data=form)
    assert 400 <= response.status_code < 500
    assert 'class="flash error"' in response.get_data(as_text=True)
    assert ledger_rows(app, manager_api) == before


def test_adjust_needs_loyalty_adjust(cashier_api, customer, app):
    """A cashier (``loyalty.view`` only) cannot adjust points, nor sees the form."""
    before = ledger_rows(app, cashier_api)
    response = cashier_api.post(
        f"/loyalty/customers/{customer}/adjust", data={"points": "50", "reason": "x"}
    )
    assert response.status_code == 403
    assert ledger_rows(app, cashier_api) == before
    page = cashier_api.get(f"/loyalty/customers/{customer}").get_data(as_text=True)
    assert "Adjust points" not in page


def test_till_action_points_is_served(app, cashier_api):
    """The till gets a "Points" action (``loyalty.view``) whose script reads the attached
    customer's balance and says (in the cashier's language) when no customer is attached."""
    actions = {a.code: a for a in app.runtimes.current().till_actions}
    action = actions["loyalty.points"]
    assert (action.title, action.permission) == ("Points", "loyalty.view")
    script = cashier_api.get(action.script)
    assert script.status_code == 200
    source = script.get_data(as_text=True)
    assert "export async function run(till)" in source
    assert "/customers/${customerId}/loyalty" in source and "loyalty.no_customer" in source
