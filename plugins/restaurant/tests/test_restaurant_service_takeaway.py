"""The service charge (a percent setting, on the orders that have it, given to large
parties when seated) and the take-away tax rates (an order, or a counter sale, taken away
sells each item at the rate the merchant mapped from its own)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from restaurant_testing import add, make_floor, ok, pay, seat

pytestmark = pytest.mark.comptoir_plugins("restaurant")


def _settings(api, **values):
    return ok(api.patch("/api/v1/settings/restaurant", json=values))


def _bill(api, order, **body):
    return ok(api.post(f"/api/v1/restaurant/orders/{order['id']}/bill", json=body))


def _options(api, order, **values):
    return api.post(
        f"/api/v1/restaurant/orders/{order['id']}/options",
        json={"version": order["version"], **values},
    )


def _rates(sale):
    return {line["name"]: Decimal(line["tax_rate"]) for line in sale["lines"]}


def test_large_parties_get_the_service_charge_on_their_bill(shop, cashier_api, manager_api):
    _settings(manager_api, service_percent="10", service_min_covers=6)
    first, second, _third = make_floor(manager_api)
    small = seat(cashier_api, first, 2)
    large = seat(cashier_api, second, 6)
    assert small["service_charge"] is False and large["service_charge"] is True
    large = ok(
        add(cashier_api, large, {"product_id": shop["STEAK"]}, {"product_id": shop["SALAD"]})
    )
    bill = _bill(cashier_api, large, parts=2)
    assert bill["expected_total"] == 2200 + 950  # the items, at the catalog's prices
    assert bill["total"] == 3150 + 315 and sum(bill["parts"]) == bill["total"]
    sale = ok(pay(cashier_api, bill, [{"method": "card", "amount": p} for p in bill["parts"]]), 201)
    assert sale["total"] == 3465
    (service,) = [line for line in sale["lines"] if line["name"] == "Service 10 %"]
    assert service["total"] == 315 and Decimal(service["tax_rate"]) == 10
    # The small table has none until the waiter adds it.
    small = ok(add(cashier_api, small, {"product_id": shop["SALAD"]}))
    assert _bill(cashier_api, small)["total"] == 950
    small = ok(_options(cashier_api, small, service_charge=True))
    assert small["service_charge"] is True
    assert _bill(cashier_api, small)["total"] == 950 + 95


def test_the_service_charge_is_taxed_as_what_it_is_charged_on(shop, cashier_api, manager_api):
    """Food at 10 %, drinks at 20 %: a charge on each item, at the item's rate."""
    _settings(manager_api, service_percent="10")
    (table, *_rest) = make_floor(manager_api)
    order = ok(_options(cashier_api, seat(cashier_api, table), service_charge=True))
    order = ok(add(cashier_api, order, {"product_id": shop["STEAK"]}, {"product_id": shop["BEER"]}))
    bill = _bill(cashier_api, order)
    sale = ok(pay(cashier_api, bill, [{"method": "cash", "amount": bill["cash_total"]}]), 201)
    charges = sorted(
        (Decimal(line["tax_rate"]), line["total"])
        for line in sale["lines"]
        if line["name"] == "Service 10 %"
    )
    assert charges == [(Decimal(10), 220), (Decimal(20), 50)]
    assert sale["total"] == 2200 + 500 + 270


def test_an_order_taken_away_takes_the_take_away_rates(shop, cashier_api, manager_api):
    _settings(manager_api, takeaway_rates="10:5.5")
    (table, *_rest) = make_floor(manager_api)
    order = ok(add(cashier_api, seat(cashier_api, table), {"product_id": shop["STEAK"]}))
    order = ok(add(cashier_api, order, {"product_id": shop["BEER"]}))
    order = ok(_options(cashier_api, order, take_away=True))
    assert order["take_away"] is True
    bill = _bill(cashier_api, order)
    sale = ok(pay(cashier_api, bill), 201)
    # The steak's 10 % becomes 5.5 %; the beer's 20 % is not mapped and stays.
    assert _rates(sale) == {"Steak": Decimal("5.5"), "Beer": Decimal(20)}
    assert sale["total"] == 2700  # prices include tax: the price stays, the tax is less
    steak = next(line for line in sale["lines"] if line["name"] == "Steak")
    assert steak["tax"] == round(Decimal(2200) * Decimal("5.5") / Decimal("105.5"))


