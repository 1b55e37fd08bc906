"""Every event a subscription may choose reaches the receiver: new customers, registers
closed, stock low, and an event a plugin declares."""

from __future__ import annotations

import pytest
from parcel_events_plugin import receive_parcel
from webhooks_testing import SECRET, closed, subscribe

from core.plugins import db, write_transaction
from core.testing import sale_body

PARCELS = "parcel_events=parcel_events_plugin"


def _types(receiver):
    return [got["json"]["type"] for got in receiver.received if got["signed"]]


@pytest.mark.comptoir_plugins("webhooks", "crm")
def test_a_new_customer_is_sent(admin_api, cashier_api, receiver):
    subscribe(admin_api, receiver.url, ["customer.created"], SECRET)
    response = closed(
        cashier_api.post("/api/v1/customers", json={"name": "Anne", "email": "anne@example.org"})
    )
    assert response.status_code == 201
    (got,) = receiver.received
    assert got["signed"] and got["json"]["type"] == "customer.created"
    assert got["json"]["data"]["email"] == "anne@example.org"


@pytest.mark.comptoir_plugins("webhooks")
def test_a_register_closed_is_sent_with_its_z_report(shop, admin_api, manager_api, receiver):
    subscribe(admin_api, receiver.url, ["register.closed"], SECRET)
    response = closed(manager_api.post("/api/v1/registers/1/close", json={"counted_cash": 10000}))
    assert response.status_code == 200
    (got,) = receiver.received
    assert got["json"]["type"] == "register.closed"
    assert got["json"]["data"]["report"]["over_short"] == response.get_json()["over_short"]


@pytest.mark.comptoir_plugins("webhooks")
def test_stock_low_is_sent(shop, admin_api, manager_api, cashier_api, receiver):
    tea = shop.products["TEA"]
    manager_api.patch(f"/api/v1/products/{tea['id']}", json={"reorder_level": "1"})
    manager_api.post("/api/v1/stock/adjustments", json={"product_id": tea["id"], "counted": "2"})
    subscribe(admin_api, receiver.url, ["stock.low"], SECRET)
    closed(cashier_api.post("/api/v1/sales", json=sale_body(shop.line("TEA"))))
    (got,) = receiver.received
    assert got["json"]["type"] == "stock.low"
    assert got["json"]["data"]["sku"] == "TEA" and got["json"]["data"]["quantity"] == "1"


@pytest.mark.comptoir_extra_plugins(PARCELS)
@pytest.mark.comptoir_plugins("webhooks", "parcel_events")
def test_an_event_a_plugin_declares_may_be_chosen_and_is_sent(app, admin_api, receiver, cli_runner):
    names = {e["name"] for e in admin_api.get("/api/v1/webhooks/events").get_json()}
    assert "parcel.received" in names
    subscribe(admin_api, receiver.url, ["parcel.received"], SECRET)
    with app.app_context():
        write_transaction()
        receive_parcel("P-7")
        db.session.commit()
    assert cli_runner("outbox", "run").exit_code == 0
    (got,) = receiver.received
    assert got["signed"] and got["json"] == {
        **got["json"],
        "type": "parcel.received",
        "data": {"code": "P-7"},
    }
