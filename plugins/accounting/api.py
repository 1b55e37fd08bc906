"""``/api/v1/accounting``: the entries of a period, and the books exported."""

from __future__ import annotations

from flask import Response

from core.plugins import ApiBlueprint

from . import exports, services
from .schemas import AccountingEntrySchema, ExportQuerySchema, PeriodQuerySchema

api = ApiBlueprint("accounting_api", __name__, tag="accounting")


@api.endpoint(
    "/accounting/entries",
    permission="accounting.view",
    query=PeriodQuerySchema,
    response=AccountingEntrySchema,
    many=True,
)
def list_entries(query):
    """The entries of the days ``from`` to ``to`` (both included, the store's local
    dates; today by default), oldest first, each balanced to the cent."""
    start, end = services.period(query["from"], query["to"])
    return services.entries_between(start, end)


@api.endpoint(
    "/accounting/export",
    permission="accounting.view",
    query=ExportQuerySchema,
    binary="application/octet-stream",
)
def export(query):
    """The books of the period as a file: ``csv``, ``fec`` (the French fichier des
    écritures comptables, named ``<SIREN>FEC<date>.txt``, ``separator=pipe|tab``),
    ``ledger`` (a plain-text journal ``hledger check`` accepts) or a format a connector
    plugin adds. Always sent as a download (``application/octet-stream``, UTF-8), named
    in ``Content-Disposition``."""
    start, end = services.period(query["from"], query["to"])
    text, name, _media_type = exports.export_file(query["format"], start, end, query["separator"])
    return Response(
        text.encode(),
        mimetype="application/octet-stream",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
