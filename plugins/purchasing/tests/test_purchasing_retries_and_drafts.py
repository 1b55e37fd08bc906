"""A receive retried with the same delivery id (a network retry) is the same delivery:
answered again, booked once, even after the order is received in full. A draft's lines
can be added, changed and removed until it is sent (409 after)."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from purchasing_testing import add_supplier, draft, ok, stock

from core.testing import at_once

pytestmark = pytest.mark.comptoir_plugins("purchasing")


def _sent_order(api, shop, quantity="10", supplier="Bio Grossiste"):
    supplier = add_supplier(api, supplier)
    order = draft(api, supplier, (shop["RICE"], quantity, 100))
    ok(api.post(f"/api/v1/purchase-orders/{order['id']}/send"))
    return order


def test_a_retried_receive_books_once(manager_api, shop):
    order = _sent_order(manager_api, shop)
    line = order["lines"][0]
    url = f"/api/v1/purchase-orders/{order['id']}/receive"
    body = {"id": str(uuid.uuid4()), "lines": [{"line_id": line["id"], "quantity": "10"}]}
    first = ok(manager_api.post(url, json=body))
    again = ok(manager_api.post(url, json=body))  # the answer was lost: the client retries
    assert first["status"] == again["status"] == "received"
    assert again["lines"][0]["received_quantity"] == "10"
    assert stock(manager_api, shop["RICE"]) == Decimal("10")
    # Another delivery (a new id) of the full order is still refused by the quantity guard.
    other = manager_api.post(url, json={**body, "id": str(uuid.uuid4())})
    assert other.status_code == 409


def test_partial_receipts_retried_each_book_once(manager_api, shop):
    order = _sent_order(manager_api, shop)
    line = order["lines"][0]
    url = f"/api/v1/purchase-orders/{order['id']}/receive"
    first = {"id": str(uuid.uuid4()), "lines": [{"line_id": line["id"], "quantity": "4"}]}
    second = {"id": str(uuid.uuid4()), "lines": [{"line_id": line["id"], "quantity": "4"}]}
    for body in (first, first, second, second, first):
        ok(manager_api.post(url, json=body))
    assert stock(manager_api, shop["RICE"]) == Decimal("8")


def test_a_delivery_id_of_another_order_is_a_409(manager_api, shop):
    one, two = _sent_order(manager_api, shop), _sent_order(manager_api, shop, supplier="Other")
    body = {"id": str(uuid.uuid4()), "lines": []}
    ok(manager_api.post(f"/api/v1/purchase-orders/{one['id']}/receive", json=body))
    refused = manager_api.post(f"/api/v1/purchase-orders/{two['id']}/receive", json=body)
    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "receipt_id_taken"
    assert stock(manager_api, shop["RICE"]) == Decimal("10")


def _retries_at_once(manager_api, api_as, shop):
    order = _sent_order(manager_api, shop)
    body = {"id": str(uuid.uuid4()), "lines": []}
    url = f"/api/v1/purchase-orders/{order['id']}/receive"
    clients = [api_as("manager") for _ in range(5)]
    answers = at_once(5, lambda i: clients[i].post(url, json=body))
    assert [a.status_code for a in answers] == [200] * 5
    assert stock(manager_api, shop["RICE"]) == Decimal("10")


@pytest.mark.postgresql
def test_the_same_delivery_sent_five_times_at_once_books_once_on_postgresql(
    manager_api, api_as, shop
):
    _retries_at_once(manager_api, api_as, shop)


@pytest.mark.sqlite
def test_the_same_delivery_sent_five_times_at_once_books_once_on_sqlite(manager_api, api_as, shop):
    _retries_at_once(manager_api, api_as, shop)


def test_a_drafts_lines_change_until_it_is_sent(manager_api, shop):
    supplier = add_supplier(manager_api)
    order = draft(manager_api, supplier, (shop["RICE"], "10", 100))
    base = f"/api/v1/purchase-orders/{order['id']}/lines"
    line = order["lines"][0]
    changed = ok(manager_api.patch(f"{base}/{line['id']}", json={"quantity": "12"}))
    assert changed["lines"][0]["quantity"] == "12" and changed["total"] == 1200
    added = ok(
        manager_api.post(base, json={"product_id": shop["TEA"], "quantity": "3", "unit_cost": 250}),
        201,
    )
    assert [entry["quantity"] for entry in added["lines"]] == ["12", "3"]
    assert added["total"] == 1200 + 750
    again = manager_api.post(
        base, json={"product_id": shop["TEA"], "quantity": "1", "unit_cost": 1}
    )
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "duplicate"
    removed = ok(manager_api.delete(f"{base}/{line['id']}"))
    assert [entry["product_id"] for entry in removed["lines"]] == [shop["TEA"]]
    last = removed["lines"][0]["id"]
    refused = manager_api.delete(f"{base}/{last}")
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "last_line"
    ok(manager_api.post(f"/api/v1/purchase-orders/{order['id']}/send"))
    for answer in (
        manager_api.patch(f"{base}/{last}", json={"quantity": "5"}),
        manager_api.post(base, json={"product_id": shop["RICE"], "quantity": "1", "unit_cost": 1}),
        manager_api.delete(f"{base}/{last}"),
    ):
        assert answer.status_code == 409
        assert answer.get_json()["error"]["code"] == "purchase_order_status"
    sent = ok(manager_api.get(f"/api/v1/purchase-orders/{order['id']}"))
    assert [(entry["product_id"], entry["quantity"]) for entry in sent["lines"]] == [
        (shop["TEA"], "3")
    ]


@pytest.mark.parametrize(
    "path, method, body",
    [
        ("/lines/999999", "patch", {"quantity": "1"}),
        ("/lines/{line}", "patch", {"quantity": "-1"}),
        ("/lines", "post", {"product_id": 999999, "quantity": "1", "unit_cost": 1}),
        ("/lines", "post", {"quantity": "1"}),
    ],
)
def test_bad_line_changes_are_4xx_and_change_nothing(manager_api, shop, path, method, body):
    supplier = add_supplier(manager_api)
    order = draft(manager_api, supplier, (shop["RICE"], "10", 100))
    url = f"/api/v1/purchase-orders/{order['id']}" + path.format(line=order["lines"][0]["id"])
    answer = getattr(manager_api, method)(url, json=body)
    assert 400 <= answer.status_code < 500 and answer.status_code != 409, answer.get_json()
    after = ok(manager_api.get(f"/api/v1/purchase-orders/{order['id']}"))
    assert after["lines"] == order["lines"]
