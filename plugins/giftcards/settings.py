"""The ``giftcards`` settings namespace."""

from __future__ import annotations

from decimal import Decimal

from marshmallow import Schema, fields, validate

from core.plugins import Money, Percent


class GiftCardSettingsSchema(Schema):
    #: A card sold today expires after this many days; 0: never.
    validity_days = fields.Integer(
        load_default=365,
        strict=True,
        validate=validate.Range(0, 36500),
        metadata={"label": "Valid for (days)", "description": "0: cards never expire."},
    )
    #: A gift card is a means of payment, not a taxable supply: 0 % unless the law says
    #: otherwise (single-purpose vouchers in some countries).
    tax_rate = Percent(
        load_default=Decimal("0"),
        metadata={
            "label": "Tax rate of a card sold",
            "description": "0 % unless the law taxes single-purpose vouchers.",
        },
    )
    #: The most one card may be sold or reloaded for, in minor units.
    max_amount = Money(
        load_default=100000,
        minimum=1,
        metadata={"label": "Most a card may be sold or reloaded for"},
    )
    #: Failed lookups (unknown codes) allowed per user within the window.
    lookup_limit = fields.Integer(
        load_default=10,
        strict=True,
        validate=validate.Range(1, 1000),
        metadata={
            "label": "Unknown codes allowed per user",
            "description": "Beyond, lookups are refused for a while (guessing codes).",
        },
    )
    lookup_window_seconds = fields.Integer(
        load_default=60,
        strict=True,
        validate=validate.Range(1, 86400),
        metadata={"label": "Within (seconds)"},
    )
