"""The loyalty plugin as a whole: the customer API, the receipt, permissions, OpenAPI, the
payment method, and enabling or disabling it next to crm."""

from __future__ import annotations

import pytest
from loyalty_testing import give_points

from core.plugins import get_sale
from core.testing import refund, sell
from plugins.loyalty.receipts import loyalty_section

pytestmark = pytest.mark.comptoir_plugins("loyalty")


def test_customers_show_their_points(shop, customer, manager_api, cashier_api):
    """crm's customer API carries ``loyalty_points`` (through ``crm_customer_fields``)."""
    assert cashier_api.get(f"/api/v1/customers/{customer}").get_json()["loyalty_points"] == 0
    sell(cashier_api, shop.line("TEA", 3), customer_id=customer)
    assert cashier_api.get(f"/api/v1/customers/{customer}").get_json()["loyalty_points"] == 12
    listed = cashier_api.get("/api/v1/customers?q=anne").get_json()
    assert listed[0]["loyalty_points"] == 12
    page = manager_api.get(f"/crm/{customer}").get_data(as_text=True)
    assert "<dt>Loyalty points</dt><dd>12</dd>" in page


def test_the_receipt_shows_points_earned_redeemed_and_the_balance(
    shop, customer, manager_api, cashier_api
):
    give_points(manager_api, customer, 150)
    sale = sell(
        cashier_api,
        shop.line("CIGARS"),
        payments=[{"method": "loyalty", "amount": 100}, {"method": "cash", "amount": 900}],
        customer_id=customer,
    )
    text = cashier_api.get(f"/api/v1/sales/{sale['id']}/receipt?format=text").get_data(as_text=True)
    assert "Loyalty" in text
    lines = {
        line.split()[0] + " " + line.split()[1]: line.split()[-1]
        for line in text.splitlines()
        if line.startswith("Points ")
    }
    assert lines == {"Points redeemed": "100", "Points earned": "9", "Points balance": "59"}


def test_the_receipt_balance_is_the_one_after_the_sale(shop, customer, cashier_api):
    """A duplicate printed later still shows the balance as it was after that sale."""
    first = sell(cashier_api, shop.line("TEA"), customer_id=customer)
    sell(cashier_api, shop.line("TEA"), customer_id=customer)
    text = cashier_api.get(f"/api/v1/sales/{first['id']}/receipt?format=text").get_data(
        as_text=True
    )
    balance = [line for line in text.splitlines() if line.startswith("Points balance")]
    assert len(balance) == 1 and balance[0].split()[-1] == "4"


def test_no_loyalty_section_without_a_customer(app, shop, cashier_api):
    """The section is built from the sale's read-only view, as the hook receives it."""
    sale = sell(cashier_api, shop.line("TEA"))
    with app.app_context():
        assert loyalty_section(get_sale(sale["id"])) is None


def test_points_spent_and_given_back_are_noted_on_the_payments(
    shop, customer, manager_api, cashier_api
):
    """The loyalty payment keeps the points it spent, its refund the points it gave back."""
    give_points(manager_api, customer, 400)
    sale = sell(
        cashier_api,
        shop.line("TEA"),
        payments=[{"method": "loyalty", "amount": 400}],
        customer_id=customer,
    )
    assert sale["payments"] == [
        {"method": "loyalty", "amount": 400, "fields": {}, "data": {"points": 400}}
    ]
    back = [{"method": "loyalty", "amount": 300}, {"method": "cash", "amount": 100}]
    refunded = refund(manager_api, sale, [(0, 1)], back)
    assert refunded.status_code == 201, refunded.get_json()
    assert refunded.get_json()["payments"][0]["data"] == {"points": 300}


def test_loyalty_is_a_payment_method_that_needs_the_server(cashier_api):
    methods = {m["code"]: m for m in cashier_api.get("/api/v1/payment-methods").get_json()}
    assert methods["loyalty"]["works_offline"] is False
    assert methods["loyalty"]["gives_change"] is False


