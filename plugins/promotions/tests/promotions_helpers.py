"""Helpers of the promotions tests: promotion and sale bodies."""

from __future__ import annotations

import datetime as dt
import typing as t
import uuid

UTC = dt.UTC
NOW = dt.datetime.now(UTC)


def iso(moment: dt.datetime) -> str:
    return moment.isoformat()


def promotion(**fields: t.Any) -> dict[str, t.Any]:
    """A running 10 % promotion on everything, changed by ``fields``."""
    body = {
        "name": "Ten off",
        "kind": "percent",
        "value": "10",
        "product_ids": [],
        "category_ids": [],
        "starts_at": iso(NOW - dt.timedelta(days=1)),
        "ends_at": iso(NOW + dt.timedelta(days=1)),
    }
    body.update(fields)
    return body


def lines(*pairs: tuple[int, int | str]) -> list[dict[str, t.Any]]:
    return [{"product_id": product_id, "quantity": quantity} for product_id, quantity in pairs]


def cart(*pairs: tuple[int, int | str], **extra: t.Any) -> dict[str, t.Any]:
    return {"register_id": 1, "lines": lines(*pairs), **extra}


def sale(*pairs: tuple[int, int | str], **extra: t.Any) -> dict[str, t.Any]:
    extra.setdefault("payments", [{"method": "cash", "amount": 1_000_000}])
    return {"id": str(uuid.uuid4()), "register_id": 1, "lines": lines(*pairs), **extra}


def create(api: t.Any, **fields: t.Any) -> dict[str, t.Any]:
    response = api.post("/api/v1/promotions", json=promotion(**fields))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def quote(api: t.Any, *pairs: tuple[int, int | str], **extra: t.Any) -> dict[str, t.Any]:
    response = api.post("/api/v1/sales/quote", json=cart(*pairs, **extra))
    assert response.status_code == 200, response.get_json()
    return response.get_json()
