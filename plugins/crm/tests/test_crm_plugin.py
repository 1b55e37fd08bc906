"""The crm plugin as a whole: permissions, OpenAPI, pages, till action, its hook for other
plugins, and enabling or disabling it."""

from __future__ import annotations

import pytest
from crm_testing import new_customer

from core.testing import sell

pytestmark = pytest.mark.comptoir_plugins("crm")

CRM_PATHS = {
    "/api/v1/customers": {"get", "post"},
    "/api/v1/customers/{customer_id}": {"get", "patch", "delete"},
    "/api/v1/customers/{customer_id}/sales": {"get"},
    "/api/v1/customers/{customer_id}/export": {"get"},
    "/api/v1/customer-groups": {"get", "post"},
    "/api/v1/customer-groups/{group_id}": {"patch"},
}


def test_openapi_documents_every_crm_endpoint(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path, methods in CRM_PATHS.items():
        assert path in paths, path
        assert methods <= set(paths[path]), path


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/customers"),
        ("post", "/api/v1/customers"),
        ("get", "/api/v1/customers/1"),
        ("patch", "/api/v1/customers/1"),
        ("delete", "/api/v1/customers/1"),
        ("get", "/api/v1/customers/1/sales"),
        ("get", "/api/v1/customers/1/export"),
        ("get", "/api/v1/customer-groups"),
        ("post", "/api/v1/customer-groups"),
        ("patch", "/api/v1/customer-groups/1"),
    ],
)
def test_no_credentials_is_a_401(client, method, path):
    response = getattr(client, method)(path, json={})
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("patch", "/api/v1/customers/{id}", {"name": "x"}),
        ("delete", "/api/v1/customers/{id}", None),
        ("get", "/api/v1/customers/{id}/export", None),
        ("post", "/api/v1/customer-groups", {"name": "VIP"}),
    ],
)
def test_cashiers_may_not_edit(manager_api, cashier_api, method, path, body):
    """Cashiers view and add customers; changing, exporting, erasing and groups are for
    managers (erasing: admins)."""
    customer = new_customer(manager_api)
    url = path.format(id=customer["id"])
    kwargs = {"json": body} if body is not None else {}
    assert getattr(cashier_api, method)(url, **kwargs).status_code == 403
    assert cashier_api.get(f"/api/v1/customers/{customer['id']}").get_json()["name"] == (
        "Anne Martin"
    )


def test_a_user_without_crm_permissions_gets_403(roleless_api):
    assert roleless_api.get("/api/v1/customers").status_code == 403
    assert roleless_api.post("/api/v1/customers", json={"name": "x"}).status_code == 403


def test_back_office_pages_list_and_show_customers(manager_api, cashier_api):
    customer = new_customer(manager_api, name="Anne Martin", email="anne@example.org")
    new_customer(manager_api, name="Bob Durand")
    listing = manager_api.get("/crm/?q=anne")
    assert listing.status_code == 200
    assert b"Anne Martin" in listing.data and b"Bob Durand" not in listing.data
    detail = manager_api.get(f"/crm/{customer['id']}")
    assert detail.status_code == 200
    assert b"anne@example.org" in detail.data and b"Purchase history" in detail.data
    assert manager_api.get("/crm/987654").status_code == 404


def test_pages_need_credentials(client):
    response = client.get("/crm/", headers={"Accept": "application/json"})
    assert response.status_code == 401


def test_customers_are_in_the_admin_menu(app):
    menu = {item.endpoint: item for item in app.runtimes.current().admin_menu}
    assert menu["crm.index"].permission == "crm.view"


def test_till_action_attaches_a_customer(app, cashier_api):
    """The till gets a "Customer" button whose script is served."""
    actions = {a.code: a for a in app.runtimes.current().till_actions}
    action = actions["crm.customer"]
    assert action.permission == "crm.view"
    script = cashier_api.get(action.script)
    assert script.status_code == 200
    assert b"export async function run(till)" in script.data


@pytest.mark.comptoir_extra_plugins("badge=crm_badge_plugin")
@pytest.mark.comptoir_plugins("badge")
def test_plugins_add_fields_to_customers(manager_api):
    """``crm_customer_fields`` adds a plugin's fields to every customer the API shows,
    without replacing crm's own."""
    customer = new_customer(manager_api, name="Anne Martin")
    assert customer["badge"] == f"B-{customer['id']}"
    assert customer["name"] == "Anne Martin"
    listed = manager_api.get("/api/v1/customers").get_json()
    assert listed[0]["badge"] == f"B-{customer['id']}"
    export = manager_api.get(f"/api/v1/customers/{customer['id']}/export").get_json()
    assert export["profile"]["badge"] == f"B-{customer['id']}"


@pytest.mark.comptoir_extra_plugins("brokenfields=crm_broken_fields_plugin")
@pytest.mark.comptoir_plugins("brokenfields")
def test_a_failing_plugin_field_is_left_out(manager_api, caplog):
    customer = new_customer(manager_api)
    assert customer["name"] == "Anne Martin" and "badge" not in customer
    assert "brokenfields" in caplog.text


def test_disabling_keeps_the_customers(app, manager_api, admin_api, cli_runner):
    """Disabled, the endpoints are gone; enabled again, the customers are back."""
    customer = new_customer(manager_api)
    result = cli_runner("plugins", "disable", "crm")
    assert result.exit_code == 0, result.output
    assert admin_api.get("/api/v1/customers").status_code == 404
    assert admin_api.post("/api/v1/plugins/crm/enable").status_code == 200
    back = admin_api.get(f"/api/v1/customers/{customer['id']}")
    assert back.status_code == 200 and back.get_json()["name"] == "Anne Martin"


def test_disabling_through_the_api_and_enabling_from_the_cli(
    app, manager_api, admin_api, cli_runner
):
    customer = new_customer(manager_api)
    assert admin_api.post("/api/v1/plugins/crm/disable").status_code == 200
    assert manager_api.get(f"/api/v1/customers/{customer['id']}").status_code == 404
    result = cli_runner("plugins", "enable", "crm")
    assert result.exit_code == 0, result.output
    assert manager_api.get(f"/api/v1/customers/{customer['id']}").status_code == 200


def test_a_disabled_crm_no_longer_checks_customers(app, shop, admin_api, cashier_api):
    """While crm is off, its validation is not called: the core keeps any customer id."""
    admin_api.post("/api/v1/plugins/crm/disable")
    sale = sell(cashier_api, shop.line("COFFEE"), customer_id=987654)
    assert sale["customer_id"] == 987654
