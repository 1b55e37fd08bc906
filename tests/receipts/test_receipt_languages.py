"""Receipts are written in the store's language, with its money, quantities, rates and
dates, whoever asks for them: a Dutch shop's receipt is Dutch for a French reader too."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import sqlalchemy as sa
from shop_seed import open_register_one

from core.catalog.models import Barcode, Product, TaxRate
from core.db import db
from core.sales.models import Sale
from core.settings import save_settings

CHEESE_BARCODE = "8710400000014"
WAFFLES_BARCODE = "8710400000021"


def _dutch_shop(app) -> None:
    """A Dutch shop: old cheese by weight at 19.90 a kilo, stroopwafels at 2.49, both
    at 9 % VAT; register 1 open."""
    with app.app_context():
        save_settings(
            "store",
            {
                "name": "Kaashandel Comptoir",
                "locale": "nl",
                "currency": "EUR",
                "timezone": "Europe/Amsterdam",
                "receipt_footer": "Tot ziens!",
            },
        )
        low = TaxRate(name="Laag", rate=Decimal("9"))
        db.session.add(low)
        db.session.flush()
        for sku, name, price, sold_by, code in (
            ("KAAS", "Oude kaas", 1990, "weight", CHEESE_BARCODE),
            ("WAFEL", "Stroopwafels", 249, "unit", WAFFLES_BARCODE),
        ):
            product = Product(
                sku=sku,
                name=name,
                search_name=name.lower(),
                price=price,
                tax_rate_id=low.id,
                sold_by=sold_by,
            )
            product.barcodes = [Barcode(code=code)]
            db.session.add(product)
        db.session.commit()
        open_register_one()


def _sell(app, api) -> str:
    body = {
        "id": str(uuid.uuid4()),
        "register_id": 1,
        "lines": [
            {"barcode": CHEESE_BARCODE, "quantity": "1.235"},
            {"barcode": WAFFLES_BARCODE, "quantity": 2},
        ],
        "payments": [{"method": "cash", "amount": 5000}],
    }
    response = api.post("/api/v1/sales", json=body)
    assert response.status_code == 201, response.get_json()
    sale_id = response.get_json()["id"]
    with app.app_context():
        # 14:07 in Amsterdam, so that the printed time is known.
        db.session.execute(
            sa.update(Sale)
            .where(Sale.id == sale_id)
            .values(completed_at=dt.datetime(2024, 3, 5, 13, 7, tzinfo=dt.UTC))
        )
        db.session.commit()
    return sale_id


def test_a_dutch_receipt_is_dutch_for_every_reader(app, cashier_api):
    """Words from the Dutch catalog, ``1,235 kg`` and ``€ 24,58`` as Dutch writes them,
    the rate as ``9%`` and the date as ``05-03-2024``, though the reader asks for French."""
    _dutch_shop(app)
    sale_id = _sell(app, cashier_api)
    response = cashier_api.get(
        f"/api/v1/sales/{sale_id}/receipt?format=text", headers={"Accept-Language": "fr"}
    )
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    lines = text.splitlines()
    assert "Kassabon R1-000001" in lines[2] and "05-03-2024, 14:07" in lines[2]
    assert lines[5:18] == [
        "Oude kaas",
        "  1,235 kg x € 19,90               € 24,58",
        "Stroopwafels",
        "  2 x € 2,49                        € 4,98",
        "-" * 42,
        "Subtotaal                          € 29,56",
        "TOTAAL                             € 29,56",
        "-" * 42,
        "Btw           Excl.        Btw     Totaal",
        "9%          € 27,12     € 2,44    € 29,56",
        "-" * 42,
        "Contant                            € 50,00",
        "Terug                              € 20,44",
    ]
    assert lines[3] == "Kassa R1           Kassier Camille Cashier"  # the seeded name
    for english in ("Receipt", "Register", "Subtotal", "Change", "Cash ", "Ticket", "Tax"):
        assert english not in text, english
    assert max(len(line) for line in lines) <= 42


def test_html_and_escpos_receipts_are_dutch_too(app, cashier_api):
    _dutch_shop(app)
    sale_id = _sell(app, cashier_api)
    html = cashier_api.get(
        f"/api/v1/sales/{sale_id}/receipt?format=html", headers={"Accept-Language": "ru"}
    ).get_data(as_text=True)
    assert '<html lang="nl">' in html
    for figure in ("Kassabon", "1,235 kg", "€ 24,58", "Subtotaal", "Contant", "Terug", "9%"):
        assert figure in html, figure
    assert 'Kassabon <span class="number">R1-000001</span>' in html
    escpos = cashier_api.get(f"/api/v1/sales/{sale_id}/receipt?format=escpos").data
    assert b"TOTAAL" in escpos and b"1,235 kg" in escpos


def test_the_hardware_agent_prints_the_documents_language_without_an_app(app, cashier_api):
    """A shop PC renders the document the cloud built (``to_dict``), with no app: its
    words and figures still come out in the document's language."""
    from core.receipts.document import ReceiptDocument, sale_receipt
    from core.receipts.render import render_text

    _dutch_shop(app)
    sale_id = _sell(app, cashier_api)
    with app.app_context():
        data = sale_receipt(db.session.get(Sale, sale_id)).to_dict()
    text = render_text(ReceiptDocument.from_dict(data))
    assert "Kassabon R1-000001" in text and "  1,235 kg x € 19,90               € 24,58" in text
    data["locale"] = "ru"
    russian = render_text(ReceiptDocument.from_dict(data))
    assert "Чек R1-000001" in russian and "ИТОГО" in russian and "1,235 кг" in russian
