"""The ``giftcards`` settings namespace."""

from __future__ import annotations

from decimal import Decimal

from marshmallow import Schema, fields, validate

from core.plugins import Money, Percent


class GiftCardSettingsSchema(Schema):
    #: A card sold today expires after this many days; 0: never.
    validity_days = fields.Integer(load_default=365, strict=True, validate=validate.Range(0, 36500))
    #: A gift card is a means of payment, not a taxable supply: 0 % unless the law says
    #: otherwise (single-purpose vouchers in some countries).
    tax_rate = Percent(load_default=Decimal("0"))
    #: The most one card may be sold or reloaded for, in minor units.
    max_amount = Money(load_default=100000, minimum=1)
    #: Failed lookups (unknown codes) allowed per user within the window.
    lookup_limit = fields.Integer(load_default=10, strict=True, validate=validate.Range(1, 1000))
    lookup_window_seconds = fields.Integer(
        load_default=60, strict=True, validate=validate.Range(1, 86400)
    )
