"""A cashier cannot give 90 % off through a discount group (issue 18, item 5): putting a
customer in a group is a manager's permission (``crm.assign_group``), and a group
discount beyond the cashier's limit needs a manager's approval like a manual one."""

from __future__ import annotations

import pytest
from crm_testing import new_customer, new_group, row_counts

from core.testing import PINS, sale_body

pytestmark = pytest.mark.comptoir_plugins("crm")


def _manager_id(manager_api) -> int:
    users = manager_api.get("/api/v1/users").get_json()
    return next(user["id"] for user in users if user["username"] == "manager")


def test_a_cashier_cannot_create_a_customer_in_a_group(app, shop, manager_api, cashier_api):
    group = new_group(manager_api, "Friends", "90")
    before = row_counts(app, manager_api)
    response = cashier_api.post("/api/v1/customers", json={"name": "Me", "group_id": group["id"]})
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "assign_group_forbidden"
    assert row_counts(app, manager_api) == before
    # Without a group, the cashier still adds customers at the till.
    assert cashier_api.post("/api/v1/customers", json={"name": "Me"}).status_code == 201


def test_a_cashier_cannot_move_a_customer_into_a_group(app, shop, manager_api, admin_api, api_as):
    """Even a cashier granted crm.edit (to fix a phone number) cannot change the group."""
    role = next(r for r in admin_api.get("/api/v1/roles").get_json() if r["name"] == "cashier")
    granted = {"permissions": [*role["permissions"], "crm.edit"]}
    assert admin_api.patch(f"/api/v1/roles/{role['id']}", json=granted).status_code == 200
    cashier = api_as("cashier")
    group = new_group(manager_api, "Friends", "90")
    customer = new_customer(manager_api)
    path = f"/api/v1/customers/{customer['id']}"
    assert cashier.patch(path, json={"group_id": group["id"]}).status_code == 403
    assert cashier.patch(path, json={"phone": "0600000000"}).status_code == 200
    assert manager_api.patch(path, json={"group_id": group["id"]}).status_code == 200


def test_the_back_office_form_hides_and_refuses_the_group(
    app, shop, manager_api, admin_api, api_as
):
    """A back-office clerk who may add customers but not assign groups (cashiers never
    see the back office)."""
    clerk_role = {"name": "clerk", "permissions": ["admin.access", "crm.view", "crm.create"]}
    assert admin_api.post("/api/v1/roles", json=clerk_role).status_code == 201
    clerk_user = {"username": "clerk", "roles": ["clerk"]}
    assert admin_api.post("/api/v1/users", json=clerk_user).status_code == 201
    clerk = api_as("clerk")
    group = new_group(manager_api, "Friends", "90")
    page = clerk.get("/crm/new").get_data(as_text=True)
    assert 'name="group_id"' in page and '<select name="group_id"' not in page
    assert '<select name="group_id"' in manager_api.get("/crm/new").get_data(as_text=True)
    before = row_counts(app, manager_api)
    refused = clerk.post("/crm/new", data={"name": "Me", "group_id": str(group["id"])})
    assert refused.status_code == 400
    assert row_counts(app, manager_api) == before


def test_a_group_discount_beyond_the_limit_needs_approval(app, shop, manager_api, cashier_api):
    group = new_group(manager_api, "Friends", "90")
    customer = new_customer(manager_api, group_id=group["id"])
    body = sale_body(shop.line("COFFEE"), customer_id=customer["id"])
    refused = cashier_api.post("/api/v1/sales", json=body)
    assert refused.status_code == 403
    error = refused.get_json()["error"]
    assert error["code"] == "approval_required" and list(error["fields"]) == ["lines.0"]
    body["approval"] = {"user_id": _manager_id(manager_api), "pin": PINS["manager"]}
    approved = cashier_api.post("/api/v1/sales", json=body)
    assert approved.status_code == 201, approved.get_json()
    assert approved.get_json()["total"] == 25


def test_a_group_and_a_manual_discount_add_up_against_the_limit(
    app, shop, manager_api, cashier_api
):
    """6 % from the group and 6 % by hand are 12 % chosen at the till: beyond 10 %."""
    group = new_group(manager_api, "Neighbours", "6")
    customer = new_customer(manager_api, group_id=group["id"])
    small = sale_body(shop.line("COFFEE"), customer_id=customer["id"])
    assert cashier_api.post("/api/v1/sales", json=small).status_code == 201
    line = dict(shop.line("COFFEE"), discount_percent="6")
    both = sale_body(line, customer_id=customer["id"])
    refused = cashier_api.post("/api/v1/sales", json=both)
    assert refused.status_code == 403
    assert refused.get_json()["error"]["code"] == "approval_required"
