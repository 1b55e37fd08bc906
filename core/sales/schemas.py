"""Payloads of the sales API (SPEC section 4)."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, pre_load, validate, validates_schema

from ..fields import Id, Money, Percent, Quantity, UUIDString
from .line_kinds import KindItem

MAX_LINES = 500


def receipt_number(register_code: str, number: int) -> str:
    """What is printed on receipts and typed to find a sale: ``R1-000042``."""
    return f"{register_code}-{number:06d}"


MAX_PAYMENTS = 20


class LineInSchema(Schema):
    product_id = Id(load_default=None)
    barcode = fields.String(load_default=None, validate=validate.Length(1, 32))
    quantity = Quantity(required=True)
    discount_percent = Percent(load_default=None)
    discount_amount = Money(load_default=None)
    #: Only with ``"offline": true``: the price and rate the till charged.
    unit_price = Money(load_default=None)
    tax_rate = Percent(load_default=None)
    #: A plugin's line kind, put here by ``_plugin_kinds`` (never from the JSON).
    kind_item = fields.Raw(data_key="__kind__", load_default=None)

    @pre_load
    def _plugin_kinds(self, data, **kwargs):
        """``{"gift_card": {...}}``: a line of a plugin's kind, validated by its schema."""
        from ..plugins.context import current_runtime

        if not isinstance(data, dict) or "__kind__" in data:
            return data
        kinds = current_runtime().line_kinds
        found = [key for key in data if key in kinds]
        if not found:
            return data
        if len(found) > 1:
            raise ValidationError("a line has one kind", found[1])
        code = found[0]
        data = dict(data)
        try:
            payload = kinds[code].schema().load(data.pop(code) or {})
        except ValidationError as error:
            raise ValidationError({code: error.messages}) from None
        data["__kind__"] = KindItem(code, payload)
        data.setdefault("quantity", 1)
        return data

    @validates_schema
    def _one_key(self, data, **kwargs):
        item = data.get("kind_item")
        if item is not None:
            if not isinstance(item, KindItem):
                raise ValidationError("unknown field", "__kind__")
            if data.get("product_id") is not None or data.get("barcode") is not None:
                raise ValidationError(f"a {item.code} line has no product", item.code)
            return
        if (data.get("product_id") is None) == (data.get("barcode") is None):
            raise ValidationError("give either product_id or barcode", "product_id")
        if data.get("discount_percent") is not None and data.get("discount_amount") is not None:
            raise ValidationError(
                "give either discount_percent or discount_amount", "discount_percent"
            )


class PaymentInSchema(Schema):
    method = fields.String(required=True, validate=validate.Length(1, 32))
    amount = Money(required=True, minimum=1)
    reference = fields.String(load_default=None, validate=validate.Length(0, 64))
    card_last4 = fields.String(load_default=None, validate=validate.Regexp(r"^\d{4}$"))


class ApprovalSchema(Schema):
    """A manager's PIN typed on the till to approve a discount beyond the limit."""

    user_id = Id(required=True)
    pin = fields.String(required=True, validate=validate.Length(1, 16))


class CartInSchema(Schema):
    register_id = Id(required=True)
    lines = fields.List(
        fields.Nested(LineInSchema), required=True, validate=validate.Length(1, MAX_LINES)
    )
    customer_id = Id(load_default=None, allow_none=True)
    coupons = fields.List(
        fields.String(validate=validate.Length(1, 64)),
        load_default=list,
        validate=validate.Length(0, 20),
    )
    discount_percent = Percent(load_default=None)
    discount_amount = Money(load_default=None)
    approval = fields.Nested(ApprovalSchema, load_default=None)

    @validates_schema
    def _one_discount(self, data, **kwargs):
        if data.get("discount_percent") is not None and data.get("discount_amount") is not None:
            raise ValidationError(
                "give either discount_percent or discount_amount", "discount_percent"
            )


class QuoteInSchema(CartInSchema):
    pass


class SaleInSchema(CartInSchema):
    id = UUIDString(required=True)
    payments = fields.List(
        fields.Nested(PaymentInSchema), required=True, validate=validate.Length(1, MAX_PAYMENTS)
    )
    #: The register's own receipt number; must follow the last one (else 409).
    number = fields.Integer(load_default=None, strict=True, validate=validate.Range(1, 10**9))
    #: Completed by a till while the server was unreachable: recorded as the till sold it.
    offline = fields.Boolean(load_default=False)
    completed_at = fields.AwareDateTime(load_default=None)

    @validates_schema
    def _offline_prices(self, data, **kwargs):
        offline = data.get("offline")
        for index, line in enumerate(data.get("lines") or []):
            priced = line.get("unit_price") is not None and line.get("tax_rate") is not None
            if offline and not priced:
                raise ValidationError(
                    "an offline sale gives each line's unit_price and tax_rate", f"lines.{index}"
                )
            if not offline and (
                line.get("unit_price") is not None or line.get("tax_rate") is not None
            ):
                raise ValidationError(
                    "prices are the catalog's unless the sale was offline", f"lines.{index}"
                )
        if offline and data.get("completed_at") is None:
            raise ValidationError("an offline sale gives its completed_at", "completed_at")


class AdjustmentOutSchema(Schema):
    amount = fields.Integer()
    label = fields.String()
    source = fields.String()


