"""Helpers of the loyalty tests (a module name of its own: test folders share sys.path)."""

from __future__ import annotations

import typing as t
import uuid

import sqlalchemy as sa

from core.db import db


def sale_body(*lines: dict[str, t.Any], payments=None, **extra: t.Any) -> dict[str, t.Any]:
    return {
        "id": str(uuid.uuid4()),
        "register_id": 1,
        "lines": list(lines),
        "payments": payments if payments is not None else [{"method": "cash", "amount": 100000}],
        **extra,
    }


def sell(api, customer_id, *lines, payments=None) -> dict[str, t.Any]:
    response = api.post(
        "/api/v1/sales", json=sale_body(*lines, payments=payments, customer_id=customer_id)
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def refund(api, sale: dict[str, t.Any], line_quantities, payments) -> t.Any:
    """Refund ``[(line index, quantity)]`` of ``sale``, handing back ``payments``."""
    return api.post(
        f"/api/v1/sales/{sale['id']}/refund",
        json={
            "id": str(uuid.uuid4()),
            "lines": [
                {"line_id": sale["lines"][index]["id"], "quantity": quantity}
                for index, quantity in line_quantities
            ],
            "payments": payments,
        },
    )


def points(api, customer_id: int) -> int:
    response = api.get(f"/api/v1/customers/{customer_id}/loyalty")
    assert response.status_code == 200, response.get_json()
    return response.get_json()["points"]


def give_points(api, customer_id: int, amount: int) -> None:
    response = api.post(
        f"/api/v1/customers/{customer_id}/loyalty/adjustments",
        json={"points": amount, "reason": "welcome gift"},
    )
    assert response.status_code == 201, response.get_json()


def set_loyalty(api, **values: t.Any) -> None:
    response = api.patch("/api/v1/settings/loyalty", json=values)
    assert response.status_code == 200, response.get_json()


def ledger_rows(app) -> dict[str, int]:
    """Rows of the loyalty tables and of sales, to check that nothing was written."""
    from core.sales.models import Sale
    from plugins.loyalty.models import LoyaltyAccount, LoyaltyEntry

    with app.app_context():
        return {
            model.__tablename__: db.session.scalar(sa.select(sa.func.count()).select_from(model))
            for model in (LoyaltyAccount, LoyaltyEntry, Sale)
        }
