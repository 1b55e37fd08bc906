"""The back-office pages: suppliers and their products, an order drafted, sent and
received in two parts, reordering; bad input answered in the form, nothing changed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from purchasing_testing import add_supplier, offer, ok, product, stock

pytestmark = pytest.mark.comptoir_plugins("purchasing")


def _supplier_id(api, name):
    return next(row["id"] for row in ok(api.get("/api/v1/suppliers")) if row["name"] == name)


def test_a_supplier_and_its_products_are_added_on_the_pages(manager_api, shop):
    answer = manager_api.post(
        "/purchasing/suppliers/new",
        data={"name": "Bio", "lead_time_days": "3", "vat_number": "FR1"},
    )
    assert answer.status_code == 302
    supplier_id = _supplier_id(manager_api, "Bio")
    answer = manager_api.post(
        f"/purchasing/suppliers/{supplier_id}/products",
        data={
            "product": "RICE",
            "reference": "R-9",
            "pack_size": "12",
            "cost": "1,80",
            "preferred": "on",
        },
    )
    assert answer.status_code == 302
    rows = ok(manager_api.get(f"/api/v1/suppliers/{supplier_id}/products"))
    assert [
        (row["reference"], row["pack_size"], row["cost"], row["preferred"]) for row in rows
    ] == [("R-9", "12", 180, True)]
    page = manager_api.get(f"/purchasing/suppliers/{supplier_id}").get_data(as_text=True)
    assert "R-9" in page and "Rice" in page


@pytest.mark.parametrize(
    "data",
    [
        {"product": "NOPE", "pack_size": "1", "cost": "1"},
        {"product": "RICE", "pack_size": "-1", "cost": "1"},
        {"product": "RICE", "pack_size": "1", "cost": "1.234"},
    ],
)
def test_a_bad_product_form_is_a_400_and_changes_nothing(manager_api, shop, data):
    supplier = add_supplier(manager_api)
    answer = manager_api.post(f"/purchasing/suppliers/{supplier['id']}/products", data=data)
    assert answer.status_code == 400 and 'role="alert"' in answer.get_data(as_text=True)
    assert ok(manager_api.get(f"/api/v1/suppliers/{supplier['id']}/products")) == []


def test_a_bad_supplier_form_is_answered_in_the_form(manager_api):
    add_supplier(manager_api, "Bio")
    assert manager_api.post("/purchasing/suppliers/new", data={"name": ""}).status_code == 400
    assert (
        manager_api.post(
            "/purchasing/suppliers/new", data={"name": "X", "lead_time_days": "x"}
        ).status_code
        == 400
    )
    assert manager_api.post("/purchasing/suppliers/new", data={"name": "bio"}).status_code == 409
    assert [row["name"] for row in ok(manager_api.get("/api/v1/suppliers"))] == ["Bio"]


def test_an_order_drafted_sent_and_received_in_two_parts_on_the_pages(manager_api, shop):
    supplier = add_supplier(manager_api)
    offer(manager_api, supplier, shop["RICE"], reference="R-1", cost=180)
    offer(manager_api, supplier, shop["SOAP"], reference="S-1", cost=90)
    form = manager_api.get(f"/purchasing/orders/new?supplier_id={supplier['id']}").get_data(
        as_text=True
    )
    assert "R-1" in form and "S-1" in form
    answer = manager_api.post(
        f"/purchasing/orders/new?supplier_id={supplier['id']}&location_id=1",
        data={
            f"quantity-{shop['RICE']}": "10",
            f"cost-{shop['RICE']}": "1.80",
            f"cost-{shop['SOAP']}": "0.90",
        },
    )
    assert answer.status_code == 302
    order = ok(manager_api.get("/api/v1/purchase-orders"))[0]
    assert [(line["sku"], line["quantity"]) for line in order["lines"]] == [("RICE", "10")]
    assert manager_api.post(f"/purchasing/orders/{order['id']}/send").status_code == 302
    line_id = order["lines"][0]["id"]
    assert (
        manager_api.post(
            f"/purchasing/orders/{order['id']}/receive", data={f"received-{line_id}": "4"}
        ).status_code
        == 302
    )
    assert stock(manager_api, shop["RICE"]) == Decimal("4")
    too_many = manager_api.post(
        f"/purchasing/orders/{order['id']}/receive", data={f"received-{line_id}": "7"}
    )
    assert too_many.status_code == 409 and stock(manager_api, shop["RICE"]) == Decimal("4")
    answer = manager_api.post(
        f"/purchasing/orders/{order['id']}/receive",
        data={f"received-{line_id}": "6", f"cost-{line_id}": "2.00"},
    )
    assert answer.status_code == 302
    assert (
        stock(manager_api, shop["RICE"]) == Decimal("10")
        and product(manager_api, shop["RICE"])["cost"] == 200
    )
    page = manager_api.get(f"/purchasing/orders/{order['id']}").get_data(as_text=True)
    assert 'data-status="received"' in page
    assert manager_api.get(f"/purchasing/orders/{order['id']}.pdf").get_data().startswith(b"%PDF-")
    assert "RICE" in manager_api.get(f"/purchasing/orders/{order['id']}.csv").get_data(as_text=True)


def test_a_bad_order_form_writes_nothing(manager_api, shop):
    supplier = add_supplier(manager_api)
    offer(manager_api, supplier, shop["RICE"], cost=180)
    url = f"/purchasing/orders/new?supplier_id={supplier['id']}"
    assert manager_api.post(url, data={f"quantity-{shop['RICE']}": "abc"}).status_code == 400
    assert manager_api.post(url, data={}).status_code == 400
    assert manager_api.get("/purchasing/orders/new?supplier_id=999").status_code == 404
    assert ok(manager_api.get("/api/v1/purchase-orders")) == []


def test_reordering_on_the_page(manager_api, shop):
    supplier = add_supplier(manager_api, "Riz & Co")
    offer(manager_api, supplier, shop["RICE"], pack_size="5", cost=100)
    answer = manager_api.post(
        "/purchasing/reorder/points",
        data={"product": "RICE", "reorder_point": "2", "reorder_quantity": "6"},
    )
    assert answer.status_code == 302
    page = manager_api.get("/purchasing/reorder").get_data(as_text=True)
    assert 'data-sku="RICE"' in page and "Riz &amp; Co" in page
    assert (
        manager_api.post(
            "/purchasing/reorder/orders", data={"supplier_id": str(supplier["id"])}
        ).status_code
        == 302
    )
    orders = ok(manager_api.get("/api/v1/purchase-orders"))
    assert [(line["sku"], line["quantity"]) for line in orders[0]["lines"]] == [("RICE", "10")]
    bad = manager_api.post(
        "/purchasing/reorder/points",
        data={"product": "RICE", "reorder_point": "x", "reorder_quantity": "1"},
    )
    assert bad.status_code == 400
    assert manager_api.get("/purchasing/reorder?location_id=999").status_code == 404


def test_cashiers_never_see_the_pages(cashier_api, manager_api, shop):
    for url in (
        "/purchasing/",
        "/purchasing/suppliers",
        "/purchasing/reorder",
        "/purchasing/orders/new",
    ):
        assert cashier_api.get(url).status_code == 403
        assert manager_api.get(url).status_code == 200, url


def test_saving_a_supplier_keeps_it_active_and_ticks_preferred(manager_api, shop):
    """The back office's checkboxes send 1: a supplier saved with Active ticked stays
    active, one saved without it is deactivated; Preferred ticked is kept."""
    supplier = add_supplier(manager_api, "Bio")
    url = f"/purchasing/suppliers/{supplier['id']}"
    assert manager_api.post(f"{url}/edit", data={"name": "Bio", "active": "1"}).status_code == 302
    assert ok(manager_api.get(f"/api/v1/suppliers/{supplier['id']}"))["active"] is True
    assert manager_api.post(f"{url}/edit", data={"name": "Bio"}).status_code == 302
    assert ok(manager_api.get(f"/api/v1/suppliers/{supplier['id']}"))["active"] is False
    data = {"product": "TEA", "pack_size": "1", "cost": "1", "preferred": "1"}
    assert manager_api.post(f"{url}/products", data=data).status_code == 302
    assert ok(manager_api.get(f"{url.replace('/purchasing', '/api/v1')}/products"))[0]["preferred"]
