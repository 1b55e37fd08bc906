"""What other plugins may use of crm: read-only views of customers and the reads that
return them. Declared as ``PluginInfo(public="public")``: a plugin that depends on crm
imports this module and nothing else of crm (an import contract checks it), so crm may
change its tables, services and pages freely.

    from plugins.crm.public import get_customer

    customer = get_customer(sale.customer_id)   # None when unknown
    if customer is not None and not customer.erased:
        ...

Other plugins add fields to a customer with the ``crm_customer_fields`` hook
(:mod:`plugins.crm.hookspecs`), which receives a :class:`CustomerView`.
"""

from __future__ import annotations

import datetime as dt
import typing as t
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa

from core.plugins import db

from . import services
from .models import MAX_ID, Customer

__all__ = [
    "CustomerView",
    "consented_customers",
    "customer_names",
    "find_customer_by_card",
    "get_customer",
    "withdraw_consent",
]


@dataclass(frozen=True, slots=True)
class CustomerView:
    """A customer as other plugins see it. ``group_discount_percent`` is a percent
    (``Decimal("10")``), ``0`` without a group. An erased customer (GDPR) keeps its id,
    with the name ``Erased customer #id`` and no contact details."""

    id: int
    name: str
    email: str | None
    phone: str | None
    group_id: int | None
    group_name: str | None
    group_discount_percent: Decimal
    erased: bool
    #: Agreed to marketing messages (news, offers).
    marketing_consent: bool = False
    #: ``en``, ``fr``, ``nl`` or ``ru``; ``None``: the store's.
    language: str | None = None


def customer_view(customer: Customer) -> CustomerView:
    group = customer.group
    return CustomerView(
        id=customer.id,
        name=customer.name,
        email=customer.email,
        phone=customer.phone,
        group_id=group.id if group is not None else None,
        group_name=group.name if group is not None else None,
        group_discount_percent=Decimal(group.discount_percent) if group is not None else Decimal(0),
        erased=customer.erased,
        marketing_consent=customer.marketing_consent,
        language=customer.language,
    )


def get_customer(customer_id: int) -> CustomerView | None:
    """The customer with this id, erased or not; ``None`` when there is none (any value
    that is not a customer id included)."""
    customer = services.get_customer(customer_id)
    return customer_view(customer) if customer is not None else None


def find_customer_by_card(code: str) -> CustomerView | None:
    """The customer (not erased) whose card carries the barcode ``code``, or ``None``."""
    customer = services.find_by_barcode(code)
    return customer_view(customer) if customer is not None else None


def consented_customers() -> list[tuple[CustomerView, dt.datetime | None]]:
    """The customers (not erased) who agreed to marketing, by id, each with when they
    agreed: what a mailing list may hold."""
    rows = db.session.scalars(
        sa.select(Customer)
        .where(Customer.marketing_consent.is_(True), Customer.erased_at.is_(None))
        .order_by(Customer.id)
    ).all()
    return [(customer_view(customer), customer.consent_changed_at) for customer in rows]


def withdraw_consent(customer_id: int, source: str) -> bool:
    """Withdraw a customer's marketing consent (an unsubscribe link followed), recorded
    with ``source`` as any change of consent is. In the caller's transaction.

    :return: ``True`` when the customer had consented, ``False`` otherwise (nothing to
        change, or no such customer).
    """
    customer = services.get_customer(customer_id)
    if customer is None or not customer.marketing_consent:
        return False
    return services.withdraw_consent(customer, source)


def customer_names(customer_ids: t.Iterable[int]) -> dict[int, str]:
    """The names of these customers, by id, in one query (unknown ids are left out)."""
    ids = {i for i in customer_ids if isinstance(i, int) and 0 < i <= MAX_ID}
    if not ids:
        return {}
    rows = db.session.execute(sa.select(Customer.id, Customer.name).where(Customer.id.in_(ids)))
    return {customer_id: name for customer_id, name in rows}
