"""A known shop and sale for the receipt tests, made through the real API."""

from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa
from shop_seed import coffee_and_croissant, open_register_one

from core.db import db
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
        ids = {sku: product.id for sku, product in coffee_and_croissant().items()}
        db.session.commit()
        if open_register:
            open_register_one()
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
