"""Known sales for the report tests, made through the real API then dated.

In Paris time (UTC+1 in March):

- S1, cashier, 2024-03-04 10:15: 2 coffees (2.50, 20 %), 10.00 cash, change 5.00.
  total 500, net 417, tax 83.
- S2, cashier, 2024-03-04 23:30: 1 coffee at 10 % off and 3 croissants (1.20, 5.5 %),
  5.85 by card. total 585 (225 + 360), net 528 (187 + 341), tax 57 (38 + 19), off 25.
- S3, manager, 2024-03-05 00:30 (still March 4 in UTC): 1 croissant, 1.00 card and
  0.50 cash, change 0.30. total 120, net 114, tax 6.
- R, manager, 2024-03-05 11:00: one coffee of S1 refunded, 2.50 cash (tax 42).
- S0, cashier, 2024-03-01 12:00: 1 coffee, outside the reported period.
"""

from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa
from shop_seed import coffee_and_croissant, open_register_one

from core.db import db
from core.sales.models import Refund, Sale, SaleLine
from core.settings import save_settings

UTC = dt.UTC


def _at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def make_report_shop(app, cashier_api, manager_api) -> dict[str, str]:
    """The shop and the sales above; returns their ids by name (and the products' ids
    under ``COFFEE`` and ``CROISSANT``)."""
    with app.app_context():
        save_settings("store", {"timezone": "Europe/Paris"})
        products = {sku: str(product.id) for sku, product in coffee_and_croissant("Coffee").items()}
        db.session.commit()
        open_register_one()

    coffee, croissant = "3017620422003", "4006381333931"
    ids = {
        "S1": sell(cashier_api, [(coffee, "2", None)], [("cash", 1000)]),
        "S2": sell(cashier_api, [(coffee, "1", "10"), (croissant, "3", None)], [("card", 585)]),
        "S3": sell(manager_api, [(croissant, "1", None)], [("card", 100), ("cash", 50)]),
        "S0": sell(cashier_api, [(coffee, "1", None)], [("cash", 250)]),
        **products,
    }
    s1 = cashier_api.get(f"/api/v1/sales/{ids['S1']}").get_json()
    response = manager_api.post(
        f"/api/v1/sales/{ids['S1']}/refund",
        json={
            "id": str(uuid.uuid4()),
            "lines": [{"line_id": s1["lines"][0]["id"], "quantity": 1}],
            "payments": [{"method": "cash", "amount": 250}],
        },
    )
    assert response.status_code == 201, response.get_json()
    ids["R"] = response.get_json()["id"]

    times = {
        "S1": _at(2024, 3, 4, 9, 15),
        "S2": _at(2024, 3, 4, 22, 30),
        "S3": _at(2024, 3, 4, 23, 30),
        "S0": _at(2024, 3, 1, 11, 0),
    }
    with app.app_context():
        for name, moment in times.items():
            db.session.execute(
                sa.update(Sale).where(Sale.id == ids[name]).values(completed_at=moment)
            )
            # A line carries its sale's time (the reports read the lines alone).
            db.session.execute(
                sa.update(SaleLine).where(SaleLine.sale_id == ids[name]).values(completed_at=moment)
            )
        db.session.execute(
            sa.update(Refund).where(Refund.id == ids["R"]).values(created_at=_at(2024, 3, 5, 10))
        )
        db.session.commit()
    return ids


def sell(api, lines, payments) -> str:
    body = {
        "id": str(uuid.uuid4()),
        "register_id": 1,
        "lines": [
            {"barcode": code, "quantity": quantity}
            | ({"discount_percent": percent} if percent else {})
            for code, quantity, percent in lines
        ],
        "payments": [{"method": method, "amount": amount} for method, amount in payments],
    }
    response = api.post("/api/v1/sales", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]
