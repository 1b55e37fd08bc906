"""Tills selling at the same moment each get their sale booked: the books keep no
counter that tills would queue on, and no sale is booked twice or lost."""

from __future__ import annotations

import pytest
from accounting_testing import assert_balanced, entries

from core.testing import at_once, sale_body

pytestmark = pytest.mark.comptoir_plugins("accounting")


def test_sales_at_once_are_each_booked_once(shop, api_as, manager_api):
    clients = [api_as("cashier") for _ in range(4)]
    bodies = [
        sale_body(shop.line("TEA", i + 1), payments=[{"method": "card", "amount": 400 * (i + 1)}])
        for i in range(4)
    ]
    answers = at_once(4, lambda i: clients[i].post("/api/v1/sales", json=bodies[i]))
    assert [a.status_code for a in answers] == [201] * 4
    booked = [e for e in entries(manager_api) if e["kind"] == "sale"]
    assert sorted(e["reference"] for e in booked) == sorted(b["id"] for b in bodies)
    for entry in booked:
        assert_balanced(entry)


def test_a_retried_sale_is_booked_once(shop, cashier_api, manager_api):
    body = sale_body(shop.line("TEA"), payments=[{"method": "cash", "amount": 400}])
    assert cashier_api.post("/api/v1/sales", json=body).status_code == 201
    assert cashier_api.post("/api/v1/sales", json=body).status_code == 200
    assert [e["reference"] for e in entries(manager_api) if e["kind"] == "sale"] == [body["id"]]
