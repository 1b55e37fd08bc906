"""The loyalty settings (``PATCH /api/v1/settings/loyalty``)."""

from __future__ import annotations

from decimal import Decimal

from marshmallow import Schema, ValidationError, fields, validate, validates


class TierSchema(Schema):
    """A tier: from ``min_points`` earned in a customer's lifetime, points are earned
    ``multiplier`` times faster."""

    name = fields.String(required=True, validate=validate.Length(1, 40))
    min_points = fields.Integer(required=True, strict=True, validate=validate.Range(0, 10**12))
    multiplier = fields.Decimal(
        required=True,
        as_string=True,
        places=3,
        validate=validate.Range(Decimal("0"), Decimal("100")),
    )


class LoyaltySettingsSchema(Schema):
    #: Points earned per currency unit (1.00 EUR) of what the customer paid.
    points_per_unit = fields.Decimal(
        load_default=Decimal("1"),
        as_string=True,
        places=3,
        validate=validate.Range(Decimal("0"), Decimal("1000")),
    )
    #: What one point is worth when redeemed, in minor units (1: a point pays 0.01).
    point_value = fields.Integer(load_default=1, strict=True, validate=validate.Range(1, 10_000))
    #: Categories whose lines earn nothing (tobacco, gift cards, stamps...).
    excluded_category_ids = fields.List(
        fields.Integer(strict=True, validate=validate.Range(1, 2**31 - 1)),
        load_default=list,
        validate=validate.Length(max=1000),
    )
    #: Optional tiers by lifetime points earned; the highest reached applies.
    tiers = fields.List(
        fields.Nested(TierSchema), load_default=list, validate=validate.Length(max=20)
    )

    @validates("tiers")
    def _distinct_thresholds(self, value: list[dict], **_kw: object) -> None:
        thresholds = [tier["min_points"] for tier in value]
        if len(set(thresholds)) != len(thresholds):
            raise ValidationError("two tiers start at the same number of points")