class LineOutSchema(Schema):
    id = fields.Integer()
    position = fields.Integer()
    kind = fields.String()
    product_id = fields.Integer(allow_none=True)
    sku = fields.String()
    name = fields.String()
    barcode = fields.String(allow_none=True)
    quantity = Quantity()
    unit_price = fields.Integer()
    base = fields.Integer()
    adjustments = fields.List(fields.Nested(AdjustmentOutSchema))
    line_discount = fields.Integer()
    cart_discount = fields.Integer()
    discount = fields.Integer()
    total = fields.Integer()
    net = fields.Integer()
    tax = fields.Integer()
    tax_rate = Percent()
    refunded_quantity = Quantity()
    data = fields.Dict()


class PaymentOutSchema(Schema):
    method = fields.String()
    amount = fields.Integer()
    reference = fields.String(allow_none=True)
    card_last4 = fields.String(allow_none=True)
    data = fields.Dict()


class TaxOutSchema(Schema):
    rate = Percent()
    base = fields.Integer()
    tax = fields.Integer()
    total = fields.Integer()


class RefundSummarySchema(Schema):
    id = fields.String()
    kind = fields.String()
    number = fields.Integer()
    total = fields.Integer()
    created_at = fields.AwareDateTime()


class SaleOutSchema(Schema):
    id = fields.String()
    number = fields.Integer()
    receipt_number = fields.Method("_receipt_number")
    status = fields.Method("_status")
    register_id = fields.Integer()
    cash_session_id = fields.Integer(allow_none=True)
    user_id = fields.Integer()
    customer_id = fields.Integer(allow_none=True)
    currency = fields.String()
    prices_include_tax = fields.Boolean()
    subtotal = fields.Integer()
    discount_total = fields.Integer()
    net_total = fields.Integer()
    tax_total = fields.Integer()
    total = fields.Integer()
    rounding = fields.Integer()
    paid_total = fields.Integer()
    change = fields.Integer()
    completed_at = fields.AwareDateTime()
    lines = fields.List(fields.Nested(LineOutSchema))
    payments = fields.List(fields.Nested(PaymentOutSchema))
    taxes = fields.List(fields.Nested(TaxOutSchema))
    refunds = fields.List(fields.Nested(RefundSummarySchema))
    data = fields.Dict()

    def _receipt_number(self, sale):
        return receipt_number(sale.register.code, sale.number)

    def _status(self, sale):
        return "voided" if any(r.kind == "void" for r in sale.refunds) else "completed"


class QuoteOutSchema(Schema):
    currency = fields.String()
    prices_include_tax = fields.Boolean()
    lines = fields.List(fields.Dict())
    cart_adjustments = fields.List(fields.Nested(AdjustmentOutSchema))
    subtotal = fields.Integer()
    discount_total = fields.Integer()
    net_total = fields.Integer()
    tax_total = fields.Integer()
    total = fields.Integer()
    cash_total = fields.Integer()
    cash_rounding = fields.Integer()
    taxes = fields.List(fields.Nested(TaxOutSchema))


class RefundLineInSchema(Schema):
    line_id = Id(required=True)
    quantity = Quantity(required=True)


class RefundInSchema(Schema):
    id = UUIDString(required=True)
    register_id = Id(load_default=None)
    lines = fields.List(
        fields.Nested(RefundLineInSchema), required=True, validate=validate.Length(1, MAX_LINES)
    )
    payments = fields.List(
        fields.Nested(PaymentInSchema), required=True, validate=validate.Length(1, MAX_PAYMENTS)
    )
    reason = fields.String(load_default="", validate=validate.Length(0, 500))


class VoidInSchema(Schema):
    id = UUIDString(required=True)
    reason = fields.String(load_default="", validate=validate.Length(0, 500))


class RefundLineOutSchema(Schema):
    id = fields.Integer()
    sale_line_id = fields.Integer()
    quantity = Quantity()
    total = fields.Integer()
    net = fields.Integer()
    tax = fields.Integer()
    tax_rate = Percent()


class RefundPaymentOutSchema(Schema):
    method = fields.String()
    amount = fields.Integer()
    reference = fields.String(allow_none=True)


class RefundOutSchema(Schema):
    id = fields.String()
    sale_id = fields.String()
    kind = fields.String()
    number = fields.Integer()
    receipt_number = fields.Method("_receipt_number")
    register_id = fields.Integer()
    user_id = fields.Integer()
    reason = fields.String()
    total = fields.Integer()
    net_total = fields.Integer()
    tax_total = fields.Integer()
    created_at = fields.AwareDateTime()
    lines = fields.List(fields.Nested(RefundLineOutSchema))
    payments = fields.List(fields.Nested(RefundPaymentOutSchema))

    def _receipt_number(self, refund):
        return receipt_number(refund.register.code, refund.number)


class SalesQuerySchema(Schema):
    from_ = fields.AwareDateTime(data_key="from", load_default=None)
    to = fields.AwareDateTime(load_default=None)
    register_id = Id(load_default=None)
    user_id = Id(load_default=None)
    customer_id = Id(load_default=None)
    receipt = fields.String(
        load_default=None,
        validate=validate.Length(1, 64),
        metadata={"description": "a receipt number like R1-000042"},
    )
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 500))
    offset = fields.Integer(load_default=0, validate=validate.Range(0, 10**9))


class ParkInSchema(CartInSchema):
    id = UUIDString(required=True)
    label = fields.String(load_default="", validate=validate.Length(0, 120))


class ParkedOutSchema(Schema):
    id = fields.String()
    register_id = fields.Integer()
    user_id = fields.Integer()
    label = fields.String()
    cart = fields.Dict()
    total = fields.Integer()
    created_at = fields.AwareDateTime()


class PaymentMethodOutSchema(Schema):
    code = fields.String()
    title = fields.String()
    is_cash = fields.Boolean()
    gives_change = fields.Boolean()
    works_offline = fields.Boolean()
