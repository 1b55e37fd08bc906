"""The group discount: a member's catalog lines priced with their group's percent off."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from flask import g

from core.plugins import Adjustment, decimal_text

from .models import CustomerGroup
from .services import get_customer

_CACHE = "_crm_groups"


def customer_group(customer_id: int | None) -> CustomerGroup | None:
    """The group of a (not erased) customer, read once per request: ``pos_price_line``
    runs for every line of every pricing of the cart."""
    if customer_id is None:
        return None
    cache: dict[int, CustomerGroup | None] = g.setdefault(_CACHE, {})
    if customer_id not in cache:
        customer = get_customer(customer_id)
        group = None
        if customer is not None and customer.erased_at is None:
            group = customer.group
        cache[customer_id] = group
    return cache[customer_id]


def forget_cached_groups() -> None:
    """Drop the request's cache (after a customer or a group changed)."""
    g.pop(_CACHE, None)


def percent_label(percent: Decimal) -> str:
    return f"-{decimal_text(percent)}%"


def group_adjustment(line, cart) -> list[Adjustment] | None:
    """The group discount of one cart line, or ``None``.

    Only catalog products get it (a gift card or deposit line sold is money, not goods),
    and only when the cart's customer belongs to a group with a discount.
    """
    if line.product is None:
        return None
    group = customer_group(cart.customer_id)
    if group is None or not group.discount_percent:
        return None
    base = Decimal(line.unit_price) * Decimal(line.quantity)
    amount = int(
        (base * Decimal(group.discount_percent) / 100).to_integral_value(rounding=ROUND_HALF_UP)
    )
    if amount <= 0:
        return None
    label = f"{group.name} {percent_label(Decimal(group.discount_percent))}"
    # Chosen: the cashier attached the customer, so beyond the cashier's discount limit
    # the sale needs a manager's approval like a manual discount.
    return [Adjustment(amount=amount, label=label, source="crm", chosen=True)]