def test_openapi_documents_the_loyalty_endpoints(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "get" in paths["/api/v1/customers/{customer_id}/loyalty"]
    assert "post" in paths["/api/v1/customers/{customer_id}/loyalty/adjustments"]


def test_permissions(client, customer, cashier_api, manager_api):
    """No credentials: 401. Cashiers see points but only managers adjust them."""
    assert client.get(f"/api/v1/customers/{customer}/loyalty").status_code == 401
    assert cashier_api.get(f"/api/v1/customers/{customer}/loyalty").status_code == 200
    body = {"points": 10, "reason": "gift"}
    url = f"/api/v1/customers/{customer}/loyalty/adjustments"
    assert cashier_api.post(url, json=body).status_code == 403
    assert manager_api.post(url, json=body).status_code == 201


def test_unknown_customer_is_a_404(manager_api):
    assert manager_api.get("/api/v1/customers/987654/loyalty").status_code == 404
    assert manager_api.get(f"/api/v1/customers/{2**63 - 1}/loyalty").status_code == 404
    response = manager_api.post(
        "/api/v1/customers/987654/loyalty/adjustments", json={"points": 1, "reason": "x"}
    )
    assert response.status_code == 404


def test_bad_settings_are_refused(admin_api):
    for bad in (
        {"point_value": 0},
        {"point_value": 1.5},
        {"points_per_unit": "-1"},
        {"excluded_category_ids": ["food"]},
        {"tiers": [{"name": "Gold", "min_points": 10}]},
        {
            "tiers": [
                {"name": "A", "min_points": 5, "multiplier": "2"},
                {"name": "B", "min_points": 5, "multiplier": "3"},
            ]
        },
    ):
        assert admin_api.patch("/api/v1/settings/loyalty", json=bad).status_code == 422, bad
    assert admin_api.get("/api/v1/settings/loyalty").get_json()["point_value"] == 1


def test_disabling_loyalty_keeps_customers_and_points(
    shop, customer, admin_api, manager_api, cashier_api, cli_runner
):
    """Disabled from the CLI: customers are still there without points, sales earn
    nothing; enabled again from the API, the balance is back as it was."""
    sell(cashier_api, shop.line("TEA"), customer_id=customer)
    result = cli_runner("plugins", "disable", "loyalty")
    assert result.exit_code == 0, result.output
    shown = manager_api.get(f"/api/v1/customers/{customer}")
    assert shown.status_code == 200 and "loyalty_points" not in shown.get_json()
    assert manager_api.get(f"/api/v1/customers/{customer}/loyalty").status_code == 404
    sell(cashier_api, shop.line("TEA"), customer_id=customer)
    assert admin_api.post("/api/v1/plugins/loyalty/enable").status_code == 200
    assert manager_api.get(f"/api/v1/customers/{customer}").get_json()["loyalty_points"] == 4


def test_crm_cannot_be_disabled_while_loyalty_is_enabled(customer, admin_api, cli_runner):
    from click.testing import Result

    result: Result = cli_runner("plugins", "disable", "crm")
    assert result.exit_code != 0
    assert "loyalty" in result.output
    response = admin_api.post("/api/v1/plugins/crm/disable")
    assert 400 <= response.status_code < 500
    assert admin_api.get(f"/api/v1/customers/{customer}").status_code == 200


def test_disabling_both_together_and_enabling_loyalty_brings_crm_back(
    customer, admin_api, cli_runner
):
    result = cli_runner("plugins", "disable", "loyalty", "crm")
    assert result.exit_code == 0, result.output
    assert admin_api.get(f"/api/v1/customers/{customer}").status_code == 404
    result = cli_runner("plugins", "enable", "loyalty")
    assert result.exit_code == 0, result.output
    back = admin_api.get(f"/api/v1/customers/{customer}").get_json()
    assert (back["name"], back["loyalty_points"]) == ("Anne Martin", 0)
