"""Receipt endpoints: a sale's or a refund's receipt as text, HTML or ESC/POS bytes.

``?copy=duplicate`` shows the receipt marked DUPLICATE and writes nothing (a GET only
reads). Printing a reprint is recorded in the journal by its own ``POST .../duplicate``,
which answers with the duplicate to print.
"""

from __future__ import annotations

from flask import Response
from flask_babel import gettext as _
from marshmallow import Schema, fields, validate

from ..api.blueprint import ApiBlueprint
from ..db import db, write_transaction
from ..errors import NotFound
from ..plugins.context import register_store
from ..sales.models import Refund, Sale
from .document import ReceiptDocument, refund_receipt, sale_receipt
from .journal import append_duplicate_entry
from .render import render_escpos, render_html, render_text

api = ApiBlueprint("receipts_api", __name__, tag="receipts")

FORMATS = ("text", "html", "escpos")


class FormatQuerySchema(Schema):
    format = fields.String(load_default="text", validate=validate.OneOf(FORMATS))


class ReceiptQuerySchema(FormatQuerySchema):
    copy = fields.String(load_default=None, validate=validate.OneOf(["duplicate"]))


def _sale(sale_id) -> Sale:
    sale = db.session.get(Sale, str(sale_id))
    if sale is None:
        raise NotFound(_("no sale %(id)s", id=sale_id))
    return sale


def _refund(refund_id) -> Refund:
    refund = db.session.get(Refund, str(refund_id))
    if refund is None:
        raise NotFound(_("no refund %(id)s", id=refund_id))
    return refund


@api.endpoint(
    "/sales/<uuid:sale_id>/receipt",
    permission="sales.view",
    query=ReceiptQuerySchema,
    binary="application/octet-stream",
)
def sale_receipt_view(sale_id, query):
    """A sale's receipt: ``format`` is ``text``, ``html`` or ``escpos`` (printer bytes).

    ``copy=duplicate`` shows it marked DUPLICATE; writes nothing (to print a reprint,
    ``POST`` to ``/receipt/duplicate``, which journals it).
    """
    duplicate = query["copy"] == "duplicate"
    return _respond(_sale_document(_sale(sale_id), duplicate), query["format"])


@api.endpoint(
    "/sales/<uuid:sale_id>/receipt/duplicate",
    methods=["POST"],
    permission="sales.view",
    query=FormatQuerySchema,
    binary="application/octet-stream",
    status=201,
)
def sale_duplicate(sale_id, query):
    """Record a reprint of a sale's receipt in the journal (a ``duplicate`` entry) and
    answer with the duplicate to print, in ``format``."""
    sale = _sale(sale_id)
    _record_duplicate(sale)
    return _respond(_sale_document(sale, True), query["format"], 201)


@api.endpoint(
    "/refunds/<uuid:refund_id>/receipt",
    permission="sales.view",
    query=ReceiptQuerySchema,
    binary="application/octet-stream",
)
def refund_receipt_view(refund_id, query):
    """A refund's (or void's) receipt, in the same formats as a sale's; writes nothing."""
    duplicate = query["copy"] == "duplicate"
    return _respond(_refund_document(_refund(refund_id), duplicate), query["format"])


@api.endpoint(
    "/refunds/<uuid:refund_id>/receipt/duplicate",
    methods=["POST"],
    permission="sales.view",
    query=FormatQuerySchema,
    binary="application/octet-stream",
    status=201,
)
def refund_duplicate(refund_id, query):
    """Record a reprint of a refund's (or void's) receipt in the journal and answer with
    the duplicate to print."""
    refund = _refund(refund_id)
    _record_duplicate(refund)
    return _respond(_refund_document(refund, True), query["format"], 201)


def _sale_document(sale: Sale, duplicate: bool) -> ReceiptDocument:
    """The sale's receipt with its register's shop on it (``pos_store_of_register``)."""
    return sale_receipt(sale, duplicate=duplicate, store=register_store(sale.register_id))


def _refund_document(refund: Refund, duplicate: bool) -> ReceiptDocument:
    return refund_receipt(refund, duplicate=duplicate, store=register_store(refund.register_id))


def _record_duplicate(record: Sale | Refund) -> None:
    """Journal a reprint; the endpoint's declaration commits it."""
    write_transaction()
    append_duplicate_entry(record)


def _respond(document: ReceiptDocument, fmt: str, status: int = 200) -> Response:
    if fmt == "html":
        return Response(render_html(document), status=status, mimetype="text/html")
    if fmt == "escpos":
        return Response(render_escpos(document), status=status, mimetype="application/octet-stream")
    return Response(render_text(document), status=status, content_type="text/plain; charset=utf-8")
