"""Payloads of ``/api/v1/suppliers``, ``/api/v1/purchase-orders`` and
``/api/v1/reorder-suggestions``. Money is minor units; quantities decimal strings."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from marshmallow import Schema, ValidationError, fields, validate

from core.plugins import Id, Money, Quantity, UUIDString

from .models import STATUSES

#: The largest id the API accepts (PostgreSQL's INTEGER).
MAX_ID = 2**31 - 1


#: An e-mail address, or nothing (a supplier reached by phone). Checked as the OpenAPI
#: document says, so that what the document allows is what is taken.
EMAIL_OR_EMPTY = r"^$|^[^@\s]+@[^@\s]+\.[^@\s.]+$"


def _email_or_empty(value: str) -> None:
    if re.fullmatch(EMAIL_OR_EMPTY, value) is None:
        raise ValidationError(_("not an e-mail address"))


def email_field(**kwargs) -> fields.String:
    return fields.String(
        validate=[validate.Length(0, 254), _email_or_empty],
        metadata={"pattern": EMAIL_OR_EMPTY},
        **kwargs,
    )


def query_id() -> fields.Integer:
    """An id in a query string, where everything arrives as text."""
    return fields.Integer(validate=validate.Range(1, MAX_ID))


class SupplierSchema(Schema):
    id = fields.Integer(dump_only=True)
    name = fields.String(required=True, validate=validate.Length(1, 200))
    contact = fields.String(load_default="", validate=validate.Length(0, 200))
    email = email_field(load_default="")
    phone = fields.String(load_default="", validate=validate.Length(0, 40))
    address = fields.String(load_default="", validate=validate.Length(0, 500))
    vat_number = fields.String(load_default="", validate=validate.Length(0, 40))
    lead_time_days = fields.Integer(load_default=7, strict=True, validate=validate.Range(0, 365))
    active = fields.Boolean(dump_only=True)
    created_at = fields.AwareDateTime(dump_only=True)


class SupplierPatchSchema(Schema):
    name = fields.String(validate=validate.Length(1, 200))
    contact = fields.String(validate=validate.Length(0, 200))
    email = email_field()
    phone = fields.String(validate=validate.Length(0, 40))
    address = fields.String(validate=validate.Length(0, 500))
    vat_number = fields.String(validate=validate.Length(0, 40))
    lead_time_days = fields.Integer(strict=True, validate=validate.Range(0, 365))
    active = fields.Boolean()


class SupplierQuerySchema(Schema):
    include_inactive = fields.Boolean(load_default=False)


class SupplierProductSchema(Schema):
    """What a supplier sells of a product: its reference, units per pack, cost per unit."""

    supplier_id = fields.Integer(dump_only=True)
    supplier_name = fields.Function(lambda row: row.supplier.name, dump_only=True)
    product_id = Id(required=True)
    reference = fields.String(load_default="", validate=validate.Length(0, 64))
    pack_size = Quantity(load_default=None, allow_none=True)
    cost = Money(load_default=None, allow_none=True)
    preferred = fields.Boolean(load_default=False)


class SupplierProductInSchema(SupplierProductSchema):
    """The body of ``PUT /suppliers/<id>/products`` (its own component in the OpenAPI
    document, where what clients send is constrained more than what they are sent)."""


class ProductSuppliersQuerySchema(Schema):
    product_id = query_id()


class OrderLineInSchema(Schema):
    product_id = Id(required=True)
    quantity = Quantity(required=True)
    unit_cost = Money(load_default=None, allow_none=True)


class OrderLinePatchSchema(Schema):
    """What may change on a draft's line (what is left out stays)."""

    quantity = Quantity(load_default=None)
    unit_cost = Money(load_default=None)


class OrderInSchema(Schema):
    supplier_id = Id(required=True)
    location_id = Id(required=True)
    note = fields.String(load_default="", validate=validate.Length(0, 1000))
    lines = fields.List(
        fields.Nested(OrderLineInSchema), required=True, validate=validate.Length(1, 500)
    )


