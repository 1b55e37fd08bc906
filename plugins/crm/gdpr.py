"""The GDPR export: everything the shop keeps about one customer, as one JSON document.

Erasure is :func:`plugins.crm.services.erase_customer`.
"""

from __future__ import annotations

import typing as t

import sqlalchemy as sa

from core.plugins import db, utcnow

from .models import ConsentEvent, Customer
from .schemas import CustomerSaleSchema, CustomerSchema, GroupSchema, TotalsSchema
from .services import lifetime_totals, purchase_history

#: An export lists at most this many sales one by one (the totals count them all).
EXPORT_SALES_LIMIT = 10_000


def export_customer(customer: Customer) -> dict[str, t.Any]:
    """Profile, consent history, group, sales summary and what other plugins keep
    (``crm_customer_fields``), for a data subject's access request."""
    consents = db.session.scalars(
        sa.select(ConsentEvent)
        .where(ConsentEvent.customer_id == customer.id)
        .order_by(ConsentEvent.at, ConsentEvent.id)
    )
    sales = purchase_history(customer.id, limit=EXPORT_SALES_LIMIT).items
    profile = CustomerSchema().dump(customer)
    return {
        "exported_at": utcnow().isoformat(),
        "profile": profile,
        "consents": [
            {"given": event.given, "at": event.at.isoformat(), "source": event.source}
            for event in consents
        ],
        "groups": [GroupSchema().dump(customer.group)] if customer.group else [],
        "sales": {
            **TotalsSchema().dump(lifetime_totals(customer.id)),
            "items": CustomerSaleSchema(many=True).dump(sales),
        },
    }
