"""Tests of the tips plugin, written as any third party would, with Comptoir's fixtures."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.comptoir_plugins("tips")


def test_cashier_records_a_tip(cashier_api):
    """A cashier records a tip received; it is theirs."""
    response = cashier_api.post("/api/v1/tips", json={"amount": 250, "note": "table 4"})
    assert response.status_code == 201
    assert response.json["amount"] == 250 and response.json["note"] == "table 4"


def test_cashier_cannot_see_everyones_tips(cashier_api):
    assert cashier_api.get("/api/v1/tips").status_code == 403


def test_manager_sees_tips_per_person_on_the_page(cashier_api, manager_api):
    cashier_api.post("/api/v1/tips", json={"amount": 250})
    cashier_api.post("/api/v1/tips", json={"amount": 100})
    manager_api.post("/api/v1/tips", json={"amount": 500})
    page = manager_api.get("/tips/")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Camille Cashier</td><td>2</td><td>3.50" in text
    assert "Marie Manager</td><td>1</td><td>5.00" in text
    assert [t["amount"] for t in manager_api.get("/api/v1/tips").json] == [500, 100, 250]


def test_page_needs_the_permission(cashier_api, client):
    assert cashier_api.get("/tips/").status_code == 403
    assert client.get("/tips/", headers={"Accept": "application/json"}).status_code == 401


@pytest.mark.parametrize("amount", [12.5, "3", 0, -5, True])
def test_amount_is_a_positive_integer_in_cents(cashier_api, amount):
    response = cashier_api.post("/api/v1/tips", json={"amount": amount})
    assert response.status_code == 422
    assert "amount" in response.json["error"]["fields"]
    assert cashier_api.post("/api/v1/tips", json={"amount": 1}).status_code == 201


def test_tip_above_the_setting_is_refused(admin_api, cashier_api):
    """The `tips.max_amount` setting caps a tip (a likely typo)."""
    assert admin_api.patch("/api/v1/settings/tips", json={"max_amount": 1000}).status_code == 200
    response = cashier_api.post("/api/v1/tips", json={"amount": 1001})
    assert response.status_code == 422 and "max_amount" in response.json["error"]["message"]


def test_menu_entry_and_openapi(app, client):
    runtime = app.runtimes.current()
    assert "tips.index" in [item.endpoint for item in runtime.admin_menu]
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert paths["/api/v1/tips"]["post"]["x-permission"] == "tips.record"


def test_disabling_keeps_the_tips(app, admin_api, cashier_api):
    cashier_api.post("/api/v1/tips", json={"amount": 300})
    admin_api.post("/api/v1/plugins/tips/disable")
    assert admin_api.get("/api/v1/tips").status_code == 404
    admin_api.post("/api/v1/plugins/tips/enable")
    assert [t["amount"] for t in admin_api.get("/api/v1/tips").json] == [300]
