"""Clerks booking the same delivery at the same instant never take in more than was
ordered. Real threads, each with its own database connection."""

from __future__ import annotations

from decimal import Decimal

import pytest
from purchasing_testing import add_supplier, draft, ok, stock

from core.testing import at_once

pytestmark = pytest.mark.comptoir_plugins("purchasing")

CLERKS = 6


def _receive_at_once(manager_api, api_as, shop, body_for) -> tuple[dict, list[int]]:
    supplier = add_supplier(manager_api)
    order = draft(manager_api, supplier, (shop["RICE"], "10", 100))
    ok(manager_api.post(f"/api/v1/purchase-orders/{order['id']}/send"))
    line = order["lines"][0]
    clients = [api_as("manager") for _ in range(CLERKS)]
    url = f"/api/v1/purchase-orders/{order['id']}/receive"
    answers = at_once(CLERKS, lambda i: clients[i].post(url, json=body_for(line)))
    return order, sorted(answer.status_code for answer in answers)


@pytest.mark.postgresql
def test_receiving_everything_twice_at_once_receives_it_once(manager_api, api_as, shop):
    """Six clerks book the whole delivery at once: one succeeds, the others are told
    the order is received (409); stock rises by what was ordered, once."""
    order, statuses = _receive_at_once(manager_api, api_as, shop, lambda line: {})
    assert statuses == [200] + [409] * (CLERKS - 1)
    assert stock(manager_api, shop["RICE"]) == Decimal("10")
    final = ok(manager_api.get(f"/api/v1/purchase-orders/{order['id']}"))
    assert final["status"] == "received" and final["lines"][0]["received_quantity"] == "10"


@pytest.mark.postgresql
def test_partial_receipts_at_once_never_pass_the_order(manager_api, api_as, shop):
    """Six clerks each book 4 of the 10 ordered at once: two fit, four are refused, and
    the ledger holds exactly the two receipts."""
    order, statuses = _receive_at_once(
        manager_api,
        api_as,
        shop,
        lambda line: {"lines": [{"line_id": line["id"], "quantity": "4"}]},
    )
    assert statuses == [200, 200] + [409] * (CLERKS - 2)
    assert stock(manager_api, shop["RICE"]) == Decimal("8")
    final = ok(manager_api.get(f"/api/v1/purchase-orders/{order['id']}"))
    assert final["status"] == "partly_received" and final["lines"][0]["received_quantity"] == "8"
    ledger = ok(manager_api.get(f"/api/v1/stock/movements?product_id={shop['RICE']}"))
    assert sorted(row["delta"] for row in ledger if row["reason"] == "receipt") == ["4", "4"]
