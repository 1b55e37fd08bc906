"""Helpers of the catalog tests."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.catalog.models import Barcode, Product, ProductSearchTerm
from core.db import db
from core.stock.models import StockLevel, StockMovement


@pytest.fixture
def counts(app):
    """A snapshot of the catalog's and stock's row counts, to prove nothing was written."""

    def take() -> dict[str, int]:
        with app.app_context():
            return {
                model.__tablename__: db.session.scalar(
                    sa.select(sa.func.count()).select_from(model)
                )
                for model in (Product, Barcode, ProductSearchTerm, StockLevel, StockMovement)
            }

    return take


@pytest.fixture
def reduced_rate(manager_api) -> dict:
    """A 5.5 % rate beside the default 20 %."""
    response = manager_api.post("/api/v1/tax-rates", json={"name": "Reduced", "rate": "5.5"})
    assert response.status_code == 201, response.json
    return response.json


@pytest.fixture
def create(manager_api):
    """``create(**fields)``: POST a product as the manager; returns its JSON."""

    def make(**fields) -> dict:
        body = {"name": "Thing", "price": 100, **fields}
        response = manager_api.post("/api/v1/products", json=body)
        assert response.status_code == 201, response.json
        return response.json

    return make
