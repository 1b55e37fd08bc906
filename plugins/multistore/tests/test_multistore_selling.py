"""What a store changes at the till: its receipts (name, address, VAT number, header),
its prices, and the stock of an item in every shop."""

from __future__ import annotations

import pytest
from multistore_helpers import ok

from core.testing import sell

pytestmark = pytest.mark.comptoir_plugins("multistore")


def test_a_receipt_carries_its_registers_store(shops, api_as):
    at_b = sell(shops.cashier_b, shops.shop.line("MUG"), register_id=shops.register_b)
    at_a = sell(api_as("cashier"), shops.shop.line("MUG"))
    text_b = shops.cashier_b.get(f"/api/v1/sales/{at_b['id']}/receipt?format=text")
    text_b = text_b.get_data(as_text=True)
    assert "North shop" in text_b and "1 North Street" in text_b
    assert "FR99123456789" in text_b and "Welcome to the North shop" in text_b
    text_a = api_as("cashier").get(f"/api/v1/sales/{at_a['id']}/receipt?format=text")
    assert "North" not in text_a.get_data(as_text=True)


def test_a_store_price_applies_at_its_registers_only(shops, admin_api, api_as):
    mug = shops.shop["MUG"]
    path = f"/api/v1/stores/{shops.store_b['id']}/prices/{mug}"
    assert ok(admin_api.put(path, json={"price": 650}), 200)["price"] == 650
    at_b = sell(shops.cashier_b, shops.shop.line("MUG", 2), register_id=shops.register_b)
    assert at_b["total"] == 1300
    at_a = sell(api_as("cashier"), shops.shop.line("MUG", 2))
    assert at_a["total"] == 1600
    ok(admin_api.put(path, json={"price": None}), 200)
    again = sell(shops.cashier_b, shops.shop.line("MUG"), register_id=shops.register_b)
    assert again["total"] == 800


def test_a_store_price_is_set_by_its_managers_only(shops, api_as):
    path = f"/api/v1/stores/{shops.store_b['id']}/prices/{shops.shop['MUG']}"
    assert api_as("manager").put(path, json={"price": 1}).status_code == 403
    assert shops.cashier_b.put(path, json={"price": 1}).status_code == 403
    for bad in ({"price": -1}, {"price": 1.5}, {"price": "1"}, {}):
        # the admin holds every permission: the input is what is refused
        assert api_as("admin").put(path, json=bad).status_code == 422, bad


def test_the_till_looks_up_an_items_stock_in_every_shop(shops, admin_api):
    mug = shops.shop["MUG"]
    listed = ok(shops.cashier_b.get(f"/api/v1/products/{mug}/stock"), 200)
    by_store = {row["name"]: row["quantity"] for row in listed}
    assert by_store == {shops.store_a["name"]: "100", "North shop": "0"}
    assert shops.cashier_b.get("/api/v1/products/987654/stock").status_code == 404


def test_the_store_page_changes_the_receipt_details(shops, admin_api):
    page = f"/multistore/stores/{shops.store_b['id']}"
    assert 'name="csrf_token"' in admin_api.get(page).get_data(as_text=True)
    form = {
        "name": "North shop",
        "address": "2 North Street",
        "tax_id": "FR11",
        "company_number": "",
        "receipt_header": "Hello",
        "receipt_footer": "",
    }
    assert admin_api.post(page, data=form).status_code == 302
    store = ok(admin_api.get(f"/api/v1/stores/{shops.store_b['id']}"), 200)
    assert (store["address"], store["tax_id"], store["receipt_header"]) == (
        "2 North Street",
        "FR11",
        "Hello",
    )
    assert admin_api.post(page, data={**form, "name": ""}).status_code == 422
    assert ok(admin_api.get(f"/api/v1/stores/{shops.store_b['id']}"), 200)["name"] == "North shop"
    # B's manager may read the page, not change it (stores are the owner's).
    assert shops.manager_b.get(page).status_code == 200
    assert shops.manager_b.post(page, data=form).status_code == 403


def test_the_back_office_opens_a_store_and_drafts_a_transfer(shops, admin_api):
    """The forms do what the API does: a store with its own location, a transfer drafted
    from barcodes and quantities, then sent and received from the list."""
    assert (
        admin_api.post("/multistore/stores/new", data={"code": "", "name": "x"}).status_code == 422
    )
    made = admin_api.post("/multistore/stores/new", data={"code": "south", "name": "South"})
    assert made.status_code == 302
    south = next(s for s in ok(admin_api.get("/api/v1/stores"), 200) if s["code"] == "south")
    assert south["location_id"] not in (shops.location_a, shops.location_b)
    barcode = "3000000000014"
    ok(admin_api.patch(f"/api/v1/products/{shops.shop['MUG']}", json={"barcodes": [barcode]}), 200)
    form = {
        "from_store_id": str(shops.store_a["id"]),
        "to_store_id": str(south["id"]),
        "lines": f"{barcode} 3\n",
    }
    bad = admin_api.post("/multistore/transfers/new", data={**form, "lines": "0000 3"})
    assert bad.status_code == 422 and "0000" in bad.get_data(as_text=True)
    assert admin_api.post("/multistore/transfers/new", data=form).status_code == 302
    (transfer,) = ok(admin_api.get("/api/v1/transfers"), 200)
    assert transfer["lines"][0]["quantity"] == "3" and transfer["status"] == "draft"
    assert admin_api.post(f"/multistore/transfers/{transfer['id']}/send").status_code == 302
    assert admin_api.post(f"/multistore/transfers/{transfer['id']}/receive").status_code == 302
    done = ok(admin_api.get(f"/api/v1/transfers/{transfer['id']}"), 200)
    assert done["status"] == "received" and done["lines"][0]["received"] == "3"
    page = admin_api.get("/multistore/transfers").get_data(as_text=True)
    assert f"TR-{transfer['id']}" in page


def test_a_sale_reads_which_store_owns_what_once(app, shops):
    """The store map answers a sale's scope check, its store's settings and its prices:
    read once per request, however many of them ask (each read is four tables)."""
    import sqlalchemy as sa

    from core.plugins import db

    seen = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if "multistore_store_location" in statement:
            seen.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        at_b = sell(shops.cashier_b, shops.shop.line("MUG"), register_id=shops.register_b)
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    assert at_b["total"] == 800
    assert len(seen) == 1
