"""The testing kit plugin authors use (core.testing): a shop through the API, sales,
refunds, and clients released together."""

from __future__ import annotations

import pytest

from core.testing import Item, at_once, make_shop, refund, sale_body, sales_count, sell


def test_default_shop_sells_and_refunds(shop, cashier_api, manager_api):
    """The ``shop`` fixture's products sell at their prices on an open register, and a
    refund helper hands money back."""
    sale = sell(cashier_api, shop.line("COFFEE", 2), shop.line("CROISSANT"))
    assert sale["total"] == 2 * 250 + 120 and sales_count(cashier_api) == 1
    response = refund(manager_api, sale, [(1, 1)], [{"method": "cash", "amount": 120}])
    assert response.status_code == 201, response.get_json()


def test_make_shop_with_categories(manager_api):
    made = make_shop(manager_api, [Item("BEER", 320, category="Drinks", stock="5")])
    assert made.products["BEER"]["stock"] == "5"
    assert made.products["BEER"]["category_id"] == made.categories["Drinks"]


def test_sell_asserts_the_sale_was_made(shop, cashier_api):
    with pytest.raises(AssertionError):
        sell(cashier_api, {"product_id": 999999, "quantity": 1})


def test_at_once_releases_every_task_together(shop, api_as):
    """Two tills completing sales at the same instant both succeed, numbered apart."""
    clients = [api_as("cashier") for _ in range(2)]
    bodies = [sale_body(shop.line("TEA")) for _ in range(2)]
    answers = at_once(2, lambda i: clients[i].post("/api/v1/sales", json=bodies[i]))
    assert sorted(a.status_code for a in answers) == [201, 201]
    assert sorted(a.get_json()["number"] for a in answers) == [1, 2]


def test_at_once_raises_what_a_task_raised():
    def task(index):
        if index == 1:
            raise ValueError("task 1 failed")
        return index

    with pytest.raises(ValueError, match="task 1 failed"):
        at_once(2, task)


def test_offline_sale_body_is_what_a_till_sends(shop, cashier_api):
    """A sale made offline at the price the till charged is recorded as such."""
    from core.testing import offline_sale_body

    body = offline_sale_body(
        shop.line("TEA", unit_price=400, tax_rate="20.0"),
        payments=[{"method": "cash", "amount": 400}],
    )
    response = cashier_api.post("/api/v1/sales", json=body)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["data"]["offline"] is True
