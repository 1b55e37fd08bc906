"""Suppliers, their products, and purchase orders from draft to received."""

from __future__ import annotations

from decimal import Decimal

import pytest
from purchasing_testing import add_supplier, draft, offer, ok, product, stock

pytestmark = pytest.mark.comptoir_plugins("purchasing")


def test_a_supplier_is_added_listed_and_changed(manager_api):
    supplier = add_supplier(
        manager_api,
        "Bio Grossiste",
        contact="Anne Martin",
        email="orders@bio.example",
        phone="+33 1 23 45 67 89",
        address="12 rue des Halles, Lyon",
        vat_number="FR12345678901",
        lead_time_days=3,
    )
    assert supplier["lead_time_days"] == 3 and supplier["active"] is True
    changed = ok(manager_api.patch(f"/api/v1/suppliers/{supplier['id']}", json={"phone": "0612"}))
    assert changed["phone"] == "0612" and changed["vat_number"] == "FR12345678901"
    names = [row["name"] for row in ok(manager_api.get("/api/v1/suppliers"))]
    assert names == ["Bio Grossiste"]


def test_a_product_has_several_suppliers_and_one_preferred(manager_api, shop):
    first, second = add_supplier(manager_api, "A"), add_supplier(manager_api, "B")
    offer(
        manager_api, first, shop["TEA"], reference="A-TEA", pack_size="12", cost=150, preferred=True
    )
    offer(
        manager_api, second, shop["TEA"], reference="B-T", pack_size="6", cost=140, preferred=True
    )
    rows = ok(manager_api.get(f"/api/v1/product-suppliers?product_id={shop['TEA']}"))
    assert {
        (row["supplier_name"], row["pack_size"], row["cost"], row["preferred"]) for row in rows
    } == {
        ("A", "12", 150, False),
        ("B", "6", 140, True),
    }


def test_an_order_received_in_two_parts(manager_api, shop):
    """Stock and cost are exact after each part; the ledger holds one receipt per part
    with the order's reference; the order is partly then fully received."""
    supplier = add_supplier(manager_api)
    offer(manager_api, supplier, shop["RICE"], reference="R-1", cost=180)
    order = draft(manager_api, supplier, (shop["RICE"], "10", None), (shop["SOAP"], "4", 90))
    assert order["status"] == "draft" and order["reference"] == f"PO-{order['id']}"
    assert [line["unit_cost"] for line in order["lines"]] == [180, 90]
    assert order["total"] == 10 * 180 + 4 * 90
    order = ok(manager_api.post(f"/api/v1/purchase-orders/{order['id']}/send"))
    assert order["status"] == "sent" and order["sent_at"]

    rice, soap = order["lines"]
    url = f"/api/v1/purchase-orders/{order['id']}/receive"
    first = ok(manager_api.post(url, json={"lines": [{"line_id": rice["id"], "quantity": "4"}]}))
    assert first["status"] == "partly_received"
    assert stock(manager_api, shop["RICE"]) == Decimal("4")
    assert product(manager_api, shop["RICE"])["cost"] == 180

    body = {
        "lines": [
            {"line_id": rice["id"], "quantity": "6", "unit_cost": 200},
            {"line_id": soap["id"], "quantity": "4"},
        ]
    }
    second = ok(manager_api.post(url, json=body))
    assert second["status"] == "received" and second["received_at"]
    assert [line["received_quantity"] for line in second["lines"]] == ["10", "4"]
    assert stock(manager_api, shop["RICE"]) == Decimal("10")
    assert stock(manager_api, shop["SOAP"]) == Decimal("9")
    assert product(manager_api, shop["RICE"])["cost"] == 200  # the last price paid
    assert product(manager_api, shop["SOAP"])["cost"] == 90

    ledger = ok(manager_api.get(f"/api/v1/stock/movements?product_id={shop['RICE']}"))
    receipts = [
        (row["delta"], row["reason"], row["reference"])
        for row in ledger
        if row["reason"] == "receipt"
    ]
    assert sorted(receipts) == [
        ("4", "receipt", order["reference"]),
        ("6", "receipt", order["reference"]),
    ]


def test_the_moving_average_cost(manager_api, shop):
    """With cost_method average, the cost weighs the stock on hand and the delivery."""
    ok(manager_api.patch("/api/v1/settings/purchasing", json={"cost_method": "average"}))
    ok(manager_api.patch(f"/api/v1/products/{shop['SOAP']}", json={"cost": 100}))
    supplier = add_supplier(manager_api)
    order = draft(manager_api, supplier, (shop["SOAP"], "5", 130))
    ok(manager_api.post(f"/api/v1/purchase-orders/{order['id']}/send"))
    ok(manager_api.post(f"/api/v1/purchase-orders/{order['id']}/receive", json={}))
    # 5 on hand at 1.00 and 5 received at 1.30: 1.15 each.
    assert product(manager_api, shop["SOAP"])["cost"] == 115
    assert stock(manager_api, shop["SOAP"]) == Decimal("10")


