"""Customer groups: created and changed by managers, names unique."""

from __future__ import annotations

import pytest
from crm_testing import new_customer, new_group, row_counts

pytestmark = pytest.mark.comptoir_plugins("crm")


def test_groups_are_listed_by_name(manager_api, cashier_api):
    new_group(manager_api, "Wholesale", "15")
    new_group(manager_api, "Friends", "5")
    groups = cashier_api.get("/api/v1/customer-groups").get_json()
    assert [(g["name"], g["discount_percent"]) for g in groups] == [
        ("Friends", "5.0"),
        ("Wholesale", "15.0"),
    ]


def test_a_group_without_a_discount_is_zero(manager_api):
    created = manager_api.post("/api/v1/customer-groups", json={"name": "Newsletter"})
    assert created.status_code == 201 and created.get_json()["discount_percent"] == "0.0"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"name": ""},
        {"name": "X", "discount_percent": "101"},
        {"name": "X", "discount_percent": "-1"},
        {"name": "X", "discount_percent": "ten"},
        {"name": "X", "extra": True},
    ],
)
def test_bad_group_input_is_a_422(app, manager_api, body):
    before = row_counts(app, manager_api)
    assert manager_api.post("/api/v1/customer-groups", json=body).status_code == 422
    assert row_counts(app, manager_api) == before


def test_group_names_are_unique_whatever_the_case(app, manager_api):
    group = new_group(manager_api, "Staff")
    other = new_group(manager_api, "Family")
    before = row_counts(app, manager_api)
    assert manager_api.post("/api/v1/customer-groups", json={"name": "staff"}).status_code == 409
    renamed = manager_api.patch(f"/api/v1/customer-groups/{other['id']}", json={"name": "STAFF"})
    assert renamed.status_code == 409
    assert row_counts(app, manager_api) == before
    same = manager_api.patch(f"/api/v1/customer-groups/{group['id']}", json={"name": "Staff"})
    assert same.status_code == 200


def test_unknown_group_is_a_404(manager_api):
    response = manager_api.patch("/api/v1/customer-groups/987654", json={"name": "x"})
    assert response.status_code == 404
    huge = manager_api.patch(f"/api/v1/customer-groups/{2**63 - 1}", json={"name": "x"})
    assert huge.status_code == 404


def test_customer_joins_and_leaves_a_group(manager_api):
    group = new_group(manager_api, "Staff", "10")
    customer = new_customer(manager_api, group_id=group["id"])
    assert customer["group"] == {"id": group["id"], "name": "Staff", "discount_percent": "10.0"}
    left = manager_api.patch(f"/api/v1/customers/{customer['id']}", json={"group_id": None})
    assert left.get_json()["group"] is None and left.get_json()["group_id"] is None
    members = manager_api.get(f"/api/v1/customers?group_id={group['id']}").get_json()
    assert members == []
