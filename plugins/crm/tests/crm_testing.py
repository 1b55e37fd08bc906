"""Helpers of the crm tests (a module name of its own: test folders share sys.path)."""

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


def row_counts(app) -> dict[str, int]:
    """Rows of the crm tables and of sales, to check that nothing was written."""
    from core.sales.models import Sale
    from plugins.crm.models import ConsentEvent, Customer, CustomerGroup

    with app.app_context():
        return {
            model.__tablename__: db.session.scalar(sa.select(sa.func.count()).select_from(model))
            for model in (Customer, CustomerGroup, ConsentEvent, Sale)
        }


def new_customer(api, **fields: t.Any) -> dict[str, t.Any]:
    body = {"name": "Anne Martin", **fields}
    response = api.post("/api/v1/customers", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def new_group(api, name: str = "Staff", percent: str = "10") -> dict[str, t.Any]:
    response = api.post("/api/v1/customer-groups", json={"name": name, "discount_percent": percent})
    assert response.status_code == 201, response.get_json()
    return response.get_json()
