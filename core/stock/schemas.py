"""Payloads of the stock API."""

from __future__ import annotations

from flask_babel import gettext as _
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ..catalog.schemas import query_id
from ..fields import (
    MAX_QUANTITY,
    THOUSANDTH,
    Id,
    Quantity,
    at_most_three_decimals,
    read_decimal,
)


class SignedQuantity(Quantity):
    """A quantity that may be negative (stock taken out), not zero, up to 3 decimals."""

    def _deserialize(self, value, attr, data, **kwargs):
        quantity = read_decimal(value, _("a quantity is a decimal string or a number"))
        if quantity == 0:
            raise ValidationError(_("must not be 0"))
        if abs(quantity) > MAX_QUANTITY:
            raise ValidationError(
                _(
                    "must be between -%(most)s and %(most)s",
                    most=MAX_QUANTITY,
                )
            )
        return at_most_three_decimals(quantity).quantize(THOUSANDTH).normalize() + 0


class StockQuerySchema(Schema):
    product_id = query_id()
    location_id = query_id(metadata={"description": "default: the default location"})
    limit = fields.Integer(load_default=100, validate=validate.Range(1, 500))
    offset = fields.Integer(load_default=0, validate=validate.Range(0, 10**9))


class MovementQuerySchema(StockQuerySchema):
    location_id = query_id()


class StockLevelSchema(Schema):
    product_id = fields.Integer()
    location_id = fields.Integer()
    quantity = Quantity()


class MovementSchema(Schema):
    id = fields.Integer()
    product_id = fields.Integer()
    location_id = fields.Integer()
    delta = Quantity()
    reason = fields.String()
    reference = fields.String(allow_none=True)
    note = fields.String()
    user_id = fields.Integer(allow_none=True)
    created_at = fields.DateTime()


class AdjustmentSchema(Schema):
    """Either a ``delta`` (goods received, breakage...) or what was ``counted``."""

    product_id = Id(required=True)
    location_id = Id(metadata={"description": "default: the default location"})
    delta = SignedQuantity(metadata={"description": "added (negative: removed)"})
    counted = Quantity(allow_zero=True, metadata={"description": "the quantity on the shelf"})
    reason = fields.String(
        load_default="adjustment", validate=validate.OneOf(["adjustment", "receipt"])
    )
    note = fields.String(load_default="", validate=validate.Length(0, 500))

    @validates_schema
    def _delta_or_counted(self, data, **kwargs):
        if ("delta" in data) == ("counted" in data):
            raise ValidationError(_("give either delta or counted"), "delta")
        if data["reason"] == "receipt" and not data.get("delta", 0) > 0:
            raise ValidationError(_("goods received are a positive delta"), "delta")


class AdjustmentResultSchema(MovementSchema):
    quantity = Quantity(metadata={"description": "the new stock level"})
