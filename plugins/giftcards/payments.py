"""The ``gift_card`` payment method: the card's code is the payment's one field.

``{"method": "gift_card", "amount": 2000, "fields": {"code": "K7QD-3MZX-..."}}`` spends
20.00 of the card. The code is the card's bearer secret: the method declares it ``mask``,
so the sale, its receipt and its journal entry keep ``****WXYZ`` only, and the payment's
``data`` notes the card debited (``card_id``, ``last4``) and what it holds after.
"""

from __future__ import annotations

from flask_babel import gettext as _
from marshmallow import Schema, fields, validate

from core.plugins import (
    Cart,
    PaymentMethod,
    Problem,
    RefundView,
    Rejected,
    SaleView,
    StoreSettings,
    Tender,
    db,
)

from . import codes, services
from .models import GiftCard

#: What a till asks for when a card pays; what a refund may name.
LABEL = "Gift card code"


class GiftCardFields(Schema):
    code = fields.String(
        required=True,
        validate=validate.Length(1, 64),
        metadata={"label": LABEL, "keep": "mask"},
    )


class GiftCardRefundFields(Schema):
    #: The card to credit; without it, the card the sale was paid with.
    code = fields.String(
        load_default=None,
        validate=validate.Length(1, 64),
        metadata={"label": LABEL, "keep": "mask"},
    )


class GiftCardMethod(PaymentMethod):
    """Spends part or all of a card's balance; refunds credit a card.

    Not offline: the balance lives on the server.
    """

    code = "gift_card"
    title = "Gift card"
    works_offline = False
    fields = GiftCardFields
    refund_fields = GiftCardRefundFields

    def validate(self, tender: Tender, cart: Cart, store: StoreSettings) -> list[Problem]:
        if any(line.kind == "gift_card" for line in cart.lines):
            return [
                Problem(
                    "gift_card_for_gift_card", "a gift card cannot pay for a gift card", "method"
                )
            ]
        card = services.find_card(tender.fields["code"])
        problem = services.usable_problem(card)
        if problem is not None:
            return [Problem(problem[0], problem[1], "code")]
        assert card is not None
        if card.balance < tender.amount:
            return [
                Problem(
                    "insufficient_balance",
                    f"the gift card {codes.masked(card.last4)} holds {card.balance}, "
                    f"less than {tender.amount}",
                    "amount",
                )
            ]
        return []

    def apply(self, tender: Tender, sale: SaleView) -> None:
        moved = services.redeem(
            tender.fields["code"], tender.amount, sale_id=sale.id, user_id=sale.user_id
        )
        if moved is None:
            # Spent, stopped or expired since it was checked: the database said no.
            raise Rejected(
                _("the gift card does not hold enough any more (or was stopped)"),
                code="insufficient_balance",
                field=f"payments.{tender.position}.amount",
            )
        tender.data.update(card_id=moved.card_id, last4=moved.last4, balance=moved.balance)

    def reverse(self, tender: Tender, refund: RefundView) -> None:
        card_id = _card_to_credit(tender, refund)
        moved = services.credit(
            card_id,
            tender.amount,
            "refund",
            sale_id=refund.sale_id,
            refund_id=refund.id,
            user_id=refund.user_id,
        )
        if moved is None:
            raise Rejected(
                _("this gift card is not active: refund in another way"),
                code="gift_card_inactive",
                field=f"payments.{tender.position}.fields.code",
            )
        tender.data.update(card_id=moved.card_id, last4=moved.last4, balance=moved.balance)


def _card_to_credit(tender: Tender, refund: RefundView) -> int:
    """The card named by a full code; else one the sale was paid with: the one whose
    ``****WXYZ`` was given, the only one, or, for a void (which hands each payment back
    on its method, in order), the one this payment was made with."""
    where = f"payments.{tender.position}.fields.code"
    code = tender.fields.get("code")
    if code and not code.startswith("****"):
        card = services.find_card(code)
        if card is None:
            raise Rejected(_("unknown gift card"), code="unknown_gift_card", field=where)
        return card.id
    assert refund.sale is not None  # a refund handed to a payment method carries its sale
    used = [
        (int(p.data["card_id"]), p.data.get("last4"))
        for p in refund.sale.payments
        if p.method == "gift_card" and p.data.get("card_id") is not None
    ]
    if code:
        used = [(card_id, last) for card_id, last in used if codes.masked(last) == code]
    elif refund.kind == "void" and len(used) > 1:
        earlier = sum(
            1 for p in refund.payments if p.method == "gift_card" and p.position < tender.position
        )
        used = used[earlier : earlier + 1]
    if len({card_id for card_id, _last in used}) != 1:
        raise Rejected(
            _("give the code of the gift card to refund to"), code="gift_card_code", field=where
        )
    card_id = used[0][0]
    if db.session.get(GiftCard, card_id) is None:
        raise Rejected(_("unknown gift card"), code="unknown_gift_card", field=where)
    return card_id
