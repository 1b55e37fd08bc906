"""Paying with points: the ``loyalty`` payment method.

``{"method": "loyalty", "amount": 500}`` pays 5.00 with ``500 / point_value`` points of
the sale's customer. Checked before the sale is written (a customer, a whole number of
points, enough of them), then spent inside the sale's transaction with a guarded atomic
``UPDATE``: when another till spent the points in between, the sale is refused. The
points spent are noted on the payment (``data: {"points": 500}``).
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from core.plugins import (
    Cart,
    PaymentMethod,
    Problem,
    RefundView,
    Rejected,
    SaleView,
    StoreSettings,
    Tender,
)
from plugins.crm.public import get_customer

from . import services


class LoyaltyPayment(PaymentMethod):
    code = "loyalty"
    title = _l("Loyalty points")
    # The balance lives on the server: a till offline cannot know it is still there.
    works_offline = False

    def validate(self, tender: Tender, cart: Cart, store: StoreSettings) -> list[Problem]:
        # The method is at fault (``payments.<i>.method``) when the cart's customer cannot
        # pay with points; the amount when the points do not match it.
        if cart.customer_id is None:
            return [
                Problem(
                    "loyalty_no_customer", "attach a customer to pay with loyalty points", "method"
                )
            ]
        customer = get_customer(cart.customer_id)
        if customer is None or customer.erased:
            return [Problem("unknown_customer", f"no customer {cart.customer_id}", "method")]
        value = services.settings()["point_value"]
        if tender.amount <= 0 or tender.amount % value:
            return [
                Problem(
                    "loyalty_amount",
                    f"a loyalty payment is a positive multiple of {value} (one point)",
                    "amount",
                )
            ]
        needed = tender.amount // value
        available = services.balance(cart.customer_id)
        if needed > available:
            return [
                Problem(
                    "loyalty_insufficient_points",
                    f"not enough loyalty points: {available} available, {needed} needed",
                    "amount",
                )
            ]
        return []

    def apply(self, tender: Tender, sale: SaleView) -> None:
        if sale.customer_id is None:  # validate said so already; never spend blindly
            raise Rejected(_("attach a customer to pay with loyalty points"), "loyalty_no_customer")
        points = services.points_for_amount(tender.amount)
        services.redeem(sale.customer_id, points, sale.id, tender)
        tender.data["points"] = points

    def reverse(self, tender: Tender, refund: RefundView) -> None:
        points = services.give_back(tender, refund)
        tender.data["points"] = points
