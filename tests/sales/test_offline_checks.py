"""An offline sale is checked against what the till could have known (issue 18, item 4):
a cashier's token sent ``"offline": true`` with a price of 0.01 at 0 % tax, dated 2019,
and it was recorded. Prices must be versions the catalog had within the store's offline
window, and the time within bounds of the server's clock; else a 422, nothing written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sale_helpers import counts, sale_body

from core.catalog.models import Product, TaxRate
from core.catalog.price_history import ProductPrice
from core.db import db

COFFEE = {"barcode": "3017620422003", "quantity": 2}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _offline(unit_price=250, tax_rate="20.0", completed_at=None):
    return sale_body(
        dict(COFFEE, unit_price=unit_price, tax_rate=tax_rate),
        offline=True,
        completed_at=(completed_at or _now()).isoformat(),
    )


def _history(app, product_id, *versions):
    """Replace the product's price history with ``(age, price, rate)`` versions."""
    with app.app_context():
        db.session.execute(sa.delete(ProductPrice).where(ProductPrice.product_id == product_id))
        for age, price, rate in versions:
            db.session.add(
                ProductPrice(
                    product_id=product_id,
                    price=price,
                    tax_rate=Decimal(rate),
                    valid_from=_now() - age,
                )
            )
        db.session.commit()


def test_a_price_the_catalog_never_had_is_refused(app, shop, cashier_api):
    before = counts(app)
    response = cashier_api.post("/api/v1/sales", json=_offline(unit_price=1, tax_rate="0.0"))
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "offline_price_unknown"
    assert list(error["fields"]) == ["lines.0.unit_price"]
    assert counts(app) == before


def test_the_right_price_at_the_wrong_rate_is_refused(shop, cashier_api):
    response = cashier_api.post("/api/v1/sales", json=_offline(tax_rate="5.5"))
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "offline_price_unknown"


def test_a_sale_dated_years_ago_or_in_the_future_is_refused(app, shop, cashier_api):
    before = counts(app)
    for moment in (
        dt.datetime(2019, 6, 1, tzinfo=dt.UTC),
        _now() - dt.timedelta(hours=49),
        _now() + dt.timedelta(minutes=10),
    ):
        response = cashier_api.post("/api/v1/sales", json=_offline(completed_at=moment))
        assert response.status_code == 422, moment
        error = response.get_json()["error"]
        assert error["code"] == "completed_at_out_of_range"
        assert list(error["fields"]) == ["completed_at"]
    assert counts(app) == before


def test_the_bounds_are_store_settings(shop, cashier_api, admin_api):
    admin_api.patch("/api/v1/settings/store", json={"offline_max_age_hours": 100})
    moment = _now() - dt.timedelta(hours=60)
    _history(cashier_api.app, shop["COFFEE"], (dt.timedelta(days=10), 250, "20"))
    assert cashier_api.post("/api/v1/sales", json=_offline(completed_at=moment)).status_code == 201


def test_a_price_changed_while_offline_is_accepted_either_side(app, shop, cashier_api):
    """The till sold at 2.50 an hour ago; the catalog has said 3.00 since a minute ago."""
    _history(
        app,
        shop["COFFEE"],
        (dt.timedelta(days=3), 250, "20"),
        (dt.timedelta(minutes=1), 300, "20"),
    )
    an_hour_ago = _now() - dt.timedelta(hours=1)
    old = cashier_api.post("/api/v1/sales", json=_offline(250, completed_at=an_hour_ago))
    assert old.status_code == 201, old.get_json()
    new = cashier_api.post("/api/v1/sales", json=_offline(300))
    assert new.status_code == 201, new.get_json()
    # An hour ago, no till could have known a price set a minute ago.
    early = cashier_api.post("/api/v1/sales", json=_offline(300, completed_at=an_hour_ago))
    assert early.status_code == 422


def test_a_price_gone_long_before_the_sale_is_refused(app, shop, cashier_api):
    _history(
        app,
        shop["COFFEE"],
        (dt.timedelta(days=10), 180, "20"),
        (dt.timedelta(days=5), 250, "20"),
    )
    assert cashier_api.post("/api/v1/sales", json=_offline(180)).status_code == 422
    assert cashier_api.post("/api/v1/sales", json=_offline(250)).status_code == 201


def test_catalog_changes_write_price_versions(app, shop, manager_api):
    """A price edit and a change of a rate's percent each add a version."""
    coffee = shop["COFFEE"]
    assert manager_api.patch(f"/api/v1/products/{coffee}", json={"price": 310}).status_code == 200
    with app.app_context():
        rate_id = db.session.get(Product, coffee).tax_rate_id
        db.session.get(TaxRate, rate_id).rate = Decimal("21")
        db.session.commit()
        versions = db.session.execute(
            sa.select(ProductPrice.price, ProductPrice.tax_rate)
            .where(ProductPrice.product_id == coffee)
            .order_by(ProductPrice.id)
        ).all()
    assert [(p, Decimal(r)) for p, r in versions] == [
        (250, Decimal("20")),
        (310, Decimal("20")),
        (310, Decimal("21")),
    ]
