"""Laying out a :class:`~core.receipts.document.ReceiptDocument`: 42-column text, HTML and
ESC/POS bytes.

Text and HTML come from the theme's ``receipts/receipt.txt`` and ``receipts/receipt.html``
templates (a theme may override them). ESC/POS is the text layout sent through
:class:`~core.receipts.escpos.EscposBuilder`, with the shop's name in large type and the
sections' barcodes and QR codes drawn by the printer itself.
"""

from __future__ import annotations

import textwrap
import typing as t
from decimal import Decimal

from babel.numbers import format_currency, get_currency_precision
from flask import current_app, has_app_context
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape

from ..theming import DEFAULT_THEME, THEMES_ROOT
from .document import ReceiptDocument
from .escpos import EscposBuilder

__all__ = [
    "COLUMNS",
    "format_money",
    "render_escpos",
    "render_escpos_dict",
    "render_html",
    "render_text",
]

#: Characters per line of an 80 mm printer in its standard font.
COLUMNS = 42
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})
_ENV_KEY = "comptoir.receipt_env"
_standalone: Environment | None = None


def format_money(amount: int, currency: str, locale: str) -> str:
    """``1250`` -> ``€12.50`` (``en``) or ``12,50 €`` (``fr``), with ordinary spaces, which
    every printer code page has.

    Example::

        ReceiptRow("Balance", format_money(card.balance, sale.currency, store.values["locale"]))
    """
    digits = get_currency_precision(currency)
    value = Decimal(amount).scaleb(-digits)
    return format_currency(value, currency, locale=locale).translate(_SPACES)


def render_text(document: ReceiptDocument) -> str:
    """The receipt as 42-column plain text."""
    return _render("receipts/receipt.txt", document, part="all", native_codes=False)


def render_html(document: ReceiptDocument) -> str:
    """The receipt as a small standalone HTML page."""
    return _render("receipts/receipt.html", document, part="all", native_codes=False)


def render_escpos(document: ReceiptDocument, *, open_drawer: bool = False) -> bytes:
    """ESC/POS bytes: ``ESC @`` first, a full cut last (after the drawer pulse, if any)."""
    builder = EscposBuilder(COLUMNS)
    builder.text(document.shop_name + "\n", bold=True, align="center", double=True)
    builder.text(_render("receipts/receipt.txt", document, part="body", show_title=False))
    for section in document.sections:
        builder.text(_render("receipts/receipt.txt", document, part="sections", sections=[section]))
        if section.barcode:
            builder.barcode(section.barcode)
        if section.qr:
            builder.qr(section.qr)
    builder.text(_render("receipts/receipt.txt", document, part="foot"))
    if open_drawer:
        builder.pulse()
    return builder.cut().output()


def _render(template: str, document: ReceiptDocument, **context: t.Any) -> str:
    context.setdefault("show_title", True)
    context.setdefault("native_codes", True)
    context.setdefault("sections", document.sections)
    return (
        _environment().get_template(template).render(doc=document, **_helpers(document), **context)
    )


def _environment() -> Environment:
    """The app's template lookup (active theme first) when there is an app, else the
    default theme's (the hardware agent on a shop PC)."""
    global _standalone
    if has_app_context():
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        env = app.extensions.get(_ENV_KEY)
        if env is None:
            env = app.extensions[_ENV_KEY] = _new_environment(app.jinja_loader)
        return env
    if _standalone is None:
        _standalone = _new_environment(
            FileSystemLoader(str(THEMES_ROOT / DEFAULT_THEME / "templates"))
        )
    return _standalone


def _new_environment(loader: t.Any) -> Environment:
    # Own environment rather than the app's: receipts need trim_blocks and lstrip_blocks
    # for an exact text layout, which the page templates are not written for.
    return Environment(
        loader=ChoiceLoader([loader]),
        autoescape=select_autoescape(["html"], default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _helpers(document: ReceiptDocument) -> dict[str, t.Any]:
    def money(amount: int) -> str:
        return format_money(amount, document.currency, document.locale)

    def row(left: str, right: str = "") -> str:
        """``left`` and ``right`` on one line, or ``left`` wrapped above ``right``."""
        if len(left) + len(right) + 1 <= COLUMNS:
            return left + " " * (COLUMNS - len(left) - len(right)) + right
        wrapped = textwrap.wrap(left, COLUMNS) or [""]
        last = wrapped[-1]
        if len(last) + len(right) + 1 <= COLUMNS:
            wrapped[-1] = last + " " * (COLUMNS - len(last) - len(right)) + right
        else:
            wrapped.append(right.rjust(COLUMNS))
        return "\n".join(wrapped)

    def center(text: str) -> str:
        return "\n".join(line.center(COLUMNS).rstrip() for line in wrap(text))

    def wrap(text: str) -> list[str]:
        return textwrap.wrap(text, COLUMNS) or [""]

    def columns(*cells: str) -> str:
        """A tax table row: the first cell left, the others right-aligned."""
        first, *rest = cells
        width = (COLUMNS - 8) // max(len(rest), 1)
        return (first.ljust(8) + "".join(cell.rjust(width) for cell in rest)).rstrip()

    return {
        "money": money,
        "row": row,
        "center": center,
        "wrap": wrap,
        "columns": columns,
        "rule": "-" * COLUMNS,
        "date": document.issued_at.strftime("%Y-%m-%d %H:%M"),
    }


def render_escpos_dict(data: dict[str, t.Any]) -> bytes:
    """ESC/POS bytes of a document given as :meth:`ReceiptDocument.to_dict` gave it (what
    the hardware agent receives)."""
    return render_escpos(ReceiptDocument.from_dict(data))
