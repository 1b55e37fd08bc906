"""Payloads of the catalog API."""

from __future__ import annotations

import datetime as dt
import typing as t

from flask_babel import gettext as _
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ..fields import MAX_ID, NOT_BLANK, Id, Money, Percent, Quantity
from .gtin import InvalidBarcode, check_barcode
from .sync import MAX_SYNC_PAGE

MAX_PAGE = 500
#: Strict JSON booleans: ``"yes"`` or ``1`` for a flag is more likely a client bug.
STRICT_BOOL = {"truthy": {True}, "falsy": {False}}


class BarcodeField(fields.String):
    """A barcode, checked by the catalog's rule (:mod:`core.catalog.gtin`). The OpenAPI
    document's pattern is the in-store codes that start with a letter (a generated request
    sends no GTIN with a wrong check digit); valid GTINs are accepted too."""

    def __init__(self, **kwargs: t.Any):
        super().__init__(**kwargs)
        self.metadata.setdefault("pattern", "^[A-Za-z][A-Za-z0-9._-]{0,31}$")
        self.metadata.setdefault(
            "description", "a GTIN (EAN-13, UPC...) with its check digit, or an in-store code"
        )

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            return check_barcode(text)
        except InvalidBarcode as exc:
            raise ValidationError(str(exc)) from None


def query_id(**kwargs) -> fields.Integer:
    """An id in a query string, where everything arrives as text."""
    return fields.Integer(strict=False, validate=validate.Range(1, MAX_ID), **kwargs)


class Instant(fields.Field):
    """An ISO 8601 timestamp with its offset. In a query string an unencoded ``+`` of the
    offset arrives as a space; it is read back as ``+``."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.metadata.setdefault("type", "string")
        self.metadata.setdefault("format", "date-time")

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str):
            raise ValidationError(_("an ISO 8601 timestamp is required"))
        text = value.strip().replace(" ", "+")
        try:
            instant = dt.datetime.fromisoformat(text)
        except ValueError:
            raise ValidationError(_("not an ISO 8601 timestamp")) from None
        if instant.tzinfo is None:
            raise ValidationError(_("give the offset, e.g. 2024-05-01T12:00:00+00:00"))
        return instant


# -- products -------------------------------------------------------------------------------


class BarcodeSchema(Schema):
    code = fields.String()


class ProductSchema(Schema):
    id = fields.Integer()
    sku = fields.String()
    name = fields.String()
    price = Money(metadata={"description": "minor units; tax included if the store says so"})
    cost = Money(allow_none=True)
    barcodes = fields.Pluck(BarcodeSchema, "code", many=True)
    tax_rate = Percent(attribute="tax_rate.rate")
    tax_rate_id = fields.Integer()
    category_id = fields.Integer(allow_none=True)
    active = fields.Boolean()
    sold_by = fields.String(metadata={"enum": ["unit", "weight"]})
    stock = Quantity(metadata={"description": "quantity at the default location"})
    reorder_level = Quantity(
        allow_none=True, metadata={"description": "stock at or below which it is low"}
    )
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class _ProductInput(Schema):
    sku = fields.String(validate=validate.Length(1, 64), metadata={"pattern": NOT_BLANK})
    name = fields.String(validate=validate.Length(1, 200), metadata={"pattern": NOT_BLANK})
    price = Money()
    cost = Money(allow_none=True)
    barcodes = fields.List(BarcodeField(), validate=validate.Length(max=50))
    tax_rate = Percent(metadata={"description": "matched to an existing rate"})
    tax_rate_id = Id()
    category_id = Id(allow_none=True)
    active = fields.Boolean(**STRICT_BOOL)
    sold_by = fields.String(validate=validate.OneOf(["unit", "weight"]))
    reorder_level = Quantity(
        allow_zero=True,
        allow_none=True,
        metadata={"description": "stock at or below which the product is low; null: never"},
    )

    @validates_schema
    def _one_tax_rate(self, data, **kwargs):
        if "tax_rate" in data and "tax_rate_id" in data:
            raise ValidationError(_("give tax_rate or tax_rate_id, not both"), "tax_rate")


class ProductCreateSchema(_ProductInput):
    name = fields.String(
        required=True, validate=validate.Length(1, 200), metadata={"pattern": NOT_BLANK}
    )
    price = Money(required=True)
    stock = Quantity(
        allow_zero=True, metadata={"description": "initial quantity at the default location"}
    )


class ProductUpdateSchema(_ProductInput):
    """Every field optional; ``barcodes`` replaces the list. Stock moves through
    ``/api/v1/stock/adjustments``."""


class ProductQuerySchema(Schema):
    """``updated_since`` with ``after_id`` is the till's sync cursor (keyset paging on
    ``(updated_at, id)``); ``updated_since`` alone still answers ``>=`` as before."""

    q = fields.String(
        validate=validate.Length(max=200),
        metadata={"description": "barcode, SKU (or its start), or words starting the name's"},
    )
    barcode = fields.String(validate=validate.Length(1, 32))
    category_id = query_id()
    active = fields.Boolean(
        metadata={"description": "default: true, or both when updated_since is given"}
    )
    updated_since = Instant(
        metadata={"description": "products changed at or after this instant, inactive too"}
    )
    after_id = fields.Integer(
        strict=False,
        validate=validate.Range(0, MAX_ID),
        metadata={
            "description": "with updated_since, the sync cursor's other half: products "
            "changed after updated_since, or at that very instant with an id greater than "
            "this (give the last product of the previous page: nothing is fetched twice "
            "or missed, even when many products share an updated_at)"
        },
    )
    limit = fields.Integer(load_default=50, strict=False, validate=validate.Range(1, MAX_PAGE))
    offset = fields.Integer(load_default=0, validate=validate.Range(0, 10**9))

    @validates_schema
    def _cursor_whole(self, data, **kwargs):
        if "after_id" in data and "updated_since" not in data:
            raise ValidationError(_("after_id goes with updated_since"), "after_id")
        if "after_id" in data and data.get("offset"):
            # The cursor says where the page starts.
            raise ValidationError(_("after_id pages without an offset"), "offset")


class ProductSyncQuerySchema(Schema):
    """The till's catalog download, a cursor on ``(updated_at, id)``."""

    updated_since = Instant(
        required=True,
        metadata={
            "description": "the cursor's instant: the last product of the previous page's "
            "updated_at (1970-01-01T00:00:00Z the first time)"
        },
    )
    after_id = fields.Integer(
        load_default=0,
        strict=False,
        validate=validate.Range(0, MAX_ID),
        metadata={"description": "the cursor's other half: that product's id (0 at first)"},
    )
    limit = fields.Integer(
        load_default=MAX_SYNC_PAGE, strict=False, validate=validate.Range(1, MAX_SYNC_PAGE)
    )