def test_a_counter_sale_taken_away(shop, cashier_api, manager_api):
    """Without a table: the sale's ``plugin_data.restaurant.take_away`` decides."""
    _settings(manager_api, takeaway_rates="10:5.5, 20:10")
    body = {
        "register_id": 1,
        "lines": [
            {"product_id": shop["SALAD"], "quantity": "1"},
            {"product_id": shop["BEER"], "quantity": "1"},
        ],
    }
    eaten_in = ok(cashier_api.post("/api/v1/sales/quote", json=body))
    assert [Decimal(line["tax_rate"]) for line in eaten_in["lines"]] == [10, 20]
    away = {**body, "plugin_data": {"restaurant": {"take_away": True}}}
    quoted = ok(cashier_api.post("/api/v1/sales/quote", json=away))
    assert [Decimal(line["tax_rate"]) for line in quoted["lines"]] == [Decimal("5.5"), 10]
    sale = ok(
        cashier_api.post(
            "/api/v1/sales",
            json={
                **away,
                "id": str(uuid.uuid4()),
                "payments": [{"method": "cash", "amount": 1450}],
            },
        ),
        201,
    )
    assert _rates(sale) == {"Salad": Decimal("5.5"), "Beer": Decimal(10)}


def test_options_need_the_version_read_and_settings_are_checked(shop, cashier_api, manager_api):
    (table, *_rest) = make_floor(manager_api)
    order = seat(cashier_api, table)
    ok(_options(cashier_api, order, take_away=True))
    stale = _options(cashier_api, order, service_charge=True)
    assert stale.status_code == 409 and stale.get_json()["order"]["service_charge"] is False
    for bad in (
        {"takeaway_rates": "10-5.5"},
        {"takeaway_rates": "10:150"},
        {"service_percent": "120"},
    ):
        answer = manager_api.patch("/api/v1/settings/restaurant", json=bad)
        assert answer.status_code == 422, (bad, answer.get_json())
    settings = ok(manager_api.get("/api/v1/settings/restaurant"))
    assert settings["takeaway_rates"] == "" and Decimal(settings["service_percent"]) == 0


def _offline_sale(shop, salad_rate, plugin_data=None):
    body = {
        "id": str(uuid.uuid4()),
        "register_id": 1,
        "offline": True,
        "completed_at": dt.datetime.now(dt.UTC).isoformat(),
        "lines": [
            {
                "product_id": shop["SALAD"],
                "quantity": "1",
                "unit_price": 950,
                "tax_rate": salad_rate,
            }
        ],
        "payments": [{"method": "card", "amount": 950}],
    }
    if plugin_data is not None:
        body["plugin_data"] = {"restaurant": plugin_data}
    return body


def test_a_take_away_sale_made_offline_keeps_its_take_away_rate(shop, cashier_api, manager_api):
    """The till mirrors the rates offline (static/pricing.js, from the rates the cart
    carries); the server's offline check accepts them for a sale taken away, only."""
    _settings(manager_api, takeaway_rates="10:5.5")
    rates = ok(cashier_api.get("/api/v1/restaurant/till-settings"))["takeaway_rates"]
    assert rates == [["10.0", "5.5"]]
    away = {"take_away": True, "takeaway_rates": rates}
    sale = ok(cashier_api.post("/api/v1/sales", json=_offline_sale(shop, "5.5", away)), 201)
    assert _rates(sale) == {"Salad": Decimal("5.5")}
    # Eaten in, the take-away rate is no rate the salad ever had.
    refused = cashier_api.post("/api/v1/sales", json=_offline_sale(shop, "5.5"))
    assert refused.status_code == 422
    assert refused.get_json()["error"]["code"] == "offline_price_unknown"
    # Its own rate stays one the catalog had: charging more tax is no offence.
    ok(cashier_api.post("/api/v1/sales", json=_offline_sale(shop, "10.0", away)), 201)


def test_the_bill_of_an_order_taken_away_carries_the_rates_for_the_till(
    shop, cashier_api, manager_api
):
    _settings(manager_api, takeaway_rates="10:5.5, 20:10")
    (table, *_rest) = make_floor(manager_api)
    order = ok(add(cashier_api, seat(cashier_api, table), {"product_id": shop["SALAD"]}))
    assert "takeaway_rates" not in _bill(cashier_api, order)["body"]["plugin_data"]["restaurant"]
    order = ok(_options(cashier_api, order, take_away=True))
    data = _bill(cashier_api, order)["body"]["plugin_data"]["restaurant"]
    assert data["takeaway_rates"] == [["10.0", "5.5"], ["20.0", "10.0"]]


def test_the_till_settings_say_whether_the_till_opens_on_the_floor(cashier_api, manager_api):
    # A restaurant serves tables first: on unless the merchant turns it off.
    assert ok(cashier_api.get("/api/v1/restaurant/till-settings"))["open_on_floor"] is True
    _settings(manager_api, open_on_floor=False)
    assert ok(cashier_api.get("/api/v1/restaurant/till-settings"))["open_on_floor"] is False
