"""Fixtures of the register tests: register R1, a small shop, and selling through the API."""

from __future__ import annotations

import typing as t
import uuid
from decimal import Decimal

import pytest
import sqlalchemy as sa

from core.db import db


@pytest.fixture
def register_id(app) -> int:
    """The seeded register R1 (closed)."""
    from core.registers.models import Register

    with app.app_context():
        return db.session.scalar(sa.select(Register.id).where(Register.code == "R1"))


@pytest.fixture
def products(app) -> dict[str, int]:
    """COFFEE 2.50 at 20 % and CROISSANT 1.20 at 5.5 %, prices tax-inclusive."""
    from core.catalog.models import Product, TaxRate

    with app.app_context():
        standard = TaxRate(name="Standard", rate=Decimal("20"))
        reduced = TaxRate(name="Reduced", rate=Decimal("5.5"))
        db.session.add_all([standard, reduced])
        db.session.flush()
        ids = {}
        for sku, price, rate in [("COFFEE", 250, standard), ("CROISSANT", 120, reduced)]:
            product = Product(
                sku=sku,
                name=sku.title(),
                search_name=sku.lower(),
                price=price,
                tax_rate_id=rate.id,
            )
            db.session.add(product)
            db.session.flush()
            ids[sku] = product.id
        db.session.commit()
        return ids


@pytest.fixture
def sell(cashier_api, register_id, products) -> t.Callable[..., dict]:
    """``sell({"COFFEE": 2}, [("cash", 1000)])``: complete a sale at R1 through the API."""

    def do(quantities: dict[str, int], payments: list[tuple[str, int]]) -> dict:
        body = {
            "id": str(uuid.uuid4()),
            "register_id": register_id,
            "lines": [{"product_id": products[s], "quantity": q} for s, q in quantities.items()],
            "payments": [{"method": m, "amount": a} for m, a in payments],
        }
        response = cashier_api.post("/api/v1/sales", json=body)
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    return do
