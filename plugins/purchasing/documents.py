"""What is sent to a supplier: the order as a PDF (fpdf2) and as CSV.

Both are in the store's language (the PDF's words) and its currency; quantities as
decimals, costs per unit and line totals as amounts (``12.50``), not minor units.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from flask_babel import force_locale
from flask_babel import gettext as _
from fpdf import FPDF

from core.plugins import current_store, get_location, get_settings, money_text

from .models import PurchaseOrder
from .services.common import text

CSV_COLUMNS = (
    "order",
    "supplier_reference",
    "sku",
    "name",
    "quantity",
    "unit_cost",
    "line_total",
    "currency",
)


def order_csv(order: PurchaseOrder) -> str:
    """One row per line; a header of stable column names (for the supplier's import)."""
    currency = current_store().currency
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for line in order.lines:
        writer.writerow(
            (
                order.reference,
                line.supplier_reference,
                line.sku,
                line.name,
                text(line.quantity),
                money_text(line.unit_cost, currency),
                money_text(line.total, currency),
                currency,
            )
        )
    return out.getvalue()


#: Shipped with the plugin (DejaVu Sans, a free licence: fonts/LICENSE-DejaVu.txt), for
#: the orders whose names Helvetica cannot write (Cyrillic, Greek...).
SHIPPED_FONT = Path(__file__).resolve().parent / "fonts" / "DejaVuSans.ttf"


class _Writer:
    """fpdf2 with a TrueType font (``font``), or Helvetica (Latin-1 only: a letter it
    cannot write becomes ``?`` and sets ``lossy``, rather than failing the document)."""

    def __init__(self, font: Path | None) -> None:
        self.pdf = FPDF(format="A4")
        self.pdf.set_auto_page_break(True, margin=15)
        self.pdf.add_page()
        self.unicode = font is not None
        self.lossy = False
        if font is not None:
            self.pdf.add_font("order", "", str(font))
            self.family = "order"
        else:
            self.family = "helvetica"

    def clean(self, value: str) -> str:
        if self.unicode:
            return value
        written = value.encode("latin-1", "replace").decode("latin-1")
        self.lossy = self.lossy or written != value
        return written

    def font(self, size: int, bold: bool = False) -> None:
        # A TrueType font added once has no bold face: size tells headings apart.
        self.pdf.set_font(self.family, "B" if bold and not self.unicode else "", size)

    def cell(self, width: float, value: str, align: str = "L", border: int | str = 0) -> None:
        self.pdf.cell(width, 7, self.clean(value), border=border, align=align)

    def lines(self, value: str) -> None:
        self.pdf.multi_cell(0, 5, self.clean(value))


def order_pdf(order: PurchaseOrder) -> bytes:
    """The order in the font the ``pdf_font`` setting names; without one, in Helvetica
    (the smallest file), or in the shipped DejaVu Sans when Helvetica would lose letters
    (a Russian supplier's or product's name)."""
    store = current_store()
    chosen = get_settings("purchasing")["pdf_font"]
    with force_locale(store.locale):
        if chosen and Path(chosen).is_file():
            return _render(order, store, _Writer(Path(chosen)))
        plain = _Writer(None)
        document = _render(order, store, plain)
        if plain.lossy and SHIPPED_FONT.is_file():
            return _render(order, store, _Writer(SHIPPED_FONT))
        return document


def _render(order: PurchaseOrder, store, out: _Writer) -> bytes:
    pdf = out.pdf
    currency = store.currency
    out.font(18, bold=True)
    out.cell(0, _("Purchase order %(ref)s", ref=order.reference))
    pdf.ln(10)
    out.font(10)
    supplier = order.supplier
    location = get_location(order.location_id)
    buyer = "\n".join(
        part
        for part in (
            store.name,
            store.values.get("address", ""),
            _("VAT number: %(number)s", number=store.values["tax_id"])
            if store.values.get("tax_id")
            else "",
            _("Deliver to: %(place)s", place=location.name) if location else "",
        )
        if part
    )
    seller = "\n".join(
        part
        for part in (
            supplier.name,
            supplier.contact,
            supplier.address,
            supplier.email,
            supplier.phone,
            _("VAT number: %(number)s", number=supplier.vat_number) if supplier.vat_number else "",
        )
        if part
    )
    top = pdf.get_y()
    pdf.set_xy(10, top)
    pdf.multi_cell(90, 5, out.clean(buyer))
    left_end = pdf.get_y()
    pdf.set_xy(110, top)
    pdf.multi_cell(90, 5, out.clean(seller))
    pdf.set_y(max(left_end, pdf.get_y()) + 4)
    when = order.sent_at or order.created_at
    out.cell(0, _("Date: %(date)s", date=when.date().isoformat()))
    pdf.ln(10)
    widths = (30, 25, 60, 20, 25, 30)
    out.font(9, bold=True)
    for width, title, align in zip(
        widths,
        (
            _("Your reference"),
            _("Our SKU"),
            _("Product"),
            _("Quantity"),
            _("Unit cost"),
            _("Total"),
        ),
        ("L", "L", "L", "R", "R", "R"),
        strict=True,
    ):
        out.cell(width, title, align, border="B")
    pdf.ln()
    out.font(9)
    for line in order.lines:
        values = (
            line.supplier_reference,
            line.sku,
            line.name[:40],
            text(line.quantity),
            money_text(line.unit_cost, currency),
            money_text(line.total, currency),
        )
        for width, value, align in zip(widths, values, ("L", "L", "L", "R", "R", "R"), strict=True):
            out.cell(width, value, align)
        pdf.ln()
    out.font(10, bold=True)
    out.cell(sum(widths[:-1]), _("Total (%(currency)s)", currency=currency), "R", border="T")
    out.cell(widths[-1], money_text(order.total, currency), "R", border="T")
    pdf.ln(12)
    if order.note:
        out.font(10)
        out.lines(order.note)
    return bytes(pdf.output())
