"""The ``gift_card`` line kind: selling a new card, or reloading one, as a sale line.

``{"gift_card": {"amount": 5000}}`` sells a new card; ``{"gift_card": {"amount": 2000,
"code": "<code>"}}`` loads money onto an existing one. Either way the money is paid like
any sale, and the card changes only when the sale completes.
"""

from __future__ import annotations

import typing as t
from decimal import Decimal

from flask_babel import gettext as _
from marshmallow import Schema, fields, validate

from core.plugins import LineKind, LinePrice, Money, Rejected, money_text

from . import codes, services


class GiftCardLineSchema(Schema):
    amount = Money(required=True, minimum=1)
    code = fields.String(validate=validate.Length(1, 64))


class GiftCardLine(LineKind):
    code = "gift_card"
    title = "Gift card"
    schema = GiftCardLineSchema

    def build(self, payload: dict[str, t.Any], store: t.Any) -> LinePrice:
        values = services.settings()
        amount = payload["amount"]
        if amount > values["max_amount"]:
            raise Rejected(
                _(
                    "a gift card holds at most %(amount)s",
                    amount=money_text(values["max_amount"], store.currency),
                ),
                code="gift_card_amount",
                field="amount",
            )
        tax_rate = Decimal(values["tax_rate"])
        if payload.get("code"):
            card = services.require_usable(payload["code"])
            return LinePrice(
                name=f"Gift card reload {codes.masked(card.last4)}",
                unit_price=amount,
                tax_rate=tax_rate,
                sku="GIFTCARD-RELOAD",
                data={"amount": amount, "reload": True, "card_id": card.id, "last4": card.last4},
            )
        return LinePrice(
            name="Gift card",
            unit_price=amount,
            tax_rate=tax_rate,
            sku="GIFTCARD",
            data={"amount": amount},
        )