class ProductSyncSchema(Schema):
    """A product as the till keeps it (``GET /products`` has these fields and more)."""

    id = fields.Integer()
    sku = fields.String()
    name = fields.String()
    price = Money()
    barcodes = fields.List(fields.String())
    tax_rate = Percent()
    tax_rate_id = fields.Integer()
    category_id = fields.Integer(allow_none=True)
    active = fields.Boolean()
    sold_by = fields.String(metadata={"enum": ["unit", "weight"]})
    updated_at = fields.DateTime()


class DeletedSchema(Schema):
    id = fields.Integer()
    outcome = fields.String(
        metadata={"enum": ["deleted", "deactivated"], "description": "deactivated if sold"}
    )


# -- categories and tax rates ---------------------------------------------------------------


class CategorySchema(Schema):
    id = fields.Integer()
    name = fields.String()
    parent_id = fields.Integer(allow_none=True)
    color = fields.String()
    position = fields.Integer()
    updated_at = fields.DateTime()


class CategoryUpdateSchema(Schema):
    name = fields.String(validate=validate.Length(1, 120))
    parent_id = Id(allow_none=True)
    color = fields.String(validate=validate.Regexp(r"^(#[0-9a-fA-F]{3,8}|[a-z]{0,16})$"))
    position = fields.Integer(strict=True, validate=validate.Range(-(10**6), 10**6))


class CategoryCreateSchema(CategoryUpdateSchema):
    name = fields.String(required=True, validate=validate.Length(1, 120))


class TaxRateSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    rate = Percent()
    is_default = fields.Boolean()


class TaxRateUpdateSchema(Schema):
    name = fields.String(validate=validate.Length(1, 64))
    rate = Percent()
    is_default = fields.Boolean(**STRICT_BOOL)


class TaxRateCreateSchema(TaxRateUpdateSchema):
    name = fields.String(required=True, validate=validate.Length(1, 64))
    rate = Percent(required=True)
