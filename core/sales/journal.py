"""What a sale, a refund and a void write to the journal, and how ``journal verify``
rebuilds it from the stored records to catch a changed line, total or payment.

Payloads hold business identifiers (sale UUID, register code, receipt number, SKU,
user name) and integer amounts, never database ids, so a restored copy still verifies.
"""

from __future__ import annotations

import typing as t
from decimal import Decimal

from ..auth.models import User
from ..db import db
from ..journal.services import ChainSlot, append
from ..plugins.info import JournalKind
from .models import Refund, Sale


def _decimal(value: Decimal) -> str:
    """Quantities and tax rates as the journal hashes them: ``2.000`` -> ``"2"``."""
    return format(Decimal(value).quantize(Decimal("0.001")).normalize(), "f")


def _username(user_id: int) -> str:
    user = db.session.get(User, user_id)
    return user.username if user else str(user_id)


def sale_payload(sale: Sale) -> dict[str, t.Any]:
    return {
        "sale": sale.id,
        "register": sale.register.code,
        "number": sale.number,
        "completed_at": sale.completed_at.isoformat(timespec="seconds"),
        "user": _username(sale.user_id),
        "currency": sale.currency,
        "lines": [
            {
                "kind": line.kind,
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
        "tax_total": sale.tax_total,
        "total": sale.total,
        "rounding": sale.rounding,
        "change": sale.change,
    }


def refund_payload(refund: Refund) -> dict[str, t.Any]:
    lines = {line.id: line for line in refund.sale.lines}
    return {
        "refund": refund.id,
        "kind": refund.kind,
        "sale": refund.sale_id,
        "register": refund.register.code,
        "number": refund.number,
        "created_at": refund.created_at.isoformat(timespec="seconds"),
        "user": _username(refund.user_id),
        "lines": [
            {
                "sku": lines[line.sale_line_id].sku,
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
        "tax_total": refund.tax_total,
    }


def append_sale_entry(sale: Sale, slot: ChainSlot | None = None) -> None:
    append(sale.register_id, "sale", sale.id, sale_payload(sale), slot)


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
