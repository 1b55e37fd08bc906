"""Receipts of sales and refunds: exact text, HTML, ESC/POS, duplicates, plugin sections."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import sqlalchemy as sa
from receipt_shop import make_shop, sell_known_sale

from core.db import db
from core.journal.models import JournalEntry
from core.sales.models import Refund

KNOWN_SALE_TEXT = """\
              Chez Comptoir
              Open every day
             1 rue de la Paix
               75002 Paris
          Tax ID: FR12345678901
------------------------------------------
Receipt R1-000001         2024-03-05 14:07
Register R1        Cashier Camille Cashier
------------------------------------------
Coffee beans 250g
  3 x €2.50                          €7.50
  Discount                          -€0.75
Croissant
  2 x €1.20                          €2.40
------------------------------------------
Subtotal                             €9.90
Discounts                           -€0.75
TOTAL                                €9.15
------------------------------------------
Tax            Base        Tax      Total
5.5%          €2.27      €0.13      €2.40
20%           €5.62      €1.13      €6.75
------------------------------------------
Cash                                €20.00
Change                              €10.85
------------------------------------------
                Thank you!
"""


def _receipt(api, sale_id: str, query: str = "format=text"):
    return api.get(f"/api/v1/sales/{sale_id}/receipt?{query}")


def _duplicates(app, reference: str) -> list[JournalEntry]:
    with app.app_context():
        return db.session.scalars(
            sa.select(JournalEntry).where(
                JournalEntry.kind == "duplicate", JournalEntry.reference == reference
            )
        ).all()


def test_text_receipt_of_a_known_sale(app, cashier_api):
    """The text receipt is 42 columns: store header, receipt number and local time, lines
    with their discounts, totals, the tax breakdown by rate, payments and change."""
    sale = sell_known_sale(app, cashier_api, make_shop(app))
    response = _receipt(cashier_api, sale["id"])
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    text = response.get_data(as_text=True)
    assert text == KNOWN_SALE_TEXT
    assert max(len(line) for line in text.splitlines()) <= 42


def test_text_is_the_default_format(app, cashier_api):
    """Without ``format`` the receipt is text."""
    sale = sell_known_sale(app, cashier_api, make_shop(app))
    response = cashier_api.get(f"/api/v1/sales/{sale['id']}/receipt")
    assert response.get_data(as_text=True) == KNOWN_SALE_TEXT


def test_html_receipt_shows_the_same_figures(app, cashier_api):
    """The HTML receipt carries the same number, totals, taxes and change as the text."""
    sale = sell_known_sale(app, cashier_api, make_shop(app))
    response = _receipt(cashier_api, sale["id"], "format=html")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    for figure in (
        "Chez Comptoir",
        "R1-000001",
        "2024-03-05 14:07",
        "€9.90",
        "-€0.75",
        "€9.15",
        "€2.27",
        "€0.13",
        "€5.62",
        "€1.13",
        "€20.00",
        "€10.85",
        "5.5%",
        "20%",
    ):
        assert figure in html, figure
    assert "DUPLICATE" not in html


def test_html_receipt_escapes_names(app, cashier_api):
    """Text from the catalog is escaped in HTML, never markup."""
    from core.catalog.models import Product

    ids = make_shop(app)
    with app.app_context():
        db.session.execute(
            sa.update(Product).where(Product.id == ids["CROISSANT"]).values(name="<b>Croissant")
        )
        db.session.commit()
    sale = sell_known_sale(app, cashier_api, ids)
    html = _receipt(cashier_api, sale["id"], "format=html").get_data(as_text=True)
    assert "&lt;b&gt;Croissant" in html and "<b>Croissant" not in html


def test_escpos_receipt_is_printer_bytes(app, cashier_api):
    """ESC/POS starts with ESC @ (initialise) and WPC1252 (ESC t 16), ends with the cut
    (GS V 65 0), and holds the receipt's lines in that code page (the euro sign 0x80),
    the total in large type."""
    sale = sell_known_sale(app, cashier_api, make_shop(app))
    response = _receipt(cashier_api, sale["id"], "format=escpos")
    assert response.status_code == 200
    assert response.mimetype == "application/octet-stream"
    data = response.data
    assert data.startswith(b"\x1b@\x1bt\x10")
    assert data.endswith(b"\x1dVA\x00")
    assert b"\x1d!\x11TOTAL" + b" " * 14 + b"\x809.15\n" in data
    assert b"Subtotal" + b" " * 35 + b"\x809.90\n" in data


def _reprint(api, sale_id: str, query: str = "format=text"):
    return api.post(f"/api/v1/sales/{sale_id}/receipt/duplicate?{query}")


def test_duplicate_is_marked_and_journaled(app, cashier_api):
    """``POST .../receipt/duplicate`` answers with the receipt marked DUPLICATE at the top
    and the bottom and appends one ``duplicate`` entry to the register's journal per
    reprint."""
    sale = sell_known_sale(app, cashier_api, make_shop(app), fix_time=False)
    assert _duplicates(app, sale["id"]) == []
    response = _reprint(cashier_api, sale["id"])
    assert response.status_code == 201
    assert response.get_data(as_text=True).count("*** DUPLICATE ***") == 2
    escpos = _reprint(cashier_api, sale["id"], "format=escpos")
    assert escpos.status_code == 201 and escpos.data.endswith(b"\x1dVA\x00")
    entries = _duplicates(app, sale["id"])
    assert len(entries) == 2
    assert entries[0].payload == {
        "of": "sale",
        "record": sale["id"],
        "register": "R1",
        "number": 1,
        "total": 915,
    }


def test_reading_a_duplicate_writes_nothing(app, cashier_api, manager_api):
    """``GET .../receipt?copy=duplicate`` shows the duplicate and writes nothing: no
    journal entry, the register's chain head unmoved (for a sale's and a refund's)."""
    from core.registers.models import Register

    sale = sell_known_sale(app, cashier_api, make_shop(app), fix_time=False)
    refund = manager_api.post(
        f"/api/v1/sales/{sale['id']}/refund",
        json={
            "id": str(uuid.uuid4()),
            "lines": [{"line_id": sale["lines"][0]["id"], "quantity": 1}],
            "payments": [{"method": "cash", "amount": 225}],
        },
    ).get_json()

    def head():
        with app.app_context():
            register = db.session.scalars(sa.select(Register)).one()
            count = db.session.scalar(sa.select(sa.func.count(JournalEntry.id)))
            return register.journal_sequence, register.journal_head, count

    before = head()
    text = _receipt(cashier_api, sale["id"], "copy=duplicate").get_data(as_text=True)
    assert text.count("*** DUPLICATE ***") == 2
    shown = cashier_api.get(f"/api/v1/refunds/{refund['id']}/receipt?copy=duplicate")
    assert shown.status_code == 200 and "DUPLICATE" in shown.get_data(as_text=True)
    assert head() == before
    assert _duplicates(app, sale["id"]) == [] and _duplicates(app, refund["id"]) == []
    recorded = cashier_api.post(f"/api/v1/refunds/{refund['id']}/receipt/duplicate")
    assert recorded.status_code == 201
    assert len(_duplicates(app, refund["id"])) == 1


