"""Receipts as plugins may read them (re-exported by :mod:`core.plugins`)."""

from __future__ import annotations

from ..db import db
from ..errors import Invalid, NotFound
from ..plugins.context import register_store
from ..sales.models import Sale
from .document import sale_receipt
from .render import render_html, render_text

__all__ = ["render_sale_receipt"]

_RENDERERS = {"text": render_text, "html": render_html}


def render_sale_receipt(sale_id: str, fmt: str = "text", locale: str | None = None) -> str:
    """A completed sale's receipt laid out as ``text`` (42 columns) or ``html`` (a small
    standalone page), in ``locale`` (``"fr"``...) or, when ``None``, the store's language.
    The plugins' receipt sections are included, written in that language too.

    Example (an e-mailed receipt in the customer's language)::

        from core.plugins import render_sale_receipt

        body = render_sale_receipt(sale.id, "text", locale="nl")
        html = render_sale_receipt(sale.id, "html", locale="nl")

    :raises NotFound: no sale has this id.
    :raises Invalid: ``fmt`` is neither ``text`` nor ``html``.
    """
    renderer = _RENDERERS.get(fmt)
    if renderer is None:
        raise Invalid(f"unknown receipt format {fmt!r}", field="format")
    sale = db.session.get(Sale, str(sale_id))
    if sale is None:
        raise NotFound(f"no sale {sale_id}")
    return renderer(sale_receipt(sale, locale=locale, store=register_store(sale.register_id)))
