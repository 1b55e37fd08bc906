"""Devices working on one table at the same instant (real threads, each with its own
connection): no line is lost, a table is seated once, an order is paid once."""

from __future__ import annotations

import pytest
from restaurant_testing import add, make_floor, ok, pay, seat

from core.testing import at_once

pytestmark = pytest.mark.comptoir_plugins("restaurant")

WAITERS = 6


def _waiters_add_at_once(shop, api_as, manager_api):
    """Six waiters add a line each from the same version; each one refused sends again
    from the order the 409 gave it, as a device does."""
    (table, *_rest) = make_floor(manager_api)
    clients = [api_as("cashier" if i % 2 else "manager") for i in range(WAITERS)]
    order = seat(clients[0], table)

    def waiter(index: int) -> int:
        seen, refusals = order, 0
        while True:
            answer = add(clients[index], seen, {"product_id": shop["BEER"], "seat": index + 1})
            if answer.status_code == 200:
                return refusals
            assert answer.status_code == 409, answer.get_json()
            seen, refusals = answer.get_json()["order"], refusals + 1

    refusals = at_once(WAITERS, waiter)
    final = ok(clients[0].get(f"/api/v1/restaurant/orders/{order['id']}"))
    return final, refusals


def _two_payments_at_once(shop, api_as, manager_api):
    (table, *_rest) = make_floor(manager_api)
    waiter = api_as("cashier")
    order = ok(
        add(
            waiter, seat(waiter, table), {"product_id": shop["STEAK"]}, {"product_id": shop["BEER"]}
        )
    )
    bill = ok(waiter.post(f"/api/v1/restaurant/orders/{order['id']}/bill", json={}))
    clients = [api_as("cashier") for _ in range(2)]
    answers = at_once(2, lambda i: pay(clients[i], bill))
    final = ok(waiter.get(f"/api/v1/restaurant/orders/{order['id']}"))
    return answers, final, waiter


def _check_no_line_lost(final, refusals):
    assert sorted(line["seat"] for line in final["lines"]) == list(range(1, WAITERS + 1))
    assert final["version"] == 1 + WAITERS


def _check_paid_once(answers, final, waiter):
    assert sorted(a.status_code for a in answers) == [201, 422]
    (winner,) = [a.get_json() for a in answers if a.status_code == 201]
    assert {line["sale_id"] for line in final["lines"]} == {winner["id"]}
    assert final["status"] == "paid"
    assert [s["id"] for s in waiter.get("/api/v1/sales").get_json()] == [winner["id"]]


@pytest.mark.postgresql
def test_waiters_adding_at_once_lose_no_line_on_postgresql(shop, api_as, manager_api):
    _check_no_line_lost(*_waiters_add_at_once(shop, api_as, manager_api))


@pytest.mark.postgresql
def test_two_payments_of_one_order_one_wins_on_postgresql(shop, api_as, manager_api):
    _check_paid_once(*_two_payments_at_once(shop, api_as, manager_api))


@pytest.mark.sqlite
def test_waiters_adding_at_once_lose_no_line_on_sqlite(shop, api_as, manager_api):
    _check_no_line_lost(*_waiters_add_at_once(shop, api_as, manager_api))


@pytest.mark.sqlite
def test_two_payments_of_one_order_one_wins_on_sqlite(shop, api_as, manager_api):
    _check_paid_once(*_two_payments_at_once(shop, api_as, manager_api))


def test_two_waiters_seating_one_table_get_one_order(shop, api_as, manager_api):
    (table, *_rest) = make_floor(manager_api)
    clients = [api_as("cashier") for _ in range(2)]
    answers = at_once(
        2, lambda i: clients[i].post("/api/v1/restaurant/orders", json={"table_id": table})
    )
    assert sorted(a.status_code for a in answers) == [201, 409]
