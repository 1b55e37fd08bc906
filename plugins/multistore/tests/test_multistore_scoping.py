"""A user of store B sees and sells only there: registers, sales, stock, reports, the
dashboard; store A's staff likewise only A; the admin everything."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from multistore_helpers import ok

from core.testing import sale_body, sell

pytestmark = pytest.mark.comptoir_plugins("multistore")


@pytest.fixture
def sold(shops, api_as):
    """Two coffees sold at A (register 1), one mug at B."""
    at_a = sell(api_as("cashier"), shops.shop.line("COFFEE", 2))
    at_b = sell(shops.cashier_b, shops.shop.line("MUG"), register_id=shops.register_b)
    return at_a, at_b


def test_bs_cashier_sells_at_b_but_not_at_a(shops):
    body = sale_body(shops.shop.line("COFFEE"), register_id=1)
    refused = shops.cashier_b.post("/api/v1/sales", json=body)
    assert refused.status_code == 403
    assert refused.get_json()["error"]["code"] == "other_store"
    assert ok(shops.cashier_b.get("/api/v1/sales"), 200) == []


def test_as_cashier_cannot_sell_at_b(shops, api_as):
    body = sale_body(shops.shop.line("COFFEE"), register_id=shops.register_b)
    assert api_as("cashier").post("/api/v1/sales", json=body).status_code == 403


@pytest.mark.parametrize("who", ["cashier_b", "manager_b"])
def test_lists_show_only_the_users_store(shops, sold, who):
    client = getattr(shops, who)
    _at_a, at_b = sold
    assert [r["id"] for r in ok(client.get("/api/v1/registers"), 200)] == [shops.register_b]
    assert [s["id"] for s in ok(client.get("/api/v1/sales"), 200)] == [at_b["id"]]
    assert client.get(f"/api/v1/sales/{sold[0]['id']}").status_code == 403


def test_bs_manager_sees_bs_stock_and_reports_only(shops, sold):
    manager = shops.manager_b
    levels = ok(manager.get("/api/v1/stock"), 200)
    assert {level["location_id"] for level in levels} <= {shops.location_b}
    mug = ok(manager.get(f"/api/v1/stock?product_id={shops.shop['MUG']}"), 200)
    assert mug[0]["location_id"] == shops.location_b
    assert Decimal(mug[0]["quantity"]) == -1  # sold one it never had: negative is allowed
    moves = ok(manager.get("/api/v1/stock/movements"), 200)
    assert moves and {move["location_id"] for move in moves} == {shops.location_b}
    report = ok(manager.get("/api/v1/reports/sales"), 200)
    assert report["summary"]["sales_count"] == 1
    assert report["summary"]["total"] == 800
    assert manager.get(f"/api/v1/stock?location_id={shops.location_a}").status_code == 403
    assert manager.get("/api/v1/reports/sales?register_id=1").status_code == 403


def test_as_manager_sees_as_figures_and_the_admin_both(shops, sold, api_as, admin_api):
    report = ok(api_as("manager").get("/api/v1/reports/sales"), 200)
    assert (report["summary"]["sales_count"], report["summary"]["total"]) == (1, 500)
    everything = ok(admin_api.get("/api/v1/reports/sales"), 200)
    assert (everything["summary"]["sales_count"], everything["summary"]["total"]) == (2, 1300)


def test_the_per_store_report_and_the_consolidated_figures(shops, sold, admin_api):
    query = "from=2000-01-01T00:00:00%2B00:00&to=2100-01-01T00:00:00%2B00:00"
    report = ok(admin_api.get(f"/api/v1/stores/report?{query}"), 200)
    by_store = {row["store_id"]: row["total"] for row in report["stores"]}
    assert by_store == {shops.store_a["id"]: 500, shops.store_b["id"]: 800}
    assert report["consolidated"]["total"] == 1300
    mine = ok(shops.manager_b.get(f"/api/v1/stores/report?{query}"), 200)
    assert [row["store_id"] for row in mine["stores"]] == [shops.store_b["id"]]
    assert mine["consolidated"]["total"] == 800


def test_back_office_pages_show_only_the_users_store(shops, sold, app):
    page = shops.manager_b.get("/admin/registers/").get_data(as_text=True)
    assert "North till" in page and "R1" not in page.split("<main", 1)[-1]
    assert shops.manager_b.get("/admin/registers/1").status_code == 403
    assert shops.manager_b.get("/admin/reports/sales?register=1").status_code == 403
    stores_page = shops.manager_b.get("/multistore/").get_data(as_text=True)
    assert "North shop" in stores_page
    assert shops.manager_b.get(f"/multistore/stores/{shops.store_a['id']}").status_code == 403


def test_a_refund_of_bs_sale_at_as_register_is_refused(shops, sold, api_as):
    _at_a, at_b = sold
    line = at_b["lines"][0]["id"]
    body = {
        "id": "5a0b6a44-7e0e-4a47-9d83-1b8a43f2d3c1",
        "lines": [{"line_id": line, "quantity": 1}],
        "payments": [{"method": "cash", "amount": 800}],
    }
    assert (
        api_as("manager").post(f"/api/v1/sales/{at_b['id']}/refund", json=body).status_code == 403
    )
    body["register_id"] = 1
    assert shops.manager_b.post(f"/api/v1/sales/{at_b['id']}/refund", json=body).status_code == 403


def test_parked_carts_stay_in_their_store(shops, api_as):
    cart = {
        "id": str(uuid.uuid4()),
        "register_id": 1,
        "label": "Table 4",
        "lines": [shops.shop.line("COFFEE")],
    }
    parked = ok(api_as("cashier").post("/api/v1/parked-sales", json=cart), 201)
    assert ok(shops.cashier_b.get("/api/v1/parked-sales"), 200) == []
    assert shops.cashier_b.post(f"/api/v1/parked-sales/{parked['id']}/resume").status_code == 403
    assert [p["id"] for p in ok(api_as("cashier").get("/api/v1/parked-sales"), 200)] == [
        parked["id"]
    ]


def test_a_products_stock_is_the_users_stores(shops, sold):
    mug = ok(shops.cashier_b.get(f"/api/v1/products/{shops.shop['MUG']}"), 200)
    assert Decimal(mug["stock"]) == -1
    listed = ok(shops.cashier_b.get("/api/v1/products?q=mug"), 200)
    assert [Decimal(p["stock"]) for p in listed] == [-1]


def test_the_journal_of_another_store_is_left_out(shops, sold, api_as):
    entries = ok(shops.manager_b.get("/api/v1/journal"), 200)
    assert entries and {entry["register_id"] for entry in entries} == {shops.register_b}
    assert shops.manager_b.get("/api/v1/journal?register_id=1").status_code == 403


def test_the_reports_filter_by_store(shops, sold, admin_api):
    """A store is its registers: the reports offer each store as a filter, and the API
    takes a store's registers as ``register_ids``."""
    b_registers = ",".join(map(str, shops.store_b["register_ids"]))
    report = ok(admin_api.get(f"/api/v1/reports/sales?register_ids={b_registers}"), 200)
    assert (report["summary"]["sales_count"], report["summary"]["total"]) == (1, 800)
    page = admin_api.get("/admin/reports/sales").get_data(as_text=True)
    assert f'value="{b_registers}"' in page and "North shop" in page
    mine = shops.manager_b.get("/admin/reports/sales").get_data(as_text=True)
    assert shops.store_a["name"] not in mine.split('name="register"', 1)[1].split("</select>")[0]
