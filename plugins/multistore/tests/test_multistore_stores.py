"""Stores: the shop that existed becomes the first store; a new store gets its own
location, registers follow their location, users are assigned."""

from __future__ import annotations

import pytest
from multistore_helpers import ok

pytestmark = pytest.mark.comptoir_plugins("multistore")


def test_the_existing_shop_is_the_first_store(admin_api):
    """Enabling the plugin makes the shop as it was the first store: its default
    location and its register."""
    (store,) = ok(admin_api.get("/api/v1/stores"), 200)
    assert store["register_ids"] == [1]
    assert store["location_id"] in store["location_ids"]


def test_a_new_store_has_its_own_location_register_and_staff(shops, admin_api):
    store_b = shops.store_b
    assert store_b["location_id"] != shops.location_a
    assert store_b["register_ids"] == [shops.register_b]
    assert len(store_b["user_ids"]) == 2
    store_a = ok(admin_api.get(f"/api/v1/stores/{shops.store_a['id']}"), 200)
    assert store_a["register_ids"] == [1]


def test_a_store_code_is_unique(shops, admin_api):
    answer = admin_api.post("/api/v1/stores", json={"code": "north", "name": "Again"})
    assert answer.status_code == 409
    assert len(ok(admin_api.get("/api/v1/stores"), 200)) == 2


def test_bad_input_is_a_422_and_changes_nothing(shops, admin_api):
    for body in (
        {"code": "", "name": "x"},
        {"code": "x y", "name": "x"},
        {"name": "x"},
        {"code": "s", "name": "x", "user_ids": [987654]},
    ):
        assert admin_api.post("/api/v1/stores", json=body).status_code == 422, body
    assert len(ok(admin_api.get("/api/v1/stores"), 200)) == 2


def test_a_user_of_one_store_lists_only_it(shops):
    listed = ok(shops.cashier_b.get("/api/v1/stores"), 200)
    assert [store["id"] for store in listed] == [shops.store_b["id"]]
    assert shops.cashier_b.get(f"/api/v1/stores/{shops.store_a['id']}").status_code == 403


def test_assigning_staff_is_in_the_audit_log(shops, admin_api):
    page = admin_api.get("/admin/audit/?action=multistore.store_create").get_data(as_text=True)
    assert f"store:{shops.store_b['id']}" in page


def test_a_store_adopts_a_free_location_never_another_stores(shops, admin_api):
    taken = {"code": "east", "name": "East", "location_id": shops.location_b}
    answer = admin_api.post("/api/v1/stores", json=taken)
    assert answer.status_code == 409 and answer.get_json()["error"]["code"] == "location_taken"
    patch = {"location_ids": [shops.location_a]}
    assert admin_api.patch(f"/api/v1/stores/{shops.store_b['id']}", json=patch).status_code == 409
    assert (
        admin_api.patch(
            f"/api/v1/stores/{shops.store_b['id']}", json={"location_ids": [987654]}
        ).status_code
        == 422
    )
    store_a = ok(admin_api.get(f"/api/v1/stores/{shops.store_a['id']}"), 200)
    assert store_a["register_ids"] == [1]
