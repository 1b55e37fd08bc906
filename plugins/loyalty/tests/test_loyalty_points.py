"""Points earned on sales, redeemed as a payment and taken back by refunds, with exact
figures."""

from __future__ import annotations

import pytest
from loyalty_testing import give_points, ledger_rows, points, set_loyalty

from core.testing import refund, sale_body, sell

pytestmark = pytest.mark.comptoir_plugins("loyalty")


def test_a_sale_earns_points_per_currency_unit(shop, customer, cashier_api):
    """One point per 1.00 paid by default, rounded down: 9.00 earns 9."""
    sell(cashier_api, shop.line("COFFEE", 2), shop.line("TEA"), customer_id=customer)
    assert points(cashier_api, customer) == 9


def test_fractions_of_a_point_are_not_earned(shop, customer, cashier_api):
    sell(cashier_api, shop.line("COFFEE"), customer_id=customer)
    assert points(cashier_api, customer) == 2  # 2.50


def test_points_per_unit_setting(shop, customer, admin_api, cashier_api):
    set_loyalty(admin_api, points_per_unit="2.5")
    sell(cashier_api, shop.line("COFFEE", 2), shop.line("TEA"), customer_id=customer)
    assert points(cashier_api, customer) == 22  # 9.00 x 2.5 = 22.5


def test_excluded_categories_earn_nothing(shop, customer, admin_api, cashier_api):
    set_loyalty(admin_api, excluded_category_ids=[shop.categories["Tobacco"]])
    sell(cashier_api, shop.line("COFFEE", 2), shop.line("CIGARS"), customer_id=customer)
    assert points(cashier_api, customer) == 5


def test_a_sale_without_a_customer_earns_nothing(app, shop, cashier_api):
    before = ledger_rows(app, cashier_api)
    sell(cashier_api, shop.line("TEA"))
    after = ledger_rows(app, cashier_api)
    assert (after["loyalty_account"], after["loyalty_entry"]) == (
        before["loyalty_account"],
        before["loyalty_entry"],
    )


def test_tiers_multiply_points_by_lifetime_points(shop, customer, admin_api, cashier_api):
    """From ``min_points`` earned in all, the tier's multiplier applies."""
    set_loyalty(admin_api, tiers=[{"name": "Gold", "min_points": 10, "multiplier": "2"}])
    sell(cashier_api, shop.line("CIGARS"), customer_id=customer)
    assert points(cashier_api, customer) == 10  # no tier yet
    sell(cashier_api, shop.line("TEA"), customer_id=customer)
    assert points(cashier_api, customer) == 10 + 8  # Gold: 4.00 x 2
    shown = cashier_api.get(f"/api/v1/customers/{customer}").get_json()
    assert (shown["loyalty_points"], shown["loyalty_tier"]) == (18, "Gold")


def test_redeeming_pays_part_of_a_sale(shop, customer, manager_api, cashier_api):
    """500 points pay 5.00 (``point_value`` 1); the part paid with points earns nothing."""
    give_points(manager_api, customer, 500)
    sale = sell(
        cashier_api,
        shop.line("COFFEE", 2),
        shop.line("TEA"),
        payments=[{"method": "loyalty", "amount": 500}, {"method": "cash", "amount": 400}],
        customer_id=customer,
    )
    assert [p["method"] for p in sale["payments"]] == ["loyalty", "cash"]
    assert points(cashier_api, customer) == 0 + 4  # earned on the 4.00 paid in cash


def test_point_value_converts_money_to_points(shop, customer, admin_api, manager_api, cashier_api):
    set_loyalty(admin_api, point_value=5)
    give_points(manager_api, customer, 100)
    sell(
        cashier_api,
        shop.line("TEA"),
        payments=[{"method": "loyalty", "amount": 400}],
        customer_id=customer,
    )
    assert points(cashier_api, customer) == 100 - 80


def test_an_amount_that_is_not_whole_points_is_refused(
    app, shop, customer, admin_api, manager_api, cashier_api
):
    set_loyalty(admin_api, point_value=5)
    give_points(manager_api, customer, 100)
    before = ledger_rows(app, cashier_api)
    response = cashier_api.post(
        "/api/v1/sales",
        json=sale_body(
            shop.line("TEA"),
            payments=[{"method": "loyalty", "amount": 398}, {"method": "cash", "amount": 2}],
            customer_id=customer,
        ),
    )
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "loyalty_amount"
    assert ledger_rows(app, cashier_api) == before


def test_redeeming_beyond_the_balance_is_refused(app, shop, customer, manager_api, cashier_api):
    """A clear 422 naming loyalty; nothing is written, the balance is unchanged."""
    give_points(manager_api, customer, 300)
    before = ledger_rows(app, cashier_api)
    response = cashier_api.post(
        "/api/v1/sales",
        json=sale_body(
            shop.line("TEA"),
            payments=[{"method": "loyalty", "amount": 400}],
            customer_id=customer,
        ),
    )
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "loyalty_insufficient_points"
    assert "loyalty" in error["message"] and "300 available, 400 needed" in error["message"]
    assert ledger_rows(app, cashier_api) == before
    assert points(cashier_api, customer) == 300


@pytest.mark.parametrize("customer_id", [987654, 2**31 - 1])
def test_redeeming_for_an_unknown_customer_is_refused(app, shop, cashier_api, customer_id):
    before = ledger_rows(app, cashier_api)
    response = cashier_api.post(
        "/api/v1/sales",
        json=sale_body(
            shop.line("TEA"),
            payments=[{"method": "loyalty", "amount": 400}],
            customer_id=customer_id,
        ),
    )
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "unknown_customer"
    assert ledger_rows(app, cashier_api) == before


