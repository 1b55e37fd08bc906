"""Customers at the till: group discounts in quotes and sales, customer validation,
purchase history, lifetime totals and the receipt."""

from __future__ import annotations

import pytest
from crm_testing import new_customer, new_group, row_counts

from core.plugins import get_sale
from core.testing import refund, sale_body, sell
from plugins.crm.receipts import customer_section

pytestmark = pytest.mark.comptoir_plugins("crm")


def test_group_discount_is_priced_in_the_quote(shop, manager_api, cashier_api):
    """A member's lines get their group's percent off, labelled with the group's name."""
    group = new_group(manager_api, "Staff", "10")
    customer = new_customer(manager_api, group_id=group["id"])
    quote = cashier_api.post(
        "/api/v1/sales/quote",
        json={"register_id": 1, "customer_id": customer["id"], "lines": [shop.line("COFFEE", 3)]},
    )
    assert quote.status_code == 200, quote.get_json()
    body = quote.get_json()
    assert body["total"] == 675  # 3 x 2.50 = 7.50, less 10 %
    assert body["lines"][0]["adjustments"] == [
        {"amount": 75, "label": "Staff -10%", "source": "crm"}
    ]


def test_group_discount_is_kept_on_the_sale(shop, manager_api, cashier_api):
    group = new_group(manager_api, "Wholesale", "12.5")
    customer = new_customer(manager_api, group_id=group["id"])
    # Beyond the cashier's 10 % limit: sold by a manager (a cashier needs their approval).
    sale = sell(manager_api, shop.line("COFFEE"), shop.line("TEA"), customer_id=customer["id"])
    # 2.50 - 0.3125 (rounded half up: 0.31) and 4.00 - 0.50
    assert [line["total"] for line in sale["lines"]] == [219, 350]
    assert sale["total"] == 569 and sale["customer_id"] == customer["id"]
    assert sale["lines"][1]["adjustments"][0]["label"] == "Wholesale -12.5%"


def test_no_discount_without_a_group_or_a_customer(shop, manager_api, cashier_api):
    new_group(manager_api, "Staff", "10")
    loner = new_customer(manager_api)
    assert sell(cashier_api, shop.line("COFFEE"), customer_id=loner["id"])["total"] == 250
    assert sell(cashier_api, shop.line("COFFEE"))["total"] == 250


def test_changing_a_groups_discount_prices_the_next_sale(shop, manager_api, cashier_api):
    group = new_group(manager_api, "Staff", "10")
    customer = new_customer(manager_api, group_id=group["id"])
    changed = manager_api.patch(
        f"/api/v1/customer-groups/{group['id']}", json={"discount_percent": "20"}
    )
    assert changed.status_code == 200 and changed.get_json()["discount_percent"] == "20.0"
    assert sell(manager_api, shop.line("TEA"), customer_id=customer["id"])["total"] == 320


@pytest.mark.parametrize("customer_id", [987654, 2**31 - 1])
def test_unknown_customer_is_refused(app, shop, cashier_api, customer_id):
    """A sale naming a customer who does not exist is a 422 on ``customer_id``."""
    before = row_counts(app, cashier_api)
    response = cashier_api.post(
        "/api/v1/sales", json=sale_body(shop.line("COFFEE"), customer_id=customer_id)
    )
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "unknown_customer"
    assert list(response.get_json()["error"]["fields"]) == ["customer_id"]
    assert row_counts(app, cashier_api) == before


def test_erased_customer_is_refused(app, shop, admin_api, cashier_api):
    customer = new_customer(admin_api)
    assert admin_api.delete(f"/api/v1/customers/{customer['id']}").status_code == 200
    response = cashier_api.post(
        "/api/v1/sales", json=sale_body(shop.line("COFFEE"), customer_id=customer["id"])
    )
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {
        "customer_id": [f"customer {customer['id']} was erased"]
    }


