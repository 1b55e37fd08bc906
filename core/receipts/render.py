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
import uuid
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

if t.TYPE_CHECKING:
    from .escpos import EscposBuilder

__all__ = [
    "COLUMNS",
    "NUMBER_CODES",
    "PAPERS",
    "WIDTHS",
    "format_money",
    "render_escpos",
    "render_escpos_dict",
    "render_html",
    "render_text",
]

#: Characters per line of the text and HTML receipts (ESC/POS lays out for its paper,
#: see :data:`PAPERS`).
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


#: Paper width in millimetres -> (columns of font A, dots across), at 203 dpi (Epson
#: TM-T20 and TM-m30, Star TSP100, most Xprinter and Rongta models).
PAPERS = {80: (48, 576), 58: (32, 384)}
#: (paper width, printer resolution) -> (columns, dots): 180 dpi printers (the Epson
#: TM-T88 series, Bixolon SRP-350) have 42 columns of 12 dots on 80 mm paper.
WIDTHS = {**{(mm, 203): width for mm, width in PAPERS.items()}, (80, 180): (42, 512)}
#: How the receipt number is printed at the foot of an ESC/POS receipt.
NUMBER_CODES = ("qr", "barcode", "none")


def render_escpos(
    document: ReceiptDocument,
    *,
    open_drawer: bool = False,
    paper_mm: int = 80,
    number_code: str = "qr",
    dpi: int = 203,
) -> bytes:
    """ESC/POS bytes for ``paper_mm`` paper (80: 48 columns, 576 dots; 58: 32 and 384;
    80 mm on a ``dpi=180`` printer: 42 and 512).

    ``ESC @`` and the code page of the document's language first, the store's logo (if
    any) scaled to the paper, the shop's name and the total in large type, the receipt
    number as a QR code or a CODE128 barcode (``number_code``: ``qr``, ``barcode`` or
    ``none``) below the footer, the drawer pulse (if any), then the cut.
    """
    if (paper_mm, dpi) not in WIDTHS:
        raise ValueError(f"paper_mm and dpi: one of {sorted(WIDTHS)}, got {(paper_mm, dpi)!r}")
    if number_code not in NUMBER_CODES:
        raise ValueError(f"number_code: one of {NUMBER_CODES}, got {number_code!r}")
    columns, dots = WIDTHS[(paper_mm, dpi)]
    # Imported here: python-escpos reads its printer database when imported, a third of
    # a second of every worker's start-up for the few that ever print.
    from .escpos import EscposBuilder

    builder = EscposBuilder(columns, dots, locale=document.locale)
    if document.logo:
        builder.logo(document.logo)
    # Double width and height: half the columns.
    for line in textwrap.wrap(document.shop_name, columns // 2) or [""]:
        builder.text(line + "\n", bold=True, align="center", double=True)
    marker = f"\x1e{uuid.uuid4().hex}\x1f"
    body = _render(
        "receipts/receipt.txt",
        document,
        part="body",
        show_title=False,
        columns=columns,
        total_marker=marker,
    )
    before, found, after = body.partition(marker)
    builder.text(before)
    if found:
        total, _, rest = after.partition("\n")
        _big_total(builder, total, marker, columns)
        builder.text(rest)
    for section in document.sections:
        builder.text(
            _render(
                "receipts/receipt.txt",
                document,
                part="sections",
                sections=[section],
                columns=columns,
            )
        )
        if section.barcode:
            builder.barcode(section.barcode)
        if section.qr:
            builder.qr(section.qr)
    builder.text(_render("receipts/receipt.txt", document, part="foot", columns=columns))
    if number_code == "qr":
        builder.qr(document.receipt_number, size=6 if dots > 400 else 4)
    elif number_code == "barcode":
        builder.barcode(document.receipt_number)
    builder.feed()
    if open_drawer:
        builder.pulse()
    return builder.cut().output()


def _big_total(builder: EscposBuilder, piece: str, marker: str, columns: int) -> None:
    """The total's line in double height, and double width too where label and amount
    fit half the columns."""
    label, _, amount = piece.partition(marker)
    half = columns // 2
    if len(label) + len(amount) + 1 <= half:
        line = label + " " * (half - len(label) - len(amount)) + amount
        builder.text(line + "\n", bold=True, double=True)
    else:
        line = label + " " * max(1, columns - len(label) - len(amount)) + amount
        builder.text(line + "\n", bold=True, size=(1, 2))


def _render(template: str, document: ReceiptDocument, **context: t.Any) -> str:
    context.setdefault("show_title", True)
    context.setdefault("native_codes", True)
    context.setdefault("sections", document.sections)
    columns = context.pop("columns", COLUMNS)
    marker = context.pop("total_marker", None)
    return (
        _environment()
        .get_template(template)
        .render(doc=document, **_helpers(document, columns, marker), **context)
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


def _helpers(
    document: ReceiptDocument, width: int = COLUMNS, marker: str | None = None
) -> dict[str, t.Any]:
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
        if len(left) + len(right) + 1 <= width:
            return left + " " * (width - len(left) - len(right)) + right
        wrapped = textwrap.wrap(left, width) or [""]
        last = wrapped[-1]
        if len(last) + len(right) + 1 <= width:
            wrapped[-1] = last + " " * (width - len(last) - len(right)) + right
        else:
            wrapped.append(right.rjust(width))
        return "\n".join(wrapped)

    def center(text: str) -> str:
        return "\n".join(line.center(width).rstrip() for line in wrap(text))

    def wrap(text: str) -> list[str]:
        return textwrap.wrap(text, width) or [""]

    def columns(*cells: str) -> str:
        """A tax table row: the first cell left, the others right-aligned."""
        first, *rest = cells
        cell_width = (width - 8) // max(len(rest), 1)
        return (first.ljust(8) + "".join(cell.rjust(cell_width) for cell in rest)).rstrip()

    def total_row(label: str, amount: str) -> str:
        """The total's line; on paper, marked for the renderer to print it large."""
        if marker is None:
            return row(label, amount)
        return marker + label + marker + amount

    return {
        "_": gettext,
        "total_row": total_row,
        "gettext": gettext,
        "money": money,
        "quantity": quantity,
        "rate": rate,
        "row": row,
        "center": center,
        "wrap": wrap,
        "columns": columns,
        "rule": "-" * width,
        "date": _date(document.issued_at, locale),
    }


def _date(moment: t.Any, locale: str) -> str:
    """The receipt's local time as its language writes it (``05/03/2024 14:07`` in French);
    English keeps the international ``2024-03-05 14:07``, read alike everywhere."""
    if locale.split("_")[0] == "en":
        return moment.strftime("%Y-%m-%d %H:%M")
    return format_datetime(moment, locale, timezone=None)


def render_escpos_dict(data: dict[str, t.Any], **options: t.Any) -> bytes:
    """ESC/POS bytes of a document given as :meth:`ReceiptDocument.to_dict` gave it (what
    the hardware agent receives); ``options`` are :func:`render_escpos`'s."""
    return render_escpos(ReceiptDocument.from_dict(data), **options)
