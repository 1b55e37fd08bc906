"""Receipt endpoints: a sale's or a refund's receipt as text, HTML or ESC/POS bytes.

``?copy=duplicate`` prints a reprint, marked DUPLICATE and recorded in the journal.
"""

from __future__ import annotations

from flask import Response
from flask_babel import gettext as _
from marshmallow import Schema, fields, validate

from ..api.blueprint import ApiBlueprint
from ..db import db, write_transaction
from ..errors import NotFound
from ..sales.models import Refund, Sale
from .document import ReceiptDocument, refund_receipt, sale_receipt
from .journal import append_duplicate_entry
from .render import render_escpos, render_html, render_text

api = ApiBlueprint("receipts_api", __name__, tag="receipts")

FORMATS = ("text", "html", "escpos")


class ReceiptQuerySchema(Schema):
    format = fields.String(load_default="text", validate=validate.OneOf(FORMATS))
    copy = fields.String(load_default=None, validate=validate.OneOf(["duplicate"]))


@api.endpoint(
    "/sales/<uuid:sale_id>/receipt",
    permission="sales.view",
    query=ReceiptQuerySchema,
    binary="application/octet-stream",
    writes=True,
)
def sale_receipt_view(sale_id, query):
    """A sale's receipt: ``format`` is ``text``, ``html`` or ``escpos`` (printer bytes).

    ``copy=duplicate`` marks it as a duplicate and records the reprint in the journal.
    """
    sale = db.session.get(Sale, str(sale_id))
    if sale is None:
        raise NotFound(_("no sale %(id)s", id=sale_id))
    duplicate = _record_duplicate(sale, query)
    return _respond(sale_receipt(sale, duplicate=duplicate), query["format"])


@api.endpoint(
    "/refunds/<uuid:refund_id>/receipt",
    permission="sales.view",
    query=ReceiptQuerySchema,
    binary="application/octet-stream",
    writes=True,
)
def refund_receipt_view(refund_id, query):
    """A refund's (or void's) receipt, in the same formats as a sale's."""
    refund = db.session.get(Refund, str(refund_id))
    if refund is None:
        raise NotFound(_("no refund %(id)s", id=refund_id))
    duplicate = _record_duplicate(refund, query)
    return _respond(refund_receipt(refund, duplicate=duplicate), query["format"])


def _record_duplicate(record: Sale | Refund, query: dict) -> bool:
    """Journal a reprint (``copy=duplicate``); the endpoint's declaration commits it."""
    if query["copy"] != "duplicate":
        return False
    write_transaction()
    append_duplicate_entry(record)
    return True


def _respond(document: ReceiptDocument, fmt: str) -> Response:
    if fmt == "html":
        return Response(render_html(document), mimetype="text/html")
    if fmt == "escpos":
        return Response(render_escpos(document), mimetype="application/octet-stream")
    return Response(render_text(document), content_type="text/plain; charset=utf-8")