def test_history_and_lifetime_totals(shop, manager_api, cashier_api):
    """The history lists the customer's sales newest first; totals count them, add up
    what was spent less refunds, and give the last visit."""
    customer = new_customer(manager_api)
    other = new_customer(manager_api, name="Someone else")
    first = sell(cashier_api, shop.line("COFFEE", 2), customer_id=customer["id"])
    second = sell(cashier_api, shop.line("TEA"), customer_id=customer["id"])
    sell(cashier_api, shop.line("TEA", 5), customer_id=other["id"])
    refunded = refund(manager_api, first, [(0, 1)], [{"method": "cash", "amount": 250}])
    assert refunded.status_code == 201, refunded.get_json()

    history = cashier_api.get(f"/api/v1/customers/{customer['id']}/sales")
    assert history.status_code == 200
    assert [s["id"] for s in history.get_json()] == [second["id"], first["id"]]
    assert history.headers["X-Total-Count"] == "2"
    assert history.get_json()[1]["refunded"] == 250
    assert history.get_json()[0]["receipt_number"] == second["receipt_number"]
    assert history.get_json()[1] == {
        "id": first["id"],
        "receipt_number": first["receipt_number"],
        "register_id": 1,
        "completed_at": first["completed_at"],
        "total": 500,
        "refunded": 250,
        "items": 1,
    }

    totals = cashier_api.get(f"/api/v1/customers/{customer['id']}").get_json()["totals"]
    assert totals["sales_count"] == 2
    assert totals["total_spent"] == 500 + 400 - 250
    assert totals["refunded"] == 250
    assert totals["last_visit"] == second["completed_at"]


def test_history_is_paginated(shop, manager_api, cashier_api):
    customer = new_customer(manager_api)
    sold = [sell(cashier_api, shop.line("TEA"), customer_id=customer["id"]) for _ in range(3)]
    page = cashier_api.get(f"/api/v1/customers/{customer['id']}/sales?limit=1&offset=1")
    assert [s["id"] for s in page.get_json()] == [sold[1]["id"]]
    assert page.headers["X-Total-Count"] == "3"


def test_history_of_an_unknown_customer_is_a_404(cashier_api):
    assert cashier_api.get("/api/v1/customers/987654/sales").status_code == 404


def test_receipt_shows_the_customer_and_the_group_discount(shop, manager_api, cashier_api):
    group = new_group(manager_api, "Staff", "10")
    customer = new_customer(manager_api, name="Anne Martin", group_id=group["id"])
    sale = sell(cashier_api, shop.line("COFFEE", 2), shop.line("TEA"), customer_id=customer["id"])
    receipt = cashier_api.get(f"/api/v1/sales/{sale['id']}/receipt?format=text")
    assert receipt.status_code == 200
    text = receipt.get_data(as_text=True)
    assert "Anne Martin" in text
    assert "You saved (Staff -10%)" in text and "€0.90" in text  # 0.50 + 0.40


def test_receipt_without_a_customer_has_no_crm_section(app, shop, cashier_api):
    """The section is built from the sale's read-only view, as the hook receives it."""
    sale = sell(cashier_api, shop.line("COFFEE"))
    with app.app_context():
        assert customer_section(get_sale(sale["id"]), None) is None


def test_customer_name_can_be_left_off_receipts(shop, admin_api, manager_api, cashier_api):
    """``print_customer_on_receipt: false`` keeps the name off; the discount stays."""
    group = new_group(manager_api, "Staff", "10")
    customer = new_customer(manager_api, name="Anne Martin", group_id=group["id"])
    assert (
        admin_api.patch(
            "/api/v1/settings/crm", json={"print_customer_on_receipt": False}
        ).status_code
        == 200
    )
    sale = sell(cashier_api, shop.line("COFFEE"), customer_id=customer["id"])
    text = cashier_api.get(f"/api/v1/sales/{sale['id']}/receipt?format=text").get_data(as_text=True)
    assert "Anne Martin" not in text and "Staff -10%" in text
