"""The restaurant's hooks for other plugins, its report, and its migration branch."""

from __future__ import annotations

import datetime as dt

import pytest
import restaurant_hooks_plugin
import sqlalchemy as sa
from restaurant_testing import add, make_floor, ok, pay, seat

from core.testing import assert_migrations_match_models

pytestmark = pytest.mark.comptoir_plugins("restaurant")


def _paid_dinner(shop, api, manager_api, covers=2):
    (table, *_rest) = make_floor(manager_api)
    order = ok(
        add(
            api,
            seat(api, table, covers),
            {"product_id": shop["STEAK"], "seat": 1},
            {"product_id": shop["BEER"], "seat": 2},
        )
    )
    tickets = ok(
        api.post(
            f"/api/v1/restaurant/orders/{order['id']}/send",
            json={"version": order["version"], "course": 1},
        )
    )
    for ticket in tickets:
        ok(api.post(f"/api/v1/restaurant/tickets/{ticket['id']}/done"))
    sales = []
    for seat_number in (1, 2):
        bill = ok(
            api.post(f"/api/v1/restaurant/orders/{order['id']}/bill", json={"seat": seat_number})
        )
        sales.append(ok(pay(api, bill), 201)["id"])
    return order, sales


@pytest.mark.comptoir_extra_plugins("allergies=restaurant_hooks_plugin")
@pytest.mark.comptoir_plugins("restaurant", "allergies")
def test_other_plugins_add_ticket_rows_and_hear_of_paid_orders(app, shop, cashier_api, manager_api):
    restaurant_hooks_plugin.PAID.clear()
    order, sales = _paid_dinner(shop, cashier_api, manager_api)
    assert restaurant_hooks_plugin.PAID == [(order["id"], sales)]
    with app.app_context():
        from core.plugins import db

        printed = db.session.execute(sa.text("SELECT count(*) FROM device_job")).scalar_one()
    assert printed == 0  # no printer set up: the tickets are on the display only


def test_the_report_counts_covers_spend_turnover_and_preparation(shop, cashier_api, manager_api):
    _paid_dinner(shop, cashier_api, manager_api, covers=2)
    now = dt.datetime.now(dt.UTC)
    query = {
        "from": (now - dt.timedelta(hours=1)).isoformat(),
        "to": (now + dt.timedelta(hours=1)).isoformat(),
    }
    report = ok(manager_api.get("/api/v1/restaurant/report", query_string=query))
    assert report["orders"] == 1 and report["covers"] == 2
    assert report["spend"] == 2200 + 500 and report["spend_per_cover"] == 1350
    assert report["tables"] == 3 and report["turnover"] == 0.33
    stations = {row["station"]: row for row in report["preparation"]}
    assert stations["kitchen"]["tickets"] == 1 and stations["bar"]["tickets"] == 1
    assert stations["kitchen"]["average_seconds"] >= 0
    assert cashier_api.get("/api/v1/restaurant/report", query_string=query).status_code == 403


def test_migrations_match_models(empty_database_url, tmp_path):
    assert_migrations_match_models(empty_database_url, tmp_path, "restaurant")


def test_the_report_page_shows_the_days_figures(app, shop, cashier_api, manager_api):
    from restaurant_testing import sign_in

    _paid_dinner(shop, cashier_api, manager_api, covers=2)
    page = sign_in(app, "manager").get("/restaurant/report")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<dd data-figure="covers">2</dd>' in html
    assert '<dd data-figure="orders">1</dd>' in html
    bad = sign_in(app, "manager").get("/restaurant/report?from=yesterday")
    assert bad.status_code == 200 and "Not a date: yesterday" in bad.get_data(as_text=True)
