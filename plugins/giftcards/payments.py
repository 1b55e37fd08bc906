"""The ``gift_card`` payment method: a card's code as the payment's reference."""

from __future__ import annotations

import typing as t

from core.plugins import PaymentMethod, Problem, Rejected, db

from . import codes, services
from .models import GiftCard


class GiftCardMethod(PaymentMethod):
    """Spends part or all of a card's balance; refunds credit a card.

    Not offline: the balance lives on the server. Once spent, the payment keeps the
    card's last four characters (``****WXYZ``) as its reference, never the code.
    """

    code = "gift_card"
    title = "Gift card"
    works_offline = False

    def validate(self, payment: dict[str, t.Any], cart: t.Any, store: t.Any) -> list[Problem]:
        reference = payment.get("reference")
        if not reference:
            return [
                Problem("gift_card_code", "give the gift card's code as reference", "reference")
            ]
        if any(line.kind == "gift_card" for line in cart.lines):
            return [
                Problem(
                    "gift_card_for_gift_card", "a gift card cannot pay for a gift card", "reference"
                )
            ]
        card = services.find_card(reference)
        problem = services.usable_problem(card)
        if problem is not None:
            return [Problem(problem[0], problem[1], "reference")]
        assert card is not None
        if card.balance < payment["amount"]:
            return [
                Problem(
                    "insufficient_balance",
                    f"the gift card {codes.masked(card.last4)} holds {card.balance}, "
                    f"less than {payment['amount']}",
                    "amount",
                )
            ]
        return []

    def apply(self, payment: t.Any, sale: t.Any) -> None:
        moved = services.redeem(
            payment.reference, payment.amount, sale_id=sale.id, user_id=sale.user_id
        )
        if moved is None:
            # Spent, stopped or expired since it was checked: the database said no.
            raise Rejected(
                "the gift card does not hold enough any more (or was stopped)",
                code="insufficient_balance",
                field="payments",
            )
        payment.reference = codes.masked(moved.last4)
        payment.data = {"card_id": moved.card_id, "last4": moved.last4, "balance": moved.balance}

    def reverse(self, refund_payment: t.Any, refund: t.Any) -> None:
        card_id = _card_to_credit(refund_payment.reference, refund.sale)
        moved = services.credit(
            card_id,
            refund_payment.amount,
            "refund",
            sale_id=refund.sale_id,
            refund_id=refund.id,
            user_id=refund.user_id,
        )
        if moved is None:
            raise Rejected(
                "this gift card is not active: refund in another way",
                code="gift_card_inactive",
                field="payments",
            )
        refund_payment.reference = codes.masked(moved.last4)


def _card_to_credit(reference: str | None, sale: t.Any) -> int:
    """The card named by a full code, else the card the sale was paid with (its
    ``****WXYZ`` reference, or the only one)."""
    if reference and not reference.startswith("****"):
        card = services.find_card(reference)
        if card is None:
            raise Rejected("unknown gift card", code="unknown_gift_card", field="payments")
        return card.id
    used = {
        int(p.data["card_id"]): p.data.get("last4")
        for p in sale.payments
        if p.method == "gift_card" and (p.data or {}).get("card_id") is not None
    }
    if reference:
        used = {card_id: last for card_id, last in used.items() if codes.masked(last) == reference}
    if len(used) != 1:
        raise Rejected(
            "give the code of the gift card to refund to as the reference",
            code="gift_card_code",
            field="payments",
        )
    card_id = next(iter(used))
    if db.session.get(GiftCard, card_id) is None:
        raise Rejected("unknown gift card", code="unknown_gift_card", field="payments")
    return card_id
