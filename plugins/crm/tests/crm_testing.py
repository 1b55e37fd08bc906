"""Helpers of the crm tests: customers and groups made through crm's API, and the rows of
crm's tables (a module name of its own: test folders share sys.path)."""

from __future__ import annotations

import typing as t

import sqlalchemy as sa

from core.plugins import db
from core.testing import sales_count
from plugins.crm.models import ConsentEvent, Customer, CustomerGroup


def row_counts(app, api) -> dict[str, int]:
    """Rows of the crm tables, and the sales ``api`` sees: to check nothing was written."""
    with app.app_context():
        counts = {
            model.__tablename__: db.session.scalar(sa.select(sa.func.count()).select_from(model))
            for model in (Customer, CustomerGroup, ConsentEvent)
        }
    return {**counts, "sales": sales_count(api)}


def new_customer(api, **fields: t.Any) -> dict[str, t.Any]:
    body = {"name": "Anne Martin", **fields}
    response = api.post("/api/v1/customers", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def new_group(api, name: str = "Staff", percent: str = "10") -> dict[str, t.Any]:
    response = api.post("/api/v1/customer-groups", json={"name": name, "discount_percent": percent})
    assert response.status_code == 201, response.get_json()
    return response.get_json()
