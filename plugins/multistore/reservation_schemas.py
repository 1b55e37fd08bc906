"""Payloads of ``/api/v1/reservations``."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from core.plugins import Id, Quantity

from .schemas import Decimal3

#: The largest id a database integer column holds.
_MAX_ID = 2**31 - 1


def query_id() -> fields.Integer:
    """An id in a query string, where everything arrives as text."""
    return fields.Integer(strict=False, validate=validate.Range(1, _MAX_ID))


#: How a reservation reads (``expired``: active, past its expiry, no longer holding).
STATUSES = ["active", "expired", "collected", "cancelled"]


class ReservationSchema(Schema):
    id = fields.Integer()
    store_id = fields.Integer(metadata={"description": "the shop keeping the goods"})
    product_id = fields.Integer()
    product_name = fields.String()
    quantity = Decimal3()
    customer_name = fields.String()
    customer_phone = fields.String()
    note = fields.String()
    status = fields.String(metadata={"enum": STATUSES})
    expires_at = fields.AwareDateTime(metadata={"description": "the hold ends then"})
    created_by = fields.Integer()
    created_at = fields.AwareDateTime()
    closed_by = fields.Integer(allow_none=True)
    closed_at = fields.AwareDateTime(allow_none=True)


class ReservationInSchema(Schema):
    store_id = Id(required=True, metadata={"description": "the shop to keep the goods"})
    product_id = Id(required=True)
    quantity = Quantity(required=True)
    customer_name = fields.String(required=True, validate=validate.Length(1, 200))
    customer_phone = fields.String(
        load_default="", validate=[validate.Length(0, 40), validate.Regexp(r"^[0-9 +().-]*$")]
    )
    note = fields.String(load_default="", validate=validate.Length(0, 500))


class ReservationQuerySchema(Schema):
    store_id = query_id()
    status = fields.String(validate=validate.OneOf(STATUSES))
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 500))
    offset = fields.Integer(load_default=0, validate=validate.Range(0, 10**9))
