"""What is sent to the supplier: the order as PDF and CSV."""

from __future__ import annotations

import csv
import io
import re
import zlib

import pytest
from purchasing_testing import add_supplier, draft, offer, ok

pytestmark = pytest.mark.comptoir_plugins("purchasing")


@pytest.fixture
def order(manager_api, shop):
    supplier = add_supplier(manager_api, "Bio Grossiste", vat_number="FR123", address="Lyon")
    offer(manager_api, supplier, shop["RICE"], reference="R-500", cost=180)
    return draft(manager_api, supplier, (shop["RICE"], "10", None), (shop["SOAP"], "2.5", 90))


def test_the_csv_lists_every_line_for_the_suppliers_system(manager_api, order):
    answer = manager_api.get(f"/api/v1/purchase-orders/{order['id']}/csv")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    assert f"{order['reference']}.csv" in answer.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(answer.get_data(as_text=True))))
    assert [
        (
            row["order"],
            row["supplier_reference"],
            row["sku"],
            row["quantity"],
            row["unit_cost"],
            row["line_total"],
        )
        for row in rows
    ] == [
        (order["reference"], "R-500", "RICE", "10", "1.80", "18.00"),
        (order["reference"], "", "SOAP", "2.5", "0.90", "2.25"),
    ]
    assert {row["currency"] for row in rows} == {"EUR"}


def _pdf_text(data: bytes) -> bytes:
    """The PDF's page content, inflated (fpdf2 compresses its streams)."""
    text = b""
    for stream in re.finditer(rb"(?<!end)stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            text += zlib.decompress(stream.group(1))
        except zlib.error:
            text += stream.group(1)
    return text


def test_the_pdf_names_the_order_the_supplier_and_the_lines(manager_api, order):
    answer = manager_api.get(f"/api/v1/purchase-orders/{order['id']}/pdf")
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    data = answer.get_data()
    assert data.startswith(b"%PDF-")
    content = _pdf_text(data)
    for words in (
        order["reference"].encode(),
        b"Bio Grossiste",
        b"FR123",
        b"R-500",
        b"18.00",
        b"20.25",
    ):
        assert words in content, words


def test_the_pdf_of_an_unknown_order_is_a_404(manager_api, shop):
    assert manager_api.get("/api/v1/purchase-orders/999/pdf").status_code == 404
    assert manager_api.get("/api/v1/purchase-orders/999/csv").status_code == 404


def test_russian_names_are_written_in_the_shipped_font(manager_api, shop):
    """Helvetica writes Latin-1 only: an order with Russian names is written in the
    DejaVu Sans the plugin ships, every letter kept (its ToUnicode map names them)."""
    ok(manager_api.patch(f"/api/v1/products/{shop['RICE']}", json={"name": "Гречка"}))
    supplier = add_supplier(manager_api, "Поставщик")
    order = draft(manager_api, supplier, (shop["RICE"], "1", 100))
    answer = manager_api.get(f"/api/v1/purchase-orders/{order['id']}/pdf")
    assert answer.status_code == 200
    content = _pdf_text(answer.get_data())
    assert b"DejaVuSans" in answer.get_data()
    assert b"??????" not in content
    for letter in "ГречкаПоставщик":
        assert f"{ord(letter):04X}".encode() in content.upper(), letter


def test_a_latin_order_stays_in_helvetica(manager_api, order):
    data = manager_api.get(f"/api/v1/purchase-orders/{order['id']}/pdf").get_data()
    assert b"Helvetica" in data and b"DejaVuSans" not in data
