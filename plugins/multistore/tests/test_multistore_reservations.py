"""Reservations: a cashier of shop B asks shop A to keep goods for a customer. The hold
lowers A's available quantity (what the Other shops lookup shows) until it is collected,
cancelled or expired; only A's staff see, collect and cancel it; the last units go to one
till only, under concurrency too."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import sqlalchemy as sa
from multistore_helpers import ok

from core.plugins import db
from core.testing import at_once
from plugins.multistore.reservation_models import StoreReservation

pytestmark = pytest.mark.comptoir_plugins("multistore")


def body(shops, quantity="2", sku="MUG", store="a", **extra):
    store_id = (shops.store_a if store == "a" else shops.store_b)["id"]
    return {
        "store_id": store_id,
        "product_id": shops.shop[sku],
        "quantity": quantity,
        "customer_name": "Zoé Martin",
        "customer_phone": "+33 6 12 34 56 78",
        **extra,
    }


def stock_of(client, shops, sku="MUG", store="a"):
    rows = ok(client.get(f"/api/v1/products/{shops.shop[sku]}/stock"), 200)
    store_id = (shops.store_a if store == "a" else shops.store_b)["id"]
    row = next(r for r in rows if r["store_id"] == store_id)
    return Decimal(row["quantity"]), Decimal(row["reserved"]), Decimal(row["available"])


def test_a_reservation_holds_stock_at_the_shop_until_collected(shops, admin_api, api_as):
    made = ok(shops.cashier_b.post("/api/v1/reservations", json=body(shops)), 201)
    assert made["status"] == "active" and made["quantity"] == "2"
    assert made["customer_name"] == "Zoé Martin" and made["product_name"]
    expires = dt.datetime.fromisoformat(made["expires_at"])
    created = dt.datetime.fromisoformat(made["created_at"])
    assert expires - created == dt.timedelta(days=2)  # the default period
    # B's cashier sees the hold in the lookup; the stock itself did not move.
    assert stock_of(shops.cashier_b, shops) == (100, 2, 98)
    # A's cashier has it to collect; the customer buys at A's till as usual.
    cashier_a = api_as("cashier")
    listed = ok(cashier_a.get("/api/v1/reservations?status=active"), 200)
    assert [r["id"] for r in listed] == [made["id"]]
    done = ok(cashier_a.post(f"/api/v1/reservations/{made['id']}/collect"), 200)
    assert done["status"] == "collected" and done["closed_by"] is not None
    assert stock_of(admin_api, shops) == (100, 0, 100)
    again = cashier_a.post(f"/api/v1/reservations/{made['id']}/cancel")
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "reservation_collected"
    for action in ("multistore.reservation_create", "multistore.reservation_collected"):
        page = admin_api.get(f"/admin/audit/?action={action}").get_data(as_text=True)
        assert f"reservation:{made['id']}" in page


def test_cancelling_releases_the_hold(shops, api_as):
    made = ok(shops.cashier_b.post("/api/v1/reservations", json=body(shops, "5")), 201)
    ok(api_as("cashier").post(f"/api/v1/reservations/{made['id']}/cancel"), 200)
    assert stock_of(shops.cashier_b, shops) == (100, 0, 100)


def test_only_the_holding_shop_sees_and_closes_its_reservations(shops, api_as):
    made = ok(shops.cashier_b.post("/api/v1/reservations", json=body(shops)), 201)
    # B's staff asked for it but A keeps it: B does not list, read or close it.
    assert ok(shops.cashier_b.get("/api/v1/reservations"), 200) == []
    assert shops.cashier_b.get(f"/api/v1/reservations/{made['id']}").status_code == 403
    refused = shops.manager_b.post(f"/api/v1/reservations/{made['id']}/collect")
    assert refused.status_code == 403
    assert refused.get_json()["error"]["code"] == "other_store"
    assert (
        shops.cashier_b.get(f"/api/v1/reservations?store_id={shops.store_a['id']}").status_code
        == 403
    )
    assert (
        ok(api_as("cashier").get(f"/api/v1/reservations/{made['id']}"), 200)["status"] == "active"
    )


def test_expired_reservations_stop_holding_on_the_next_read(shops, app, api_as):
    made = ok(shops.cashier_b.post("/api/v1/reservations", json=body(shops, "3")), 201)
    with app.app_context():
        past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
        db.session.execute(
            sa.update(StoreReservation)
            .where(StoreReservation.id == made["id"])
            .values(expires_at=past)
        )
        db.session.commit()
    assert stock_of(shops.cashier_b, shops) == (100, 0, 100)
    cashier_a = api_as("cashier")
    assert ok(cashier_a.get(f"/api/v1/reservations/{made['id']}"), 200)["status"] == "expired"
    assert [r["id"] for r in ok(cashier_a.get("/api/v1/reservations?status=expired"), 200)] == [
        made["id"]
    ]
    late = cashier_a.post(f"/api/v1/reservations/{made['id']}/collect")
    assert late.status_code == 409 and late.get_json()["error"]["code"] == "reservation_expired"


def test_the_period_is_a_setting(shops, admin_api):
    ok(admin_api.patch("/api/v1/settings/multistore", json={"reservation_days": 5}), 200)
    made = ok(shops.cashier_b.post("/api/v1/reservations", json=body(shops)), 201)
    expires = dt.datetime.fromisoformat(made["expires_at"])
    assert expires - dt.datetime.fromisoformat(made["created_at"]) == dt.timedelta(days=5)


def test_more_than_available_is_a_409_and_writes_nothing(shops, api_as):
    ok(shops.cashier_b.post("/api/v1/reservations", json=body(shops, "99")), 201)
    refused = shops.cashier_b.post("/api/v1/reservations", json=body(shops, "2"))
    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "insufficient_stock"
    assert "1" in refused.get_json()["error"]["message"]  # what is left to reserve
    assert len(ok(api_as("cashier").get("/api/v1/reservations"), 200)) == 1


@pytest.mark.parametrize(
    "change",
    [
        {"quantity": "0"},
        {"quantity": "-1"},
        {"quantity": "abc"},
        {"customer_name": ""},
        {"customer_phone": "call me"},
        {"store_id": 999},
        {"product_id": 999},
    ],
)
def test_bad_reservations_are_4xx_and_write_nothing(shops, api_as, change):
    answer = shops.cashier_b.post("/api/v1/reservations", json={**body(shops), **change})
    assert 400 <= answer.status_code < 500 and answer.status_code != 409, answer.get_json()
    assert ok(api_as("admin").get("/api/v1/reservations"), 200) == []


def test_reserving_needs_the_permission(shops, roleless_api):
    assert roleless_api.post("/api/v1/reservations", json=body(shops)).status_code == 403
    assert roleless_api.get("/api/v1/reservations").status_code == 403


def _race_for_the_last_units(shops, api_as, admin_api):
    """Ten tills of both shops each reserve 3 of the last 10 coffees left at B."""
    coffee = shops.shop["COFFEE"]
    move = {
        "product_id": coffee,
        "location_id": shops.location_b,
        "delta": "10",
        "reason": "receipt",
    }
    ok(admin_api.post("/api/v1/stock/adjustments", json=move), 201)
    clients = [api_as("cashier") for _ in range(5)] + [api_as("bea") for _ in range(5)]
    wanted = body(shops, "3", sku="COFFEE", store="b")
    answers = at_once(10, lambda i: clients[i].post("/api/v1/reservations", json=wanted))
    assert sorted(a.status_code for a in answers) == [201] * 3 + [409] * 7
    assert stock_of(admin_api, shops, "COFFEE", "b") == (10, 9, 1)


@pytest.mark.postgresql
def test_many_tills_reserving_the_last_units_on_postgresql(shops, api_as, admin_api):
    _race_for_the_last_units(shops, api_as, admin_api)


@pytest.mark.sqlite
def test_many_tills_reserving_the_last_units_on_sqlite(shops, api_as, admin_api):
    _race_for_the_last_units(shops, api_as, admin_api)


def test_the_holding_shops_page_lists_collects_and_cancels(shops, api_as):
    kept = ok(shops.cashier_b.post("/api/v1/reservations", json=body(shops, "2")), 201)
    gone = ok(shops.cashier_b.post("/api/v1/reservations", json=body(shops, "1", "COFFEE")), 201)
    manager_a = api_as("manager")
    page = manager_a.get("/reservations/").get_data(as_text=True)
    assert "Zoé Martin" in page and "+33 6 12 34 56 78" in page and "To collect" in page
    # B's staff asked for them, A keeps them: B's page does not list them.
    assert "Zoé Martin" not in shops.manager_b.get("/reservations/").get_data(as_text=True)
    assert shops.manager_b.post(f"/reservations/{kept['id']}/collect").status_code == 403
    assert manager_a.post(f"/reservations/{kept['id']}/collect").status_code == 302
    assert manager_a.post(f"/reservations/{gone['id']}/cancel").status_code == 302
    statuses = {r["id"]: r["status"] for r in ok(manager_a.get("/api/v1/reservations"), 200)}
    assert statuses == {kept["id"]: "collected", gone["id"]: "cancelled"}
    again = manager_a.post(f"/reservations/{kept['id']}/cancel", follow_redirects=True)
    assert "the reservation is collected" in again.get_data(as_text=True)
    assert manager_a.get("/reservations/?status=nonsense").status_code == 400
    assert manager_a.post("/reservations/999999/collect").status_code == 404
