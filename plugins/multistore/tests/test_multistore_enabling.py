"""Enabling ``multistore`` on a shop that already sold: the shop becomes the first store
(its default location, its registers, its staff) and every figure stays as it was."""

from __future__ import annotations

import pytest
from multistore_helpers import ok

from core.testing import Item, make_shop, open_register, refund, sell

FIGURES = ("sales_count", "total", "tax_total", "refund_total", "net_total")


@pytest.fixture
def history(admin_api, api_as):
    """Sales at two registers, a refund, a stock count: before the plugin exists."""
    shop = make_shop(admin_api, [Item("BREAD", 180), Item("JAM", 450, "5.5")])
    second = ok(admin_api.post("/api/v1/registers", json={"code": "R2", "name": "Back"}), 201)
    open_register(admin_api, second["id"])
    cashier = api_as("cashier")
    sales = [
        sell(cashier, shop.line("BREAD", 3)),
        sell(cashier, shop.line("JAM"), shop.line("BREAD"), register_id=second["id"]),
        sell(cashier, shop.line("JAM", 2)),
    ]
    ok(refund(api_as("manager"), sales[2], [(0, 1)], [{"method": "cash", "amount": 450}]), 201)
    return shop, second["id"]


def _figures(client) -> dict:
    summary = ok(client.get("/api/v1/reports/sales?by=product"), 200)["summary"]
    return {key: summary.get(key) for key in FIGURES}


def _stock(client, shop) -> dict:
    return {
        sku: ok(client.get(f"/api/v1/stock?product_id={shop[sku]}"), 200)[0]["quantity"]
        for sku in ("BREAD", "JAM")
    }


def test_enabling_keeps_every_figure(history, admin_api, api_as):
    shop, second = history
    before = {role: _figures(api_as(role)) for role in ("admin", "manager")}
    stock_before = {role: _stock(api_as(role), shop) for role in ("admin", "manager")}
    sales_before = len(ok(api_as("manager").get("/api/v1/sales"), 200))
    registers_before = ok(api_as("cashier").get("/api/v1/registers"), 200)

    ok(admin_api.post("/api/v1/plugins/multistore/enable"), 200)

    (store,) = ok(admin_api.get("/api/v1/stores"), 200)
    assert store["register_ids"] == [1, second]
    assert {role: _figures(api_as(role)) for role in ("admin", "manager")} == before
    assert {role: _stock(api_as(role), shop) for role in ("admin", "manager")} == stock_before
    assert len(ok(api_as("manager").get("/api/v1/sales"), 200)) == sales_before == 3
    assert ok(api_as("cashier").get("/api/v1/registers"), 200) == registers_before
    query = "from=2000-01-01T00:00:00%2B00:00&to=2100-01-01T00:00:00%2B00:00"
    by_store = ok(admin_api.get(f"/api/v1/stores/report?{query}"), 200)
    assert by_store["consolidated"]["total"] == before["admin"]["total"]


def test_the_existing_staff_stay_in_the_first_store_when_a_second_opens(history, admin_api, api_as):
    shop, _second = history
    ok(admin_api.post("/api/v1/plugins/multistore/enable"), 200)
    north = ok(admin_api.post("/api/v1/stores", json={"code": "north", "name": "North"}), 201)
    till = ok(
        admin_api.post(
            "/api/v1/registers",
            json={"code": "N1", "name": "North", "location_id": north["location_id"]},
        ),
        201,
    )
    open_register(admin_api, till["id"])
    sold_north = sell(admin_api, shop.line("BREAD"), register_id=till["id"])
    manager = api_as("manager")
    assert till["id"] not in [r["id"] for r in ok(manager.get("/api/v1/registers"), 200)]
    assert manager.get(f"/api/v1/sales/{sold_north['id']}").status_code == 403
    assert _figures(manager)["sales_count"] == 3


def test_enabling_twice_makes_one_first_store(history, admin_api):
    ok(admin_api.post("/api/v1/plugins/multistore/enable"), 200)
    ok(admin_api.post("/api/v1/plugins/multistore/disable"), 200)
    ok(admin_api.post("/api/v1/plugins/multistore/enable"), 200)
    assert len(ok(admin_api.get("/api/v1/stores"), 200)) == 1
