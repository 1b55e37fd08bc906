"""Paying with points: the ``loyalty`` payment method.

``{"method": "loyalty", "amount": 500}`` pays 5.00 with ``500 / point_value`` points of
the sale's customer. Checked before the sale is written (a customer, a whole number of
points, enough of them), then spent inside the sale's transaction with a guarded atomic
``UPDATE``: when another till spent the points in between, the sale is refused.
"""

from __future__ import annotations

import typing as t

from core.plugins import PaymentMethod, Problem, Rejected
from plugins.crm.services import get_customer

from . import services


class LoyaltyPayment(PaymentMethod):
    code = "loyalty"
    title = "Loyalty points"
    # The balance lives on the server: a till offline cannot know it is still there.
    works_offline = False

    def validate(self, payment: dict[str, t.Any], cart: t.Any, store: t.Any) -> list[Problem]:
        if cart.customer_id is None:
            return [
                Problem(
                    "loyalty_no_customer",
                    "attach a customer to pay with loyalty points",
                    "customer_id",
                )
            ]
        customer = get_customer(cart.customer_id)
        if customer is None or customer.erased:
            return [Problem("unknown_customer", f"no customer {cart.customer_id}", "customer_id")]
        value = services.settings()["point_value"]
        amount = payment["amount"]
        if amount <= 0 or amount % value:
            return [
                Problem(
                    "loyalty_amount",
                    f"a loyalty payment is a positive multiple of {value} (one point)",
                    "payments",
                )
            ]
        needed = amount // value
        available = services.balance(cart.customer_id)
        if needed > available:
            return [
                Problem(
                    "loyalty_insufficient_points",
                    f"not enough loyalty points: {available} available, {needed} needed",
                    "payments",
                )
            ]
        return []

    def apply(self, payment: t.Any, sale: t.Any) -> None:
        if sale.customer_id is None:  # validate said so already; never spend blindly
            raise Rejected("attach a customer to pay with loyalty points", "loyalty_no_customer")
        points = services.points_for_amount(payment.amount)
        services.redeem(sale.customer_id, points, sale.id, payment)
        payment.data = {**(payment.data or {}), "points": points}

    def reverse(self, refund_payment: t.Any, refund: t.Any) -> None:
        services.give_back(refund_payment, refund)