def test_redeeming_needs_a_customer(app, shop, cashier_api):
    before = ledger_rows(app, cashier_api)
    response = cashier_api.post(
        "/api/v1/sales",
        json=sale_body(
            shop.line("TEA"),
            payments=[{"method": "loyalty", "amount": 400}],
        ),
    )
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "loyalty_no_customer"
    assert ledger_rows(app, cashier_api) == before


def test_a_refund_takes_earned_points_back_in_proportion(shop, customer, manager_api, cashier_api):
    """9 points earned on 9.00; refunding 2.50 takes 3 back (2.5 rounded half up), the
    rest takes exactly what remains."""
    sale = sell(cashier_api, shop.line("COFFEE", 2), shop.line("TEA"), customer_id=customer)
    first = refund(manager_api, sale, [(0, 1)], [{"method": "cash", "amount": 250}])
    assert first.status_code == 201, first.get_json()
    assert points(cashier_api, customer) == 6
    rest = refund(manager_api, sale, [(0, 1), (1, 1)], [{"method": "cash", "amount": 650}])
    assert rest.status_code == 201, rest.get_json()
    assert points(cashier_api, customer) == 0
    shown = cashier_api.get(f"/api/v1/customers/{customer}/loyalty").get_json()
    assert shown["lifetime_points"] == 0


def test_refunding_an_excluded_line_takes_nothing_back(
    shop, customer, admin_api, manager_api, cashier_api
):
    set_loyalty(admin_api, excluded_category_ids=[shop.categories["Tobacco"]])
    sale = sell(cashier_api, shop.line("TEA"), shop.line("CIGARS"), customer_id=customer)
    assert points(cashier_api, customer) == 4
    response = refund(manager_api, sale, [(1, 1)], [{"method": "cash", "amount": 1000}])
    assert response.status_code == 201
    assert points(cashier_api, customer) == 4


def test_taking_back_spent_points_stops_at_zero(shop, customer, manager_api, cashier_api):
    """Points already spent cannot be taken back: the balance is clipped at zero and the
    ledger records what was asked."""
    sale = sell(cashier_api, shop.line("CIGARS"), customer_id=customer)
    assert points(cashier_api, customer) == 10
    sell(
        cashier_api,
        shop.line("COFFEE"),
        payments=[{"method": "loyalty", "amount": 8}, {"method": "cash", "amount": 242}],
        customer_id=customer,
    )
    assert points(cashier_api, customer) == 2 + 2  # 10 - 8 + 2 earned on the cash part
    response = refund(manager_api, sale, [(0, 1)], [{"method": "cash", "amount": 1000}])
    assert response.status_code == 201, response.get_json()
    ledger = cashier_api.get(f"/api/v1/customers/{customer}/loyalty").get_json()
    assert ledger["points"] == 0
    last = ledger["entries"][0]
    assert (last["kind"], last["points"], last["requested"], last["balance_after"]) == (
        "unearn",
        -4,
        -10,
        0,
    )
    assert last["data"] == {"clipped": 6}


def test_refunding_on_loyalty_gives_the_points_back(shop, customer, manager_api, cashier_api):
    give_points(manager_api, customer, 400)
    sale = sell(
        cashier_api,
        shop.line("TEA"),
        payments=[{"method": "loyalty", "amount": 400}],
        customer_id=customer,
    )
    assert points(cashier_api, customer) == 0
    response = refund(manager_api, sale, [(0, 1)], [{"method": "loyalty", "amount": 400}])
    assert response.status_code == 201, response.get_json()
    assert points(cashier_api, customer) == 400


def test_refunding_on_loyalty_what_points_did_not_pay_is_refused(
    app, shop, customer, manager_api, cashier_api
):
    sale = sell(cashier_api, shop.line("TEA"), customer_id=customer)
    before = ledger_rows(app, cashier_api)
    response = refund(manager_api, sale, [(0, 1)], [{"method": "loyalty", "amount": 400}])
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "loyalty_refund"
    assert ledger_rows(app, cashier_api) == before
    assert points(cashier_api, customer) == 4


def test_the_ledger_lists_every_change(shop, customer, manager_api, cashier_api):
    give_points(manager_api, customer, 100)
    sale = sell(
        cashier_api,
        shop.line("TEA"),
        payments=[{"method": "loyalty", "amount": 100}, {"method": "cash", "amount": 300}],
        customer_id=customer,
    )
    refund(
        manager_api,
        sale,
        [(0, 1)],
        [{"method": "loyalty", "amount": 100}, {"method": "cash", "amount": 300}],
    )
    ledger = cashier_api.get(f"/api/v1/customers/{customer}/loyalty").get_json()
    assert [(e["kind"], e["points"]) for e in reversed(ledger["entries"])] == [
        ("adjust", 100),
        ("redeem", -100),
        ("earn", 3),
        ("unredeem", 100),
        ("unearn", -3),
    ]
    assert ledger["points"] == 100 and ledger["entries_count"] == 5
    assert sum(e["points"] for e in ledger["entries"]) == ledger["points"]


def test_adjustments_never_go_below_zero(app, customer, manager_api):
    give_points(manager_api, customer, 50)
    response = manager_api.post(
        f"/api/v1/customers/{customer}/loyalty/adjustments",
        json={"points": -51, "reason": "typo"},
    )
    assert response.status_code == 422
    assert points(manager_api, customer) == 50
    for bad in ({"points": 0, "reason": "x"}, {"points": 1.5, "reason": "x"}, {"points": 5}):
        response = manager_api.post(f"/api/v1/customers/{customer}/loyalty/adjustments", json=bad)
        assert response.status_code == 422, bad
