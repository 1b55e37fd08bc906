"""The till's offline contract: the register owns its receipt numbers, and a sale the
till completed offline is recorded as the customer paid it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sale_helpers import counts, sale_body

from core.db import db

COFFEE = {"barcode": "3017620422003", "quantity": 2}


def _offline(line=COFFEE, unit_price=250, tax_rate="20.0", completed_at=None, **extra):
    """As a till sends it: completed a moment ago at the catalog's price by default."""
    return sale_body(
        dict(line, unit_price=unit_price, tax_rate=tax_rate),
        offline=True,
        completed_at=(completed_at or dt.datetime.now(dt.UTC)).isoformat(),
        **extra,
    )


def test_till_numbers_must_follow_on(app, shop, cashier_api):
    """A number given by the till is taken when it follows the last one, else 409."""
    first = cashier_api.post("/api/v1/sales", json=sale_body(COFFEE, number=1))
    assert first.status_code == 201 and first.get_json()["number"] == 1
    before = counts(app)
    gap = cashier_api.post("/api/v1/sales", json=sale_body(COFFEE, number=3))
    assert gap.status_code == 409
    assert gap.get_json()["error"] == {
        "code": "number_out_of_sequence",
        "message": "receipt number 3 is out of sequence; expected 2",
        "fields": {"number": ["expected 2"]},
    }
    assert cashier_api.post("/api/v1/sales", json=sale_body(COFFEE, number=1)).status_code == 409
    assert counts(app) == before
    assert cashier_api.post("/api/v1/sales", json=sale_body(COFFEE, number=2)).status_code == 201


def test_offline_sale_keeps_the_price_the_till_charged(app, shop, cashier_api, manager_api):
    """The catalog price changed while the till was offline: the sale is recorded at the
    price the customer paid, with the till's completion time."""
    from core.catalog.models import Product

    with app.app_context():
        db.session.get(Product, shop["COFFEE"]).price = 300
        db.session.commit()
    completed_at = dt.datetime.now(dt.UTC).replace(microsecond=0)
    body = _offline(number=1, completed_at=completed_at)
    response = cashier_api.post("/api/v1/sales", json=body)
    assert response.status_code == 201, response.get_json()
    sale = response.get_json()
    assert sale["total"] == 500 and sale["lines"][0]["unit_price"] == 250
    assert sale["completed_at"] == completed_at.isoformat()
    assert sale["data"]["offline"] is True
    replay = cashier_api.post("/api/v1/sales", json=body)
    assert replay.status_code == 200 and replay.get_json() == sale


def test_offline_sale_of_a_product_withdrawn_since(app, shop, cashier_api):
    from core.catalog.models import Product

    with app.app_context():
        db.session.get(Product, shop["COFFEE"]).active = False
        db.session.commit()
    assert cashier_api.post("/api/v1/sales", json=sale_body(COFFEE)).status_code == 422
    assert cashier_api.post("/api/v1/sales", json=_offline()).status_code == 201


def test_offline_sale_is_never_refused_for_stock(app, shop, cashier_api, admin_api):
    """With negative stock refused, an online sale beyond stock is a 422, but goods a till
    sold offline have left the shop: the level goes negative."""
    from core.stock.models import StockLevel

    admin_api.patch("/api/v1/settings/store", json={"allow_negative_stock": False})
    big = {"barcode": "3017620422003", "quantity": 150}
    refused = cashier_api.post(
        "/api/v1/sales", json=sale_body(big, payments=[{"method": "cash", "amount": 50000}])
    )
    assert refused.status_code == 422
    assert refused.get_json()["error"]["code"] == "insufficient_stock"
    accepted = cashier_api.post(
        "/api/v1/sales", json=_offline(big, payments=[{"method": "cash", "amount": 50000}])
    )
    assert accepted.status_code == 201, accepted.get_json()
    with app.app_context():
        assert db.session.get(StockLevel, (shop["COFFEE"], 1)).quantity == Decimal("-50")


def test_prices_in_the_body_only_for_offline_sales(app, shop, cashier_api):
    """Online, the catalog prices: a body naming its own price is refused."""
    before = counts(app)
    online_priced = sale_body(dict(COFFEE, unit_price=1, tax_rate="20.0"))
    assert cashier_api.post("/api/v1/sales", json=online_priced).status_code == 422
    no_prices = sale_body(COFFEE, offline=True, completed_at=dt.datetime.now(dt.UTC).isoformat())
    assert cashier_api.post("/api/v1/sales", json=no_prices).status_code == 422
    no_time = sale_body(dict(COFFEE, unit_price=250, tax_rate="20.0"), offline=True)
    assert cashier_api.post("/api/v1/sales", json=no_time).status_code == 422
    assert counts(app) == before


def test_offline_sale_lines_carry_the_time_the_till_sold_it(app, shop, cashier_api):
    """The reports read a period's lines by the sale's time each line carries: an offline
    sale's lines carry the till's time, not the server's, and its register."""
    from core.reports.services import sales_report
    from core.sales.models import SaleLine

    completed_at = dt.datetime.now(dt.UTC).replace(microsecond=0)
    response = cashier_api.post("/api/v1/sales", json=_offline(completed_at=completed_at))
    assert response.status_code == 201, response.get_json()
    sale = response.get_json()
    with app.app_context():
        lines = db.session.execute(
            sa.select(SaleLine.register_id, SaleLine.completed_at).where(
                SaleLine.sale_id == sale["id"]
            )
        ).all()
        instant = sales_report(completed_at, completed_at + dt.timedelta(microseconds=1), "product")
    assert [tuple(line) for line in lines] == [(sale["register_id"], completed_at)]
    assert [(row["key"], row["items"]) for row in instant["rows"]] == [
        (str(shop["COFFEE"]), "2.000")
    ]
