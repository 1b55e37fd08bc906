"""Payloads of ``/api/v1/gift-cards``. A card is shown by its last four characters:
the code itself is never sent back once the card is sold."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from core.plugins import Money

from . import services


class GiftCardSchema(Schema):
    id = fields.Integer()
    last4 = fields.String()
    balance = fields.Integer()
    initial_amount = fields.Integer()
    currency = fields.String()
    status = fields.Method(
        "_status", metadata={"enum": ["active", "expired", "disabled", "refunded"]}
    )
    expires_at = fields.AwareDateTime(allow_none=True)
    sale_id = fields.String(allow_none=True)
    created_at = fields.AwareDateTime()

    def _status(self, card):
        return services.state(card)


class LedgerEntrySchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    amount = fields.Integer(metadata={"description": "signed: + credit, - debit"})
    balance = fields.Integer(metadata={"description": "the balance right after"})
    sale_id = fields.String(allow_none=True)
    refund_id = fields.String(allow_none=True)
    user_id = fields.Integer(allow_none=True)
    note = fields.String()
    created_at = fields.AwareDateTime()


class CreditSchema(Schema):
    amount = Money(required=True, minimum=1)
    note = fields.String(load_default="", validate=validate.Length(0, 200))


class CardQuerySchema(Schema):
    status = fields.String(validate=validate.OneOf(["active", "expired", "disabled", "refunded"]))
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 500))
    offset = fields.Integer(load_default=0, validate=validate.Range(0, 10**9))