def test_more_than_ordered_is_refused_and_nothing_is_booked(manager_api, shop):
    supplier = add_supplier(manager_api)
    order = draft(manager_api, supplier, (shop["RICE"], "3", 100), (shop["SOAP"], "2", 50))
    ok(manager_api.post(f"/api/v1/purchase-orders/{order['id']}/send"))
    rice, soap = order["lines"]
    body = {
        "lines": [
            {"line_id": soap["id"], "quantity": "2"},
            {"line_id": rice["id"], "quantity": "4"},
        ]
    }
    answer = manager_api.post(f"/api/v1/purchase-orders/{order['id']}/receive", json=body)
    assert answer.status_code == 409 and answer.get_json()["error"]["code"] == "above_ordered"
    assert stock(manager_api, shop["SOAP"]) == Decimal("5")
    assert stock(manager_api, shop["RICE"]) == Decimal("0")
    again = ok(manager_api.get(f"/api/v1/purchase-orders/{order['id']}"))
    assert again["status"] == "sent" and [line["received_quantity"] for line in again["lines"]] == [
        "0",
        "0",
    ]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"supplier_id": 1, "location_id": 1, "lines": []}, "lines"),
        (
            {"supplier_id": 1, "location_id": 1, "lines": [{"product_id": 1, "quantity": "-1"}]},
            "lines",
        ),
        (
            {
                "supplier_id": 1,
                "location_id": 1,
                "lines": [{"product_id": 1, "quantity": "1.0001"}],
            },
            "lines",
        ),
        (
            {
                "supplier_id": 1,
                "location_id": 1,
                "lines": [{"product_id": 1, "quantity": 1, "unit_cost": 1.5}],
            },
            "lines",
        ),
        (
            {
                "supplier_id": 1,
                "location_id": 999,
                "lines": [{"product_id": 1, "quantity": 1, "unit_cost": 1}],
            },
            "location_id",
        ),
        (
            {
                "supplier_id": 1,
                "location_id": 1,
                "lines": [{"product_id": 9999, "quantity": 1, "unit_cost": 1}],
            },
            "lines.0.product_id",
        ),
        (
            {"supplier_id": 1, "location_id": 1, "lines": [{"product_id": 3, "quantity": 1}]},
            "lines.0.unit_cost",
        ),
        (
            {"supplier_id": "x", "location_id": 1, "lines": [{"product_id": 1, "quantity": 1}]},
            "supplier_id",
        ),
    ],
)
def test_a_bad_order_is_a_4xx_and_writes_nothing(manager_api, shop, body, field):
    add_supplier(manager_api)
    answer = manager_api.post("/api/v1/purchase-orders", json=body)
    assert 400 <= answer.status_code < 500, answer.get_json()
    assert any(key.startswith(field) for key in answer.get_json()["error"].get("fields", {})), (
        answer.get_json()
    )
    assert ok(manager_api.get("/api/v1/purchase-orders")) == []


def test_bad_supplier_input_is_refused(manager_api):
    add_supplier(manager_api, "Once")
    taken = manager_api.post("/api/v1/suppliers", json={"name": "once"})
    assert taken.status_code == 409 and taken.get_json()["error"]["code"] == "supplier_name_taken"
    for body in (
        {"name": ""},
        {"name": "X", "email": "not-an-email"},
        {"name": "X", "lead_time_days": -1},
    ):
        assert manager_api.post("/api/v1/suppliers", json=body).status_code == 422
    assert [row["name"] for row in ok(manager_api.get("/api/v1/suppliers"))] == ["Once"]


def test_status_rules_send_cancel_receive(manager_api, shop):
    supplier = add_supplier(manager_api)
    order = draft(manager_api, supplier, (shop["RICE"], "1", 100))
    url = f"/api/v1/purchase-orders/{order['id']}"
    assert manager_api.post(f"{url}/receive", json={}).status_code == 409  # a draft
    ok(manager_api.post(f"{url}/send"))
    assert manager_api.post(f"{url}/send").status_code == 409
    cancelled = ok(manager_api.post(f"{url}/cancel"))
    assert cancelled["status"] == "cancelled"
    assert manager_api.post(f"{url}/receive", json={}).status_code == 409
    assert manager_api.post(f"{url}/cancel").status_code == 409
    assert stock(manager_api, shop["RICE"]) == Decimal("0")
    assert manager_api.get("/api/v1/purchase-orders/999").status_code == 404


def test_each_change_is_audited(manager_api, shop):
    """Created, sent and received are in the audit log, which managers read."""
    supplier = add_supplier(manager_api)
    order = draft(manager_api, supplier, (shop["RICE"], "1", 100))
    ok(manager_api.post(f"/api/v1/purchase-orders/{order['id']}/send"))
    ok(manager_api.post(f"/api/v1/purchase-orders/{order['id']}/receive", json={}))
    page = manager_api.get(f"/admin/audit/?target=purchase_order:{order['id']}")
    text = page.get_data(as_text=True)
    for action in (
        "purchasing.order.created",
        "purchasing.order.sent",
        "purchasing.order.received",
    ):
        assert f"<code>{action}</code>" in text, action


def test_roles(cashier_api, manager_api, roleless_api):
    assert cashier_api.get("/api/v1/suppliers").status_code == 403
    assert roleless_api.post("/api/v1/purchase-orders", json={}).status_code == 403
    assert manager_api.get("/api/v1/purchase-orders").status_code == 200