def test_plain_receipt_is_not_journaled(app, cashier_api):
    """An ordinary print is no duplicate: no mark, no journal entry."""
    sale = sell_known_sale(app, cashier_api, make_shop(app), fix_time=False)
    text = _receipt(cashier_api, sale["id"]).get_data(as_text=True)
    assert "DUPLICATE" not in text
    assert _duplicates(app, sale["id"]) == []


def test_journal_with_duplicates_verifies(app, cashier_api):
    """Duplicate entries are rebuilt from the sale: the journal still verifies, and a
    changed sale total is caught on the duplicate entry too."""
    from core.journal.services import verify
    from core.sales.models import Sale

    sale = sell_known_sale(app, cashier_api, make_shop(app), fix_time=False)
    assert _reprint(cashier_api, sale["id"]).status_code == 201
    with app.app_context():
        assert verify().ok
        db.session.execute(sa.update(Sale).where(Sale.id == sale["id"]).values(total=1))
        db.session.commit()
        kinds = {p.kind for p in verify().problems if p.code == "record_changed"}
    assert "duplicate" in kinds


def test_refund_receipt(app, cashier_api, manager_api):
    """A refund's receipt lists the lines given back, the money handed back and the
    receipt number of the original sale."""
    sale = sell_known_sale(app, cashier_api, make_shop(app))
    coffee = sale["lines"][0]
    response = manager_api.post(
        f"/api/v1/sales/{sale['id']}/refund",
        json={
            "id": str(uuid.uuid4()),
            "lines": [{"line_id": coffee["id"], "quantity": 1}],
            "payments": [{"method": "cash", "amount": 225}],
        },
    )
    assert response.status_code == 201, response.get_json()
    refund_id = response.get_json()["id"]
    with app.app_context():
        db.session.execute(
            sa.update(Refund)
            .where(Refund.id == refund_id)
            .values(created_at=dt.datetime(2024, 3, 6, 9, 30, tzinfo=dt.UTC))
        )
        db.session.commit()
    text = manager_api.get(f"/api/v1/refunds/{refund_id}/receipt").get_data(as_text=True)
    body = text.split("------------------------------------------\n", 1)[1]
    assert body == (
        "Refund R1-000002          2024-03-06 10:30\n"
        "Of receipt R1-000001\n"
        "Register R1          Cashier Marie Manager\n"
        "------------------------------------------\n"
        "Coffee beans 250g\n"
        "  1 x €2.50                          €2.50\n"
        "  Discount                          -€0.25\n"
        "------------------------------------------\n"
        "TOTAL REFUNDED                       €2.25\n"
        "------------------------------------------\n"
        "Tax            Base        Tax      Total\n"
        "20%           €1.87      €0.38      €2.25\n"
        "------------------------------------------\n"
        "Cash                                 €2.25\n"
        "------------------------------------------\n"
        "                Thank you!\n"
    )
    escpos = manager_api.get(f"/api/v1/refunds/{refund_id}/receipt?format=escpos").data
    assert escpos.startswith(b"\x1b@") and escpos.endswith(b"\x1dVA\x00")


