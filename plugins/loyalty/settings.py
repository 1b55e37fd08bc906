"""The loyalty settings (``PATCH /api/v1/settings/loyalty``)."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _
from marshmallow import Schema, ValidationError, fields, validate, validates

from core.plugins import Money


class TierSchema(Schema):
    """A tier: from ``min_points`` earned in a customer's lifetime, points are earned
    ``multiplier`` times faster."""

    name = fields.String(required=True, validate=validate.Length(1, 40), metadata={"label": "Tier"})
    min_points = fields.Integer(
        required=True,
        strict=True,
        validate=validate.Range(0, 10**12),
        metadata={"label": "From (lifetime points)"},
    )
    multiplier = fields.Decimal(
        required=True,
        as_string=True,
        places=3,
        validate=validate.Range(Decimal("0"), Decimal("100")),
        metadata={"label": "Points multiplier"},
    )


class LoyaltySettingsSchema(Schema):
    #: Points earned per currency unit (1.00 EUR) of what the customer paid.
    points_per_unit = fields.Decimal(
        load_default=Decimal("1"),
        as_string=True,
        places=3,
        validate=validate.Range(Decimal("0"), Decimal("1000")),
        metadata={
            "label": "Points per currency unit",
            "description": "Points earned for each 1.00 the customer pays.",
        },
    )
    #: What one point is worth when redeemed, in minor units (1: a point pays 0.01).
    point_value = Money(
        load_default=1,
        minimum=1,
        maximum=10_000,
        metadata={
            "label": "Value of a point",
            "description": "What one point pays when the customer redeems points.",
        },
    )
    #: Categories whose lines earn nothing (tobacco, gift cards, stamps...).
    excluded_category_ids = fields.List(
        fields.Integer(strict=True, validate=validate.Range(1, 2**31 - 1)),
        load_default=list,
        validate=validate.Length(max=1000),
        metadata={
            "label": "Categories that earn no points",
            "description": "Tobacco, gift cards, stamps...",
            "widget": "categories",
        },
    )
    #: Optional tiers by lifetime points earned; the highest reached applies.
    tiers = fields.List(
        fields.Nested(TierSchema),
        load_default=list,
        validate=validate.Length(max=20),
        metadata={
            "label": "Tiers",
            "description": "From a number of points earned in all, points are earned faster.",
        },
    )

    @validates("tiers")
    def _distinct_thresholds(self, value: list[dict], **_kw: object) -> None:
        thresholds = [tier["min_points"] for tier in value]
        if len(set(thresholds)) != len(thresholds):
            raise ValidationError(_("two tiers start at the same number of points"))
