"""A small shop for the sales tests: two tax rates, products with barcodes, stock, and
register 1 open with a float of 100.00."""

from __future__ import annotations

from decimal import Decimal

import pytest
from shop_seed import COFFEE_BARCODE, CROISSANT_BARCODE, add_products, open_register_one

from core.db import db
from core.stock.models import StockLevel


@pytest.fixture
def shop(app, manager_api):
    """Products: COFFEE 2.50 (20 %), CROISSANT 1.20 (5.5 %), CHEESE by weight 18.90/kg."""
    with app.app_context():
        products = add_products(
            [
                ("COFFEE", "Coffee beans 250g", 250, "20", COFFEE_BARCODE, "unit"),
                ("CROISSANT", "Croissant", 120, "5.5", CROISSANT_BARCODE, "unit"),
                ("CHEESE", "Comté", 1890, "5.5", "2000000000008", "weight"),
            ]
        )
        for product in products.values():
            db.session.add(
                StockLevel(product_id=product.id, location_id=1, quantity=Decimal("100"))
            )
        ids = {sku: product.id for sku, product in products.items()}
        db.session.commit()
        open_register_one()
    return ids