def test_unknown_sale_is_404(app, cashier_api):
    """A sale that does not exist has no receipt."""
    make_shop(app)
    assert _receipt(cashier_api, str(uuid.uuid4())).status_code == 404
    assert _receipt(cashier_api, "not-a-uuid").status_code == 404
    missing_refund = cashier_api.get(f"/api/v1/refunds/{uuid.uuid4()}/receipt")
    assert missing_refund.status_code == 404


@pytest.mark.parametrize("query", ["format=pdf", "format=", "copy=original"])
def test_bad_query_is_422(app, cashier_api, query):
    """An unknown format or copy kind is refused, and nothing is journaled."""
    sale = sell_known_sale(app, cashier_api, make_shop(app), fix_time=False)
    response = _receipt(cashier_api, sale["id"], query)
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "invalid"
    assert _duplicates(app, sale["id"]) == []


def test_receipt_needs_credentials(app, cashier_api, client):
    """Without a token or session: 401."""
    sale = sell_known_sale(app, cashier_api, make_shop(app))
    assert client.get(f"/api/v1/sales/{sale['id']}/receipt").status_code == 401


@pytest.mark.comptoir_extra_plugins("receipt_section=receipt_section_plugin")
@pytest.mark.comptoir_plugins("receipt_section")
def test_plugin_section_is_printed(app, cashier_api):
    """An enabled plugin's section appears in text, HTML and ESC/POS, its barcode drawn by
    the printer in ESC/POS."""
    sale = sell_known_sale(app, cashier_api, make_shop(app))
    text = _receipt(cashier_api, sale["id"]).get_data(as_text=True)
    assert (
        "------------------------------------------\n"
        "               Loyalty card\n"
        "Points earned                            9\n"
        "                  LOY42\n"
    ) in text
    assert text.index("Loyalty card") > text.index("Change")
    html = _receipt(cashier_api, sale["id"], "format=html").get_data(as_text=True)
    assert "Loyalty card" in html and "Points earned" in html
    escpos = _receipt(cashier_api, sale["id"], "format=escpos").data
    assert b"\x1dkI\x07{BLOY42" in escpos  # GS k 73: CODE128, 7 bytes
    assert escpos.endswith(b"\x1dVA\x00")


@pytest.mark.comptoir_extra_plugins("failing_hooks=sample_plugins.failing_hooks")
@pytest.mark.comptoir_plugins("failing_hooks")
def test_failing_plugin_section_is_left_out(app, cashier_api):
    """A plugin whose section raises is left out; the receipt still renders in full."""
    sale = sell_known_sale(app, cashier_api, make_shop(app))
    response = _receipt(cashier_api, sale["id"])
    assert response.status_code == 200
    assert response.get_data(as_text=True) == KNOWN_SALE_TEXT
    assert _receipt(cashier_api, sale["id"], "format=escpos").status_code == 200
