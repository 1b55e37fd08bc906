"""A known shop and sale for the receipt tests, made through the real API."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import sqlalchemy as sa

from core.auth.models import User
from core.catalog.models import Barcode, Product, TaxRate
from core.db import db
from core.registers.services import open_session
from core.sales.models import Sale
from core.settings import save_settings

#: When the known sale is said to be completed (14:07 in Paris).
COMPLETED_AT = dt.datetime(2024, 3, 5, 13, 7, tzinfo=dt.UTC)


def make_shop(app, *, open_register: bool = True) -> dict[str, int]:
    """Coffee 2.50 at 20 % (barcode 3017620422003), Croissant 1.20 at 5.5 %; register 1
    open with 100.00; the store named, addressed and in Paris time."""
    with app.app_context():
        save_settings(
            "store",
            {
                "name": "Chez Comptoir",
                "address": "1 rue de la Paix\n75002 Paris",
                "tax_id": "FR12345678901",
                "receipt_header": "Open every day",
                "receipt_footer": "Thank you!",
                "timezone": "Europe/Paris",
            },
        )
        standard = db.session.scalar(sa.select(TaxRate).where(TaxRate.rate == Decimal("20")))
        if standard is None:
            standard = TaxRate(name="Standard", rate=Decimal("20"), is_default=True)
            db.session.add(standard)
        reduced = TaxRate(name="Reduced", rate=Decimal("5.5"))
        db.session.add(reduced)
        db.session.flush()
        ids = {}
        for sku, name, price, rate, code in [
            ("COFFEE", "Coffee beans 250g", 250, standard, "3017620422003"),
            ("CROISSANT", "Croissant", 120, reduced, "4006381333931"),
        ]:
            product = Product(
                sku=sku, name=name, search_name=name.lower(), price=price, tax_rate_id=rate.id
            )
            product.barcodes = [Barcode(code=code)]
            db.session.add(product)
            db.session.flush()
            ids[sku] = product.id
        db.session.commit()
        if open_register:
            manager = db.session.scalar(sa.select(User).where(User.username == "manager"))
            open_session(1, 10000, manager)
            db.session.commit()
    return ids


def sell_known_sale(app, api, ids: dict[str, int], *, fix_time: bool = True) -> dict:
    """3 coffees with 10 % off and 2 croissants, 20.00 cash: total 9.15, change 10.85.

    ``fix_time`` moves its completion to :data:`COMPLETED_AT` (the journal then no longer
    matches it: do not combine with journal checks)."""
    body = {
        "id": str(uuid.uuid4()),
        "register_id": 1,
        "lines": [
            {"barcode": "3017620422003", "quantity": "3", "discount_percent": "10"},
            {"product_id": ids["CROISSANT"], "quantity": 2},
        ],
        "payments": [{"method": "cash", "amount": 2000}],
    }
    response = api.post("/api/v1/sales", json=body)
    assert response.status_code == 201, response.get_json()
    sale = response.get_json()
    if not fix_time:
        return sale
    with app.app_context():
        # Fixed so that the receipt's date is known; the test is about layout.
        db.session.execute(
            sa.update(Sale).where(Sale.id == sale["id"]).values(completed_at=COMPLETED_AT)
        )
        db.session.commit()
    return sale
