"""A tip beside the other plugins: promotions never discount it, loyalty gives no points
for it (it is the waiter's money, not the restaurant's sale)."""

from __future__ import annotations

import datetime as dt

import pytest

from core.testing import sell


def _ok(response, status=200):
    assert response.status_code == status, response.get_json()
    return response.get_json()


@pytest.mark.comptoir_plugins("restaurant", "promotions")
def test_a_promotion_on_everything_leaves_the_tip_whole(shop, cashier_api, manager_api):
    now = dt.datetime.now(dt.UTC)
    promotion = {
        "name": "Ten off",
        "kind": "percent",
        "value": "10",
        "product_ids": [],
        "category_ids": [],
        "starts_at": (now - dt.timedelta(days=1)).isoformat(),
        "ends_at": (now + dt.timedelta(days=1)).isoformat(),
    }
    _ok(manager_api.post("/api/v1/promotions", json=promotion), 201)
    body = {"register_id": 1, "lines": [shop.line("BEER"), {"tip": {"amount": 300}, "quantity": 1}]}
    quote = _ok(cashier_api.post("/api/v1/sales/quote", json=body))
    beer, tip = quote["lines"]
    assert beer["discount"] == 50
    assert tip["kind"] == "tip" and tip["discount"] == 0 and tip["total"] == 300
    assert quote["total"] == 450 + 300


@pytest.mark.comptoir_plugins("restaurant", "crm", "loyalty")
def test_a_tip_earns_no_loyalty_points(shop, cashier_api, manager_api):
    """Two customers buy the same beer, one adds a 5.00 tip: the same points."""

    def customer(name):
        return _ok(manager_api.post("/api/v1/customers", json={"name": name}), 201)["id"]

    def points(customer_id):
        return _ok(manager_api.get(f"/api/v1/customers/{customer_id}/loyalty"))["points"]

    plain, tipping = customer("Anne Martin"), customer("Paul Durand")
    sell(cashier_api, shop.line("BEER"), customer_id=plain)
    sell(
        cashier_api,
        shop.line("BEER"),
        {"tip": {"amount": 500}, "quantity": 1},
        customer_id=tipping,
    )
    assert points(plain) > 0
    assert points(tipping) == points(plain)
