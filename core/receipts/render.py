"""Laying out a :class:`~core.receipts.document.ReceiptDocument`: 42-column text, HTML and
ESC/POS bytes.

Text and HTML come from the theme's ``receipts/receipt.txt`` and ``receipts/receipt.html``
templates (a theme may override them). ESC/POS is the text layout sent through
:class:`~core.receipts.escpos.EscposBuilder`, with the shop's name in large type and the
sections' barcodes and QR codes drawn by the printer itself.
"""

from __future__ import annotations

import functools
import textwrap
import typing as t
from decimal import Decimal
from pathlib import Path

from babel.support import NullTranslations, Translations
from flask import current_app, has_app_context
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, pass_eval_context, select_autoescape
from jinja2.nodes import EvalContext
from markupsafe import Markup

from ..formatting import format_datetime, format_money, format_quantity, format_rate
from ..plugins.context import current_runtime
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
#: The core's catalogs: a receipt's own words are the core's (a plugin's section arrives
#: already written in the store's language, see :mod:`core.receipts.document`).
CATALOGS = Path(__file__).resolve().parents[1] / "translations"
_ENV_KEY = "comptoir.receipt_env"
_standalone: Environment | None = None


def render_text(document: ReceiptDocument) -> str:
    """The receipt as 42-column plain text."""
    return _render("receipts/receipt.txt", document, part="all", native_codes=False)


def render_html(document: ReceiptDocument) -> str:
    """The receipt as a small standalone HTML page."""
    return _render("receipts/receipt.html", document, part="all", native_codes=False)


def render_escpos(document: ReceiptDocument, *, open_drawer: bool = False) -> bytes:
    """ESC/POS bytes: ``ESC @`` first, the store's logo (if any) as a raster image, a
    full cut last (after the drawer pulse, if any)."""
    builder = EscposBuilder(COLUMNS)
    if document.logo:
        builder.logo(document.logo)
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
        if "comptoir.runtime" not in app.extensions:
            # The host app (a command: `comptoir outbox run` sending an e-mailed
            # receipt) has no theme loader of its own: its current runtime's app has.
            app = current_runtime().app or app
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


@functools.cache
def _translations(locale: str) -> NullTranslations:
    """The core's catalog for ``locale``, read once. Receipts translate with it directly
    rather than through Flask-Babel: a receipt speaks its document's language (the
    store's), whoever asks for it, and the hardware agent renders without an app."""
    return Translations.load(str(CATALOGS), [locale])


def _helpers(document: ReceiptDocument) -> dict[str, t.Any]:
    locale = document.locale or "en"
    catalog = _translations(locale)

    @pass_eval_context
    def gettext(context: EvalContext, message: str, **values: t.Any) -> str:
        # In HTML the translation is markup and the values are escaped into it, as
        # Jinja's own gettext does; in text both stay as they are.
        translated = (
            Markup(catalog.gettext(message)) if context.autoescape else catalog.gettext(message)
        )
        return translated % values if values else translated

    def money(amount: int) -> str:
        return format_money(amount, document.currency, locale)

    def quantity(item: t.Any) -> str:
        return format_quantity(Decimal(item.quantity), item.sold_by, locale)

    def rate(percent: str) -> str:
        return format_rate(Decimal(percent), locale)

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
        "_": gettext,
        "gettext": gettext,
        "money": money,
        "quantity": quantity,
        "rate": rate,
        "row": row,
        "center": center,
        "wrap": wrap,
        "columns": columns,
        "rule": "-" * COLUMNS,
        "date": _date(document.issued_at, locale),
    }


def _date(moment: t.Any, locale: str) -> str:
    """The receipt's local time as its language writes it (``05/03/2024 14:07`` in French);
    English keeps the international ``2024-03-05 14:07``, read alike everywhere."""
    if locale.split("_")[0] == "en":
        return moment.strftime("%Y-%m-%d %H:%M")
    return format_datetime(moment, locale, timezone=None)


def render_escpos_dict(data: dict[str, t.Any]) -> bytes:
    """ESC/POS bytes of a document given as :meth:`ReceiptDocument.to_dict` gave it (what
    the hardware agent receives)."""
    return render_escpos(ReceiptDocument.from_dict(data))
