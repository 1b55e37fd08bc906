"""The events a subscription may choose, and the ``data`` each one sends.

The core's and crm's events are built in; other plugins declare theirs with the
``webhooks_events`` hook (:mod:`.hookspecs`).
"""

from __future__ import annotations

import datetime as dt
import typing as t
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from core.plugins import decimal_text, present_hook

BUILT_IN: dict[str, t.Any] = {
    "sale.completed": _l("Sale completed"),
    "refund.completed": _l("Refund or void"),
    "stock.low": _l("Stock low"),
    "customer.created": _l("Customer created"),
    "register.closed": _l("Register closed"),
}


def available() -> dict[str, str]:
    """Every event name a subscription may choose, with its title in the reader's
    language; a plugin's declaration that fails is left out (and logged)."""
    events = {name: str(title) for name, title in BUILT_IN.items()}
    for declared in present_hook("webhooks_events"):
        for name, title in declared or ():
            events.setdefault(str(name), str(title))
    return events


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def sale_data(sale: t.Any) -> dict[str, t.Any]:
    return {
        "id": sale.id,
        "receipt_number": sale.receipt_number,
        "register_id": sale.register_id,
        "customer_id": sale.customer_id,
        "status": sale.status,
        "currency": sale.currency,
        "total": sale.total,
        "tax_total": sale.tax_total,
        "discount_total": sale.discount_total,
        "completed_at": _iso(sale.completed_at),
        "lines": [
            {
                "id": line.id,
                "kind": line.kind,
                "product_id": line.product_id,
                "sku": line.sku,
                "name": line.name,
                "quantity": decimal_text(line.quantity),
                "unit_price": line.unit_price,
                "discount": line.discount,
                "total": line.total,
                "tax_rate": decimal_text(line.tax_rate),
            }
            for line in sale.lines
        ],
        "payments": [{"method": p.method, "amount": p.amount} for p in sale.payments],
    }


def refund_data(refund: t.Any) -> dict[str, t.Any]:
    return {
        "id": refund.id,
        "sale_id": refund.sale_id,
        "kind": refund.kind,
        "receipt_number": refund.receipt_number,
        "register_id": refund.register_id,
        "reason": refund.reason,
        "total": refund.total,
        "tax_total": refund.tax_total,
        "created_at": _iso(refund.created_at),
        "lines": [
            {
                "sale_line_id": line.sale_line_id,
                "quantity": decimal_text(line.quantity),
                "total": line.total,
            }
            for line in refund.lines
        ],
        "payments": [{"method": p.method, "amount": p.amount} for p in refund.payments],
    }


def stock_low_data(
    product: t.Any, location_id: int, quantity: Decimal, level: Decimal
) -> dict[str, t.Any]:
    return {
        "product_id": product.id if product else None,
        "sku": product.sku if product else None,
        "name": product.name if product else None,
        "location_id": location_id,
        "quantity": decimal_text(quantity),
        "reorder_level": decimal_text(level),
    }


def customer_data(customer: t.Any) -> dict[str, t.Any]:
    return {
        "id": customer.id,
        "name": customer.name,
        "email": customer.email,
        "phone": customer.phone,
        "marketing_consent": getattr(customer, "marketing_consent", False),
    }
