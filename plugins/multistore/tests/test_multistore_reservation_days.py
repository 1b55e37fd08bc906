"""Each store's own reservation period (issue 14): set on the store (API and page), it
decides how long a reservation made at that store holds; blank keeps the plugin's
``reservation_days`` setting; a period out of 1 to 60 is refused and changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from multistore_helpers import ok
from test_multistore_reservations import body

from core.testing import PASSWORDS

pytestmark = pytest.mark.comptoir_plugins("multistore")


def _held_for(made: dict) -> dt.timedelta:
    return dt.datetime.fromisoformat(made["expires_at"]) - dt.datetime.fromisoformat(
        made["created_at"]
    )


def test_a_store_keeps_reservations_for_its_own_period(shops, admin_api):
    ok(admin_api.patch("/api/v1/settings/multistore", json={"reservation_days": 3}), 200)
    store_a = shops.store_a["id"]
    changed = ok(admin_api.patch(f"/api/v1/stores/{store_a}", json={"reservation_days": 7}), 200)
    assert changed["reservation_days"] == 7
    assert ok(admin_api.get(f"/api/v1/stores/{store_a}"), 200)["reservation_days"] == 7

    at_a = ok(shops.cashier_b.post("/api/v1/reservations", json=body(shops, "1")), 201)
    assert _held_for(at_a) == dt.timedelta(days=7)
    # Store B has none of its own: the plugin's setting.
    assert (
        ok(admin_api.get(f"/api/v1/stores/{shops.store_b['id']}"), 200)["reservation_days"] is None
    )

    # Back to the setting.
    ok(admin_api.patch(f"/api/v1/stores/{store_a}", json={"reservation_days": None}), 200)
    again = ok(shops.cashier_b.post("/api/v1/reservations", json=body(shops, "1")), 201)
    assert _held_for(again) == dt.timedelta(days=3)


@pytest.mark.parametrize("days", [0, 61, -1, "many", 2.5])
def test_a_period_out_of_range_is_refused_and_changes_nothing(shops, admin_api, days):
    store_a = shops.store_a["id"]
    ok(admin_api.patch(f"/api/v1/stores/{store_a}", json={"reservation_days": 4}), 200)
    refused = admin_api.patch(f"/api/v1/stores/{store_a}", json={"reservation_days": days})
    assert refused.status_code == 422
    assert "reservation_days" in refused.get_json()["error"]["fields"]
    assert ok(admin_api.get(f"/api/v1/stores/{store_a}"), 200)["reservation_days"] == 4


def test_a_new_store_may_have_its_period(shops, admin_api):
    made = ok(
        admin_api.post(
            "/api/v1/stores", json={"code": "south", "name": "South", "reservation_days": 10}
        ),
        201,
    )
    assert made["reservation_days"] == 10


def test_the_store_page_sets_and_clears_the_period(shops, admin_api, app):
    client = app.test_client()
    token = client.get("/login").get_data(as_text=True).split('name="csrf_token" value="')[1]
    token = token.split('"', 1)[0]
    signed = client.post(
        "/login", data={"username": "admin", "password": PASSWORDS["admin"], "csrf_token": token}
    )
    assert signed.status_code == 302
    store_a = shops.store_a
    url = f"/multistore/stores/{store_a['id']}"
    page = client.get(url).get_data(as_text=True)
    assert 'name="reservation_days"' in page
    csrf = page.split('name="csrf_token" value="')[1].split('"', 1)[0]
    form = {
        "csrf_token": csrf,
        **{key: store_a[key] or "" for key in ("name", "address", "tax_id", "company_number")},
        "receipt_header": store_a["receipt_header"],
        "receipt_footer": store_a["receipt_footer"],
        "reservation_days": "9",
    }
    assert client.post(url, data=form).status_code == 302
    assert ok(admin_api.get(f"/api/v1/stores/{store_a['id']}"), 200)["reservation_days"] == 9
    for bad in ("0", "2.5", "lots"):
        assert client.post(url, data={**form, "reservation_days": bad}).status_code == 422
    assert ok(admin_api.get(f"/api/v1/stores/{store_a['id']}"), 200)["reservation_days"] == 9
    assert client.post(url, data={**form, "reservation_days": ""}).status_code == 302
    assert ok(admin_api.get(f"/api/v1/stores/{store_a['id']}"), 200)["reservation_days"] is None
