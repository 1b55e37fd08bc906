"""The lists that name people and registers, scoped like every other list (issue 14):
the till's sign-in screen shows the staff of the till's store (and those of every
store), the audit log shows what the viewer's store's staff did, and the dashboard's
journal panel the viewer's store's registers. Store A's register is R1 (code "R1"),
B's is "N1"."""

from __future__ import annotations

import pytest
from multistore_helpers import ok

pytestmark = pytest.mark.comptoir_plugins("multistore")


def _names(client, register_id=None):
    path = "/api/v1/auth/till-users"
    if register_id is not None:
        path += f"?register_id={register_id}"
    return {user["full_name"] for user in ok(client.get(path), 200)}


@pytest.fixture
def staff(shops, admin_api):
    """A PIN for a cashier of each store (A's assigned to A: a user assigned to no store
    works in every store), and for an admin of every store."""
    people = {"bea": "Bea North", "cashier": "Carl South", "admin": "Ada Boss"}
    for user in ok(admin_api.get("/api/v1/users"), 200):
        if user["username"] in people:
            body = {"pin": "2468", "full_name": people[user["username"]]}
            ok(admin_api.patch(f"/api/v1/users/{user['id']}", json=body), 200)
        if user["username"] == "cashier":
            assign = {"user_ids": [user["id"]]}
            ok(admin_api.patch(f"/api/v1/stores/{shops.store_a['id']}", json=assign), 200)
    return people


def test_the_sign_in_screen_lists_the_registers_store_staff_and_every_stores(shops, staff, client):
    at_b = _names(client, shops.register_b)
    assert "Bea North" in at_b and "Ada Boss" in at_b
    assert "Carl South" not in at_b
    at_a = _names(client, 1)
    assert "Carl South" in at_a and "Ada Boss" in at_a
    assert "Bea North" not in at_a
    # A till that has no register yet (a new browser) lists everyone.
    assert {"Bea North", "Carl South", "Ada Boss"} <= _names(client)


def test_a_bad_register_in_the_sign_in_list_is_a_4xx(shops, client):
    assert client.get("/api/v1/auth/till-users?register_id=abc").status_code == 422


def _reserve(client, shops, sku):
    body = {
        "store_id": shops.store_a["id"],
        "product_id": shops.shop[sku],
        "quantity": "1",
        "customer_name": "Zoé",
    }
    return ok(client.post("/api/v1/reservations", json=body), 201)


def test_the_audit_log_shows_the_viewers_store_only(shops, staff, admin_api, api_as):
    by_b = _reserve(shops.cashier_b, shops, "MUG")
    by_a = _reserve(api_as("cashier"), shops, "COFFEE")
    by_admin = _reserve(admin_api, shops, "COFFEE")
    action = "?action=multistore.reservation_create"
    seen_by_b = shops.manager_b.get("/admin/audit/" + action).get_data(as_text=True)
    assert f"reservation:{by_b['id']}" in seen_by_b
    assert f"reservation:{by_a['id']}" not in seen_by_b
    assert f"reservation:{by_admin['id']}" not in seen_by_b  # the whole shop's
    seen_by_admin = admin_api.get("/admin/audit/" + action).get_data(as_text=True)
    for made in (by_a, by_b, by_admin):
        assert f"reservation:{made['id']}" in seen_by_admin


def test_the_dashboards_journal_panel_shows_the_viewers_registers(shops, admin_api, api_as):
    page = shops.manager_b.get("/admin/").get_data(as_text=True)
    panel = page[page.index("journal-status") :]
    assert "<strong>N1</strong>" in panel
    assert "<strong>R1</strong>" not in panel
    everything = admin_api.get("/admin/").get_data(as_text=True)
    panel = everything[everything.index("journal-status") :]
    assert "<strong>N1</strong>" in panel and "<strong>R1</strong>" in panel
    verified = shops.manager_b.get("/admin/?verify=1").get_data(as_text=True)
    assert "Intact" in verified
