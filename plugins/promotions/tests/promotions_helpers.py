"""Helpers of the promotions tests: promotions made through the plugin's API, quotes, the
coupons of a cart (its plugin data) and the rows of its tables."""

from __future__ import annotations

import datetime as dt
import typing as t

import sqlalchemy as sa

from core.plugins import db
from plugins.promotions.models import Promotion

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


def create(api: t.Any, **fields: t.Any) -> dict[str, t.Any]:
    response = api.post("/api/v1/promotions", json=promotion(**fields))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def coupons(*codes: str) -> dict[str, t.Any]:
    """The part of a cart that brings coupons: ``sell(api, line, **coupons("SUMMER"))``."""
    return {"plugin_data": {"promotions": {"coupons": list(codes)}}}


def quote_body(*lines: dict[str, t.Any], **extra: t.Any) -> dict[str, t.Any]:
    return {"register_id": 1, "lines": list(lines), **extra}


def quote(api: t.Any, *lines: dict[str, t.Any], **extra: t.Any) -> dict[str, t.Any]:
    """The priced cart of ``lines`` (asserting a 200)."""
    response = api.post("/api/v1/sales/quote", json=quote_body(*lines, **extra))
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def promotion_count(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Promotion))