class OrderLineSchema(Schema):
    id = fields.Integer()
    product_id = fields.Integer()
    sku = fields.String()
    name = fields.String()
    supplier_reference = fields.String()
    quantity = Quantity()
    received_quantity = Quantity(allow_zero=True)
    unit_cost = fields.Integer()
    total = fields.Integer()


class OrderSchema(Schema):
    id = fields.Integer()
    reference = fields.String(metadata={"example": "PO-12"})
    supplier_id = fields.Integer()
    supplier_name = fields.Function(lambda order: order.supplier.name)
    location_id = fields.Integer()
    status = fields.String(metadata={"enum": list(STATUSES)})
    note = fields.String()
    total = fields.Integer()
    created_at = fields.AwareDateTime()
    sent_at = fields.AwareDateTime(allow_none=True)
    received_at = fields.AwareDateTime(allow_none=True)
    cancelled_at = fields.AwareDateTime(allow_none=True)
    lines = fields.List(fields.Nested(OrderLineSchema))


class OrderQuerySchema(Schema):
    status = fields.String(validate=validate.OneOf(STATUSES))
    supplier_id = query_id()
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 500))
    offset = fields.Integer(load_default=0, validate=validate.Range(0, 10**9))


class ReceiveLineSchema(Schema):
    line_id = Id(required=True)
    quantity = Quantity(required=True)
    unit_cost = Money(load_default=None, allow_none=True)


class ReceiveSchema(Schema):
    """The goods that came; no ``lines`` (or an empty list): everything still expected."""

    #: The client's id for this delivery: a retry with the same id books nothing again.
    id = UUIDString(
        load_default=None,
        metadata={
            "description": "the client's UUID for the delivery: a retry with it is "
            "answered with the order as booked, nothing received twice"
        },
    )
    lines = fields.List(
        fields.Nested(ReceiveLineSchema), load_default=list, validate=validate.Length(0, 500)
    )
    note = fields.String(load_default="", validate=validate.Length(0, 500))


class ReorderPointSchema(Schema):
    product_id = Id(required=True)
    location_id = Id(required=True)
    reorder_point = Quantity(required=True, allow_zero=True)
    reorder_quantity = Quantity(required=True, allow_zero=True)


class ReorderPointInSchema(ReorderPointSchema):
    """The body of ``PUT /reorder-points``."""


class LocationQuerySchema(Schema):
    location_id = query_id()


class SuggestionQuerySchema(Schema):
    location_id = query_id()
    days = fields.Integer(validate=validate.Range(1, 365))


class SuggestionSchema(Schema):
    product_id = fields.Integer()
    sku = fields.Function(lambda item: item.product.sku)
    name = fields.Function(lambda item: item.product.name)
    location_id = fields.Integer()
    stock = Quantity(allow_zero=True)
    on_order = Quantity(allow_zero=True)
    reorder_point = Quantity(allow_zero=True)
    reorder_quantity = Quantity(allow_zero=True)
    velocity = Quantity(allow_zero=True, metadata={"description": "units sold per day"})
    days_of_cover = fields.Decimal(as_string=True, allow_none=True)
    quantity = Quantity(metadata={"description": "to order, whole packs"})
    pack_size = Quantity()
    packs = fields.Decimal(as_string=True)
    supplier_id = fields.Integer(allow_none=True)
    supplier_reference = fields.String()
    unit_cost = fields.Integer(allow_none=True)
    total = fields.Integer()


class SupplierGroupSchema(Schema):
    supplier_id = fields.Integer(allow_none=True)
    supplier_name = fields.Function(lambda group: group.supplier.name if group.supplier else None)
    total = fields.Integer()
    suggestions = fields.List(fields.Nested(SuggestionSchema))


class CreateOrdersSchema(Schema):
    location_id = Id()
    days = fields.Integer(validate=validate.Range(1, 365))
    supplier_ids = fields.List(Id(), validate=validate.Length(1, 500))
