"""Payloads of ``/api/v1/stores``, ``/api/v1/transfers`` and the per-store stock."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from core.plugins import Id, Money, Quantity, decimal_text

from .store_pricing import CASH_ROUNDINGS, TAX_ROUNDINGS


class Decimal3(fields.Field):
    """A quantity written as the API writes quantities (``"12.5"``)."""

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else decimal_text(value)


_TEXTS = {
    "address": 500,
    "tax_id": 64,
    "company_number": 64,
    "receipt_header": 2000,
    "receipt_footer": 2000,
}


def _text(limit: int) -> fields.String:
    return fields.String(validate=validate.Length(0, limit))


class StorePricingInSchema(Schema):
    """A store's own pricing settings; null (the default) keeps the shop-wide one."""

    prices_include_tax = fields.Boolean(
        allow_none=True, metadata={"description": "shelf prices include tax; null: the shop's"}
    )
    tax_rounding = fields.String(
        allow_none=True,
        validate=validate.OneOf(TAX_ROUNDINGS),
        metadata={"description": "line or total; null: the shop's"},
    )
    cash_rounding = fields.Integer(
        allow_none=True,
        strict=True,
        validate=validate.OneOf(CASH_ROUNDINGS),
        metadata={"description": "smallest coin of a cash total, minor units; null: the shop's"},
    )


def _reservation_days() -> fields.Integer:
    return fields.Integer(
        allow_none=True,
        strict=True,  # 2.5 days is refused, not cut to 2
        validate=validate.Range(1, 60),
        metadata={
            "description": "days a reservation made here holds, 1 to 60; null: the "
            "plugin's reservation_days setting"
        },
    )


class StoreSchema(Schema):
    id = fields.Integer()
    code = fields.String()
    name = fields.String()
    address = fields.String()
    tax_id = fields.String(metadata={"description": "the VAT number on its receipts"})
    company_number = fields.String()
    receipt_header = fields.String()
    receipt_footer = fields.String(metadata={"description": "empty: the shop-wide footer"})
    prices_include_tax = fields.Boolean(
        allow_none=True, metadata={"description": "null: the shop-wide setting"}
    )
    tax_rounding = fields.String(
        allow_none=True, metadata={"description": "line or total; null: the shop-wide setting"}
    )
    cash_rounding = fields.Integer(
        allow_none=True, metadata={"description": "minor units; null: the shop-wide setting"}
    )
    reservation_days = fields.Integer(
        allow_none=True, metadata={"description": "null: the plugin's reservation_days setting"}
    )
    location_id = fields.Integer(metadata={"description": "where its goods are counted"})
    location_ids = fields.List(fields.Integer())
    register_ids = fields.List(
        fields.Integer(), metadata={"description": "the registers selling from its locations"}
    )
    user_ids = fields.List(fields.Integer(), metadata={"description": "the users assigned"})


class StoreInSchema(StorePricingInSchema):
    code = fields.String(
        required=True, validate=[validate.Length(1, 32), validate.Regexp(r"^[A-Za-z0-9_-]+$")]
    )
    name = fields.String(required=True, validate=validate.Length(1, 120))
    #: An existing location to adopt; a new one is made when not given.
    location_id = Id(load_default=None)
    user_ids = fields.List(Id(), validate=validate.Length(0, 1000))
    address = _text(500)
    tax_id = _text(64)
    company_number = _text(64)
    receipt_header = _text(2000)
    receipt_footer = _text(2000)
    reservation_days = _reservation_days()


class StorePatchSchema(StorePricingInSchema):
    name = fields.String(validate=validate.Length(1, 120))
    location_ids = fields.List(
        Id(), validate=validate.Length(0, 100), metadata={"description": "locations to adopt"}
    )
    user_ids = fields.List(Id(), validate=validate.Length(0, 1000))
    address = _text(500)
    tax_id = _text(64)
    company_number = _text(64)
    receipt_header = _text(2000)
    receipt_footer = _text(2000)
    reservation_days = _reservation_days()


class StorePriceSchema(Schema):
    store_id = fields.Integer()
    product_id = fields.Integer()
    price = fields.Integer(metadata={"description": "minor units; null: the catalog's"})


class StorePriceInSchema(Schema):
    price = Money(required=True, allow_none=True)


class LocationStockSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    quantity = Decimal3()


class StoreStockSchema(Schema):
    store_id = fields.Integer()
    code = fields.String()
    name = fields.String()
    quantity = Decimal3(metadata={"description": "on hand"})
    reserved = Decimal3(metadata={"description": "held by active reservations"})
    available = Decimal3(metadata={"description": "on hand minus reserved"})
    locations = fields.List(fields.Nested(LocationStockSchema))


class TransferLineSchema(Schema):
    id = fields.Integer()
    product_id = fields.Integer()
    quantity = Decimal3()
    received = Decimal3(allow_none=True, metadata={"description": "counted on arrival"})
    difference = Decimal3(
        allow_none=True, metadata={"description": "received - sent (negative: missing)"}
    )


class TransferSchema(Schema):
    id = fields.Integer()
    reference = fields.String(metadata={"description": "as the stock ledger shows it"})
    from_store_id = fields.Integer()
    to_store_id = fields.Integer()
    status = fields.String(metadata={"enum": ["draft", "sent", "received"]})
    note = fields.String()
    created_by = fields.Integer()
    created_at = fields.AwareDateTime()
    sent_at = fields.AwareDateTime(allow_none=True)
    received_at = fields.AwareDateTime(allow_none=True)
    lines = fields.List(fields.Nested(TransferLineSchema))


class TransferLineInSchema(Schema):
    product_id = Id(required=True)
    quantity = Quantity(required=True)


class TransferInSchema(Schema):
    from_store_id = Id(required=True)
    to_store_id = Id(required=True)
    note = fields.String(load_default="", validate=validate.Length(0, 500))
    lines = fields.List(
        fields.Nested(TransferLineInSchema), required=True, validate=validate.Length(1, 500)
    )


class CountedLineSchema(Schema):
    product_id = Id(required=True)
    quantity = Quantity(required=True, allow_zero=True)


class ReceiveInSchema(Schema):
    #: What was counted on arrival, per product; a product left out arrived whole.
    lines = fields.List(
        fields.Nested(CountedLineSchema), load_default=list, validate=validate.Length(0, 500)
    )


class TransferQuerySchema(Schema):
    status = fields.String(validate=validate.OneOf(["draft", "sent", "received"]))
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 500))
    offset = fields.Integer(load_default=0, validate=validate.Range(0, 10**9))


#: ``from`` and ``to`` are Python keywords: the schema is built from a dict.
ReportQuerySchema = Schema.from_dict(
    {
        "from": fields.AwareDateTime(required=True, metadata={"description": "included"}),
        "to": fields.AwareDateTime(required=True, metadata={"description": "excluded"}),
    },
    name="StoreReportQuerySchema",
)


class StoreFiguresSchema(Schema):
    store_id = fields.Integer()
    code = fields.String()
    name = fields.String()
    count = fields.Integer()
    total = fields.Integer()
    refunded = fields.Integer()
    net = fields.Integer()


class TotalsSchema(Schema):
    count = fields.Integer()
    total = fields.Integer()
    refunded = fields.Integer()
    net = fields.Integer()


class StoreReportSchema(Schema):
    stores = fields.List(fields.Nested(StoreFiguresSchema))
    consolidated = fields.Nested(TotalsSchema)
