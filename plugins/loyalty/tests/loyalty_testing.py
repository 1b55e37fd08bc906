"""Helpers of the loyalty tests: points through loyalty's API, and the rows of its tables
(a module name of its own: test folders share sys.path)."""

from __future__ import annotations

import typing as t

import sqlalchemy as sa

from core.plugins import db
from core.testing import sales_count
from plugins.loyalty.models import LoyaltyAccount, LoyaltyEntry


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


def ledger_rows(app, api) -> dict[str, int]:
    """Rows of the loyalty tables, and the sales ``api`` sees: to check nothing was
    written."""
    with app.app_context():
        counts = {
            model.__tablename__: db.session.scalar(sa.select(sa.func.count()).select_from(model))
            for model in (LoyaltyAccount, LoyaltyEntry)
        }
    return {**counts, "sales": sales_count(api)}
