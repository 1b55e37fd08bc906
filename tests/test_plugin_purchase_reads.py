"""The reads and writes of core.plugins that purchasing builds on: quantities sold per
product over a period (sales velocity) and a product's cost."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import sqlalchemy as sa

from core.audit.models import AuditEntry
from core.db import db
from core.plugins import (
    Invalid,
    find_product_by_sku,
    get_product,
    list_locations,
    product_sales,
    set_product_cost,
    utcnow,
)
from core.testing import Item, make_shop, refund, sell


@pytest.fixture
def shop(manager_api):
    return make_shop(
        manager_api, [Item("TEA", 400), Item("SOAP", 250, sold_by="weight"), Item("RICE", 300)]
    )


def test_product_sales_counts_what_was_sold_net_of_refunds(app, shop, manager_api):
    """Sold quantities add up per product; a refunded unit is not a sale; a product never
    sold is zero; decimals (weighed goods) are kept."""
    sale = sell(manager_api, shop.line("TEA", 3), shop.line("SOAP", "1.250"))
    sell(manager_api, shop.line("TEA", 2))
    refund(manager_api, sale, [(0, 1)], [{"method": "cash", "amount": 400}])
    with app.app_context():
        since = utcnow() - dt.timedelta(days=1)
        sold = product_sales([shop["TEA"], shop["SOAP"], shop["RICE"]], since)
        assert sold == {
            shop["TEA"]: Decimal("4"),
            shop["SOAP"]: Decimal("1.25"),
            shop["RICE"]: Decimal("0"),
        }


def test_product_sales_is_limited_to_the_period_and_the_location(app, shop, manager_api):
    sell(manager_api, shop.line("TEA", 2))
    with app.app_context():
        main = next(location for location in list_locations() if location.is_default)
        later = utcnow() + dt.timedelta(seconds=5)
        assert product_sales([shop["TEA"]], later) == {shop["TEA"]: Decimal("0")}
        since = utcnow() - dt.timedelta(days=1)
        assert product_sales([shop["TEA"]], since, location_id=main.id)[shop["TEA"]] == 2
        assert product_sales([shop["TEA"]], since, location_id=main.id + 99)[shop["TEA"]] == 0
        assert product_sales([], since) == {}


def test_set_product_cost_changes_the_cost_and_audits_it(app, shop):
    with app.app_context():
        view = set_product_cost(shop["RICE"], 175)
        db.session.commit()
        assert view.cost == 175 and get_product(shop["RICE"]).cost == 175
        changes = db.session.scalars(
            sa.select(AuditEntry.changes).where(AuditEntry.action == "catalog.price")
        ).all()
        assert any(change.get("cost") == [None, 175] for change in changes), changes


def test_set_product_cost_refuses_a_bad_amount_and_changes_nothing(app, shop):
    with app.app_context():
        with pytest.raises(Invalid):
            set_product_cost(shop["RICE"], -5)
        db.session.rollback()
        assert get_product(shop["RICE"]).cost is None


def test_find_product_by_sku(app, shop):
    with app.app_context():
        assert find_product_by_sku(" RICE ").id == shop["RICE"]
        assert find_product_by_sku("NOPE") is None
