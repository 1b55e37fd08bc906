"""What a sale, a refund and a void write to the journal, and how ``journal verify``
rebuilds it from the stored records to catch a changed line, total or payment.

Payloads hold business identifiers (sale UUID, register code, receipt number, SKU,
user name) and integer amounts. Version 2 (``"v": 2``) adds every other column of a sale
that a fiscal record depends on: the location by its code, the cash session by its
reference, and two database ids that have no business identifier (the line's product,
the crm plugin's customer). A copy of the data under other ids fails on those two.
Left out, and why: ``sale_line.refunded_quantity`` (raised by each refund, which has its
own entry), ``sale_line.data`` and ``payment.data`` (the plugins' own records, written
after the entry: a gift card's code, the points spent) and ``sale.plugin_data`` (the
plugins' parts of the cart; a plugin journals what it must with its own kinds).
"""

from __future__ import annotations

import datetime as dt
import typing as t
from decimal import Decimal

from ..auth.models import User
from ..db import db
from ..journal.services import ChainSlot, append
from ..plugins.info import JournalKind
from ..registers.journal import session_reference, stamp
from ..registers.models import CashSession
from ..stock.models import Location
from .models import Refund, Sale


def _decimal(value: Decimal) -> str:
    """Quantities and tax rates as the journal hashes them: ``2.000`` -> ``"2"``."""
    return format(Decimal(value).quantize(Decimal("0.001")).normalize(), "f")


def _username(user_id: int) -> str:
    user = db.session.get(User, user_id)
    return user.username if user else str(user_id)


#: The payload version written today; entries without ``v`` are version 1.
PAYLOAD_VERSION = 2


def _iso(moment) -> str:
    return moment.isoformat(timespec="microseconds")


def _location_code(location_id: int) -> str | None:
    location = db.session.get(Location, location_id)
    return location.code if location is not None else None


def _session_reference(register, cash_session_id: int | None) -> str | None:
    if cash_session_id is None:
        return None
    session = db.session.get(CashSession, cash_session_id)
    return session_reference(register, session) if session is not None else None


def sale_payload(
    sale: Sale, location_code: str | None = None, session_opened_at: dt.datetime | None = None
) -> dict[str, t.Any]:
    """The sale's payload. ``location_code`` and ``session_opened_at``, when the caller
    has them already (the sale in the making does), save reading the location and the
    cash session."""
    if location_code is None:
        location_code = _location_code(sale.location_id)
    if session_opened_at is not None:
        session = f"{sale.register.code}/S{stamp(session_opened_at)}"
    else:
        session = _session_reference(sale.register, sale.cash_session_id)
    return {
        "v": PAYLOAD_VERSION,
        "sale": sale.id,
        "register": sale.register.code,
        "number": sale.number,
        "completed_at": sale.completed_at.isoformat(timespec="seconds"),
        "user": _username(sale.user_id),
        "currency": sale.currency,
        "status": sale.status,
        "customer_id": sale.customer_id,
        "location": location_code,
        "session": session,
        "created_at": _iso(sale.created_at),
        "completed_at_exact": _iso(sale.completed_at),
        "prices_include_tax": sale.prices_include_tax,
        "data": dict(sale.data or {}),
        "lines": [
            {
                "position": line.position,
                "kind": line.kind,
                "product_id": line.product_id,
                "barcode": line.barcode,
                "for_line": line.for_line,
                "base": line.base,
                "adjustments": [dict(a) for a in line.adjustments or []],
                "line_discount": line.line_discount,
                "cart_discount": line.cart_discount,
                "net": line.net,
                "source": line.source or "",
                "sku": line.sku,
                "name": line.name,
                "quantity": _decimal(line.quantity),
                "unit_price": line.unit_price,
                "discount": line.discount,
                "total": line.total,
                "tax_rate": _decimal(line.tax_rate),
                "tax": line.tax,
            }
            for line in sale.lines
        ],
        "taxes": [
            {"rate": _decimal(row.rate), "base": row.base, "tax": row.tax, "total": row.total}
            for row in sale.taxes
        ],
        "payments": [
            {"method": p.method, "amount": p.amount, "fields": dict(p.fields or {})}
            for p in sale.payments
        ],
        "subtotal": sale.subtotal,
        "discount_total": sale.discount_total,
        "net_total": sale.net_total,
        "tax_total": sale.tax_total,
        "total": sale.total,
        "paid_total": sale.paid_total,
        "rounding": sale.rounding,
        "change": sale.change,
    }


def refund_payload(refund: Refund) -> dict[str, t.Any]:
    lines = {line.id: line for line in refund.sale.lines}
    payload = {
        "v": PAYLOAD_VERSION,
        "refund": refund.id,
        "kind": refund.kind,
        "sale": refund.sale_id,
        "register": refund.register.code,
        "number": refund.number,
        "created_at": refund.created_at.isoformat(timespec="seconds"),
        "created_at_exact": _iso(refund.created_at),
        "session": _session_reference(refund.register, refund.cash_session_id),
        "user": _username(refund.user_id),
        "reason": refund.reason,
        "lines": [
            {
                # A line moved to another sale's is no line of this one: None.
                "line": getattr(lines.get(line.sale_line_id), "position", None),
                "net": line.net,
                "sku": getattr(lines.get(line.sale_line_id), "sku", None),
                "quantity": _decimal(line.quantity),
                "total": line.total,
                "tax_rate": _decimal(line.tax_rate),
                "tax": line.tax,
            }
            for line in refund.lines
        ],
        "payments": [
            {"method": p.method, "amount": p.amount, "fields": dict(p.fields or {})}
            for p in refund.payments
        ],
        "total": refund.total,
        "net_total": refund.net_total,
        "tax_total": refund.tax_total,
    }
    # Only when there was one: the entries written before approvals keep their content.
    if refund.approved_by is not None:
        payload["approved_by"] = _username(refund.approved_by)
    return payload


def append_sale_entry(
    sale: Sale,
    slot: ChainSlot | None = None,
    location_code: str | None = None,
    session_opened_at: dt.datetime | None = None,
) -> None:
    payload = sale_payload(sale, location_code, session_opened_at)
    append(sale.register_id, "sale", sale.id, payload, slot)


def append_refund_entry(refund: Refund) -> None:
    append(refund.register_id, refund.kind, refund.id, refund_payload(refund))


def _rebuild_sale(reference: str) -> dict[str, t.Any] | None:
    sale = db.session.get(Sale, reference)
    return sale_payload(sale) if sale is not None else None


def _rebuild_refund(reference: str) -> dict[str, t.Any] | None:
    refund = db.session.get(Refund, reference)
    return refund_payload(refund) if refund is not None else None


#: Declared by :mod:`core.sales.hooks`.
JOURNAL_KINDS = (
    JournalKind("sale", _rebuild_sale),
    JournalKind("refund", _rebuild_refund),
    JournalKind("void", _rebuild_refund),
)
