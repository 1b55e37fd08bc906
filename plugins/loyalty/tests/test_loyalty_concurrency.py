"""Two tills at once: points stay exact and never go negative, with real threads on the
test's database (SQLite here, PostgreSQL on that leg)."""

from __future__ import annotations

import pytest
from loyalty_testing import give_points, points

from core.testing import at_once, sale_body

pytestmark = pytest.mark.comptoir_plugins("loyalty")

TILLS = 8


def _post_at_once(clients, bodies) -> list[int]:
    """Post each body from its own till, released together; the status codes."""
    answers = at_once(len(bodies), lambda i: clients[i].post("/api/v1/sales", json=bodies[i]))
    return [answer.status_code for answer in answers]


def test_concurrent_redemptions_never_overspend(shop, customer, api_as, manager_api):
    """1000 points, 8 tills redeem 300 each at once: exactly 3 succeed, the others are
    refused naming loyalty, and the balance is exact (each success also earns 1 point
    on the 1.00 paid in cash)."""
    give_points(manager_api, customer, 1000)
    clients = [api_as("cashier") for _ in range(TILLS)]
    bodies = [
        sale_body(
            shop.line("TEA"),
            payments=[{"method": "loyalty", "amount": 300}, {"method": "cash", "amount": 100}],
            customer_id=customer,
        )
        for _ in range(TILLS)
    ]
    statuses = _post_at_once(clients, bodies)
    assert sorted(statuses) == [201] * 3 + [422] * 5
    assert points(manager_api, customer) == 1000 - 3 * 300 + 3 * 1
    ledger = manager_api.get(f"/api/v1/customers/{customer}/loyalty?limit=500").get_json()
    assert sum(entry["points"] for entry in ledger["entries"]) == ledger["points"]
    assert all(entry["balance_after"] >= 0 for entry in ledger["entries"])


def test_concurrent_sales_earn_the_exact_sum(shop, customer, api_as, manager_api):
    """8 tills sell 4.00 to the same (new) customer at once: 8 x 4 points, none lost."""
    clients = [api_as("cashier") for _ in range(TILLS)]
    bodies = [sale_body(shop.line("TEA"), customer_id=customer) for _ in range(TILLS)]
    assert _post_at_once(clients, bodies) == [201] * TILLS
    assert points(manager_api, customer) == TILLS * 4
    shown = manager_api.get(f"/api/v1/customers/{customer}/loyalty").get_json()
    assert shown["lifetime_points"] == TILLS * 4 and shown["entries_count"] == TILLS
