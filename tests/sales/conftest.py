"""A small shop for the sales tests: two tax rates, products with barcodes, stock, and
register 1 open with a float of 100.00."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from core.catalog.models import Barcode, Product, TaxRate
from core.db import db
from core.stock.models import StockLevel


@pytest.fixture
def shop(app, manager_api):
    """Products: COFFEE 2.50 (20 %), CROISSANT 1.20 (5.5 %), CHEESE by weight 18.90/kg."""
    with app.app_context():
        standard = db.session.scalar(sa.select(TaxRate).where(TaxRate.rate == Decimal("20")))
        if standard is None:
            standard = TaxRate(name="Standard", rate=Decimal("20"), is_default=True)
            db.session.add(standard)
        reduced = TaxRate(name="Reduced", rate=Decimal("5.5"))
        db.session.add(reduced)
        db.session.flush()
        products = {}
        for sku, name, price, rate, code, sold_by in [
            ("COFFEE", "Coffee beans 250g", 250, standard, "3017620422003", "unit"),
            ("CROISSANT", "Croissant", 120, reduced, "4006381333931", "unit"),
            ("CHEESE", "Comté", 1890, reduced, "2000000000008", "weight"),
        ]:
            product = Product(
                sku=sku,
                name=name,
                search_name=name.lower(),
                price=price,
                tax_rate_id=rate.id,
                sold_by=sold_by,
            )
            product.barcodes = [Barcode(code=code)]
            db.session.add(product)
            db.session.flush()
            db.session.add(
                StockLevel(product_id=product.id, location_id=1, quantity=Decimal("100"))
            )
            products[sku] = product.id
        db.session.commit()
    from core.auth.models import User
    from core.registers.services import open_session

    with app.app_context():
        manager = db.session.scalar(sa.select(User).where(User.username == "manager"))
        open_session(1, 10000, manager)
        db.session.commit()
    return products
