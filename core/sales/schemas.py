"""Payloads of the sales API (SPEC section 4)."""

from __future__ import annotations

from flask_babel import gettext as _
from marshmallow import (
    Schema,
    ValidationError,
    fields,
    post_load,
    pre_load,
    validate,
    validates_schema,
)

from ..auth.schemas import approval_field
from ..catalog.schemas import query_id
from ..fields import INTERNAL, MAX_MONEY, Id, Money, Percent, Quantity, UUIDString
from ..plugins.context import current_runtime
from .line_kinds import KindItem
from .payment_methods import load_fields
from .records import receipt_number

__all__ = ["receipt_number"]

MAX_LINES = 500
MAX_PAYMENTS = 20


class AddedLineInSchema(Schema):
    """A line a till pricing module added to a sale made offline, as the till charged it."""

    source = fields.String(required=True, validate=validate.Length(1, 64))
    kind = fields.String(required=True, validate=validate.Length(1, 32))
    name = fields.String(required=True, validate=validate.Length(1, 200))
    sku = fields.String(load_default="", validate=validate.Length(0, 64))
    unit_price = Money(required=True, minimum=-MAX_MONEY)
    tax_rate = Percent(required=True)
    for_line = fields.Integer(load_default=None, strict=True, validate=validate.Range(0, 499))
    product_id = Id(load_default=None)
    data = fields.Dict(load_default=dict)
    #: A surcharge: priced after every discount (the cart's discount does not touch it).
    surcharge = fields.Boolean(load_default=False)


class LineInSchema(Schema):
    product_id = Id(load_default=None)
    barcode = fields.String(load_default=None, validate=validate.Length(1, 32))
    quantity = Quantity(required=True)
    discount_percent = Percent(load_default=None)
    discount_amount = Money(load_default=None)
    #: Only with ``"offline": true``: the price and rate the till charged (negative for a
    #: plugin's credit line), and a plugin line's name.
    unit_price = Money(load_default=None, minimum=-MAX_MONEY)
    tax_rate = Percent(load_default=None)
    name = fields.String(load_default=None, validate=validate.Length(1, 200))
    #: Only with ``"offline": true``: a line a till pricing module added.
    added = fields.Nested(AddedLineInSchema, load_default=None)
    #: A plugin's line kind, put here by ``_plugin_kinds`` (never from the JSON).
    kind_item = fields.Raw(data_key="__kind__", load_default=None, metadata={INTERNAL: True})

    @pre_load
    def _plugin_kinds(self, data, **kwargs):
        """``{"gift_card": {...}}``: a line of a plugin's kind, validated by its schema."""
        if not isinstance(data, dict) or "__kind__" in data:
            return data
        kinds = current_runtime().line_kinds
        found = [key for key in data if key in kinds]
        if not found:
            return data
        if len(found) > 1:
            raise ValidationError(_("a line has one kind"), found[1])
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
                raise ValidationError(_("unknown field"), "__kind__")
            if data.get("product_id") is not None or data.get("barcode") is not None:
                raise ValidationError(
                    _("a %(kind)s line has no product", kind=item.code), item.code
                )
            return
        if data.get("added") is not None:
            if data.get("product_id") is not None or data.get("barcode") is not None:
                raise ValidationError(_("an added line names its product inside"), "added")
            return
        if (data.get("product_id") is None) == (data.get("barcode") is None):
            raise ValidationError(_("give either product_id or barcode"), "product_id")
        if data.get("discount_percent") is not None and data.get("discount_amount") is not None:
            raise ValidationError(
                _("give either discount_percent or discount_amount"), "discount_percent"
            )


class PaymentInSchema(Schema):
    """A tender: ``amount`` in minor units, negative for money handed out when the cart
    totals below zero; ``fields`` what the method asks for (``GET /payment-methods``)."""

    method = fields.String(required=True, validate=validate.Length(1, 32))
    amount = Money(required=True, minimum=-MAX_MONEY)
    #: ``fields`` in JSON (a schema's own ``fields`` attribute is taken by marshmallow).
    field_values = fields.Dict(data_key="fields", load_default=dict)

    #: Which of the method's schemas loads ``fields``.
    fields_of = "fields"

    @validates_schema
    def _not_zero(self, data, **kwargs):
        if data.get("amount") == 0:
            raise ValidationError(_("an amount is not 0"), "amount")

    @post_load
    def _method_fields(self, data, **kwargs):
        """Load ``fields`` with the method's schema; an unknown method is the sales
        engine's to refuse, with the list of methods."""
        method = current_runtime().payment_methods.get(data["method"])
        if method is None:
            return data
        try:
            data["field_values"] = load_fields(
                getattr(method, self.fields_of), data["field_values"]
            )
        except ValidationError as error:
            raise ValidationError({"fields": error.messages}) from None
        return data


class RefundPaymentInSchema(PaymentInSchema):
    """Money handed back on a method (positive), with the method's ``refund_fields``."""

    amount = Money(required=True, minimum=1)
    fields_of = "refund_fields"


class CartInSchema(Schema):
    register_id = Id(required=True)
    lines = fields.List(
        fields.Nested(LineInSchema), required=True, validate=validate.Length(1, MAX_LINES)
    )
    customer_id = Id(load_default=None, allow_none=True)
    #: Each plugin's own part of the cart, loaded with the schema it declared
    #: (``pos_register_cart_data``).
    plugin_data = fields.Dict(keys=fields.String(), load_default=dict)
    discount_percent = Percent(load_default=None)
    discount_amount = Money(load_default=None)
    approval = approval_field("discounts beyond the cashier's limit")

    @pre_load
    def _count_lines_first(self, data, **kwargs):
        """Too many lines are refused before any is loaded: loading each line of a
        466,000-line body before counting them held a worker for seconds."""
        lines = data.get("lines") if isinstance(data, dict) else None
        if isinstance(lines, list) and len(lines) > MAX_LINES:
            raise ValidationError(_("at most %(count)s lines", count=MAX_LINES), "lines")
        return data

    @validates_schema
    def _one_discount(self, data, **kwargs):
        if data.get("discount_percent") is not None and data.get("discount_amount") is not None:
            raise ValidationError(
                _("give either discount_percent or discount_amount"), "discount_percent"
            )

    @post_load
    def _plugin_data(self, data, **kwargs):
        """Each entry loaded with its plugin's schema; an entry no plugin declared is
        refused."""
        declared = current_runtime().cart_data
        loaded, problems = {}, {}
        for name, value in data.get("plugin_data", {}).items():
            if name not in declared:
                problems[name] = [_("no enabled plugin keeps data in a cart under this name")]
                continue
            try:
                loaded[name] = declared[name].schema().load(value if value is not None else {})
            except ValidationError as error:
                problems[name] = error.messages
        if problems:
            raise ValidationError({"plugin_data": problems})
        data["plugin_data"] = loaded
        return data


class QuoteInSchema(CartInSchema):
    pass


class SaleInSchema(CartInSchema):
    id = UUIDString(required=True)
    #: Empty only when the cart totals zero.
    payments = fields.List(
        fields.Nested(PaymentInSchema), required=True, validate=validate.Length(0, MAX_PAYMENTS)
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
            added = line.get("added") is not None
            if offline and not priced and not added:
                raise ValidationError(
                    _("an offline sale gives each line's unit_price and tax_rate"),
                    f"lines.{index}",
                )
            if not offline and (
                priced
                or added
                or line.get("unit_price") is not None
                or line.get("tax_rate") is not None
                or line.get("name") is not None
            ):
                raise ValidationError(
                    _("prices, names and added lines are the server's unless the sale was offline"),
                    f"lines.{index}",
                )
            if (
                offline
                and line.get("unit_price") is not None
                and line["unit_price"] < 0
                and line.get("kind_item") is None
            ):
                raise ValidationError(
                    _("only a plugin's line may give money back"), f"lines.{index}"
                )
        if offline and data.get("completed_at") is None:
            raise ValidationError(_("an offline sale gives its completed_at"), "completed_at")


class AdjustmentOutSchema(Schema):
    amount = fields.Integer()
    label = fields.String()
    source = fields.String()


class PricedLineOutSchema(Schema):
    """What a sale's line and a quote's line both say: the product, the quantity, and the
    money the pricing worked out for it (never in the document by this name: only its
    two subclasses are)."""

    kind = fields.String()
    product_id = fields.Integer(allow_none=True)
    sku = fields.String()
    name = fields.String()
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
    source = fields.String(allow_none=True)
    for_line = fields.Integer(allow_none=True)
    data = fields.Dict()


class LineOutSchema(PricedLineOutSchema):
    id = fields.Integer()
    position = fields.Integer()
    barcode = fields.String(allow_none=True)
    refunded_quantity = Quantity()
    source = fields.String(
        allow_none=True, metadata={"description": "the plugin that added the line, if any"}
    )
    for_line = fields.Integer(
        allow_none=True, metadata={"description": "the position of the line it was added for"}
    )


class PaymentOutSchema(Schema):
    method = fields.String()
    amount = fields.Integer(metadata={"description": "negative: money handed out"})
    field_values = fields.Dict(
        data_key="fields",
        attribute="fields",
        metadata={"description": "what the method keeps (masked: ****WXYZ)"},
    )
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
    plugin_data = fields.Dict()

    def _receipt_number(self, sale):
        return receipt_number(sale.register.code, sale.number)

    def _status(self, sale):
        return "voided" if any(r.kind == "void" for r in sale.refunds) else "completed"


class QuoteLineOutSchema(PricedLineOutSchema):
    """A priced line of a quote: the body's lines by their key, then the lines the server
    added (``editable`` false)."""

    key = fields.Integer()
    editable = fields.Boolean()


class QuoteOutSchema(Schema):
    currency = fields.String()
    prices_include_tax = fields.Boolean()
    lines = fields.List(fields.Nested(QuoteLineOutSchema))
    cart_adjustments = fields.List(fields.Nested(AdjustmentOutSchema))
    subtotal = fields.Integer()
    discount_total = fields.Integer()
    net_total = fields.Integer()
    tax_total = fields.Integer()
    total = fields.Integer()
    cash_total = fields.Integer()
    cash_rounding = fields.Integer()
    due_direction = fields.String(
        metadata={"enum": ["in", "out"], "description": "out: the cart hands money out"}
    )
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
        fields.Nested(RefundPaymentInSchema),
        required=True,
        validate=validate.Length(0, MAX_PAYMENTS),
    )
    reason = fields.String(load_default="", validate=validate.Length(0, 500))
    approval = approval_field("the refund")


class RefundQuoteInSchema(Schema):
    lines = fields.List(
        fields.Nested(RefundLineInSchema), required=True, validate=validate.Length(1, MAX_LINES)
    )


class RefundQuoteOutSchema(Schema):
    """What a refund of these lines would give back: the lines added for them included,
    in proportion; ``cash_total`` when it is all handed back in cash."""

    lines = fields.List(fields.Nested(lambda: RefundQuoteLineOutSchema()))
    total = fields.Integer()
    cash_total = fields.Integer()


class VoidInSchema(Schema):
    id = UUIDString(required=True)
    reason = fields.String(load_default="", validate=validate.Length(0, 500))
    approval = approval_field("the void")


class RefundLineOutSchema(Schema):
    id = fields.Integer()
    sale_line_id = fields.Integer()
    quantity = Quantity()
    total = fields.Integer()
    net = fields.Integer()
    tax = fields.Integer()
    tax_rate = Percent()


class RefundQuoteLineOutSchema(Schema):
    sale_line_id = fields.Integer()
    quantity = Quantity()
    total = fields.Integer()
    net = fields.Integer()
    tax = fields.Integer()
    tax_rate = Percent()


class RefundPaymentOutSchema(Schema):
    method = fields.String()
    amount = fields.Integer()
    field_values = fields.Dict(data_key="fields", attribute="fields")
    data = fields.Dict()


class RefundOutSchema(Schema):
    id = fields.String()
    sale_id = fields.String()
    kind = fields.String()
    number = fields.Integer()
    receipt_number = fields.Method("_receipt_number")
    register_id = fields.Integer()
    user_id = fields.Integer()
    approved_by = fields.Integer(
        allow_none=True, metadata={"description": "the approving manager's user id, if any"}
    )
    reason = fields.String()
    total = fields.Integer()
    net_total = fields.Integer()
    tax_total = fields.Integer()
    created_at = fields.AwareDateTime()
    lines = fields.List(fields.Nested(RefundLineOutSchema))
    payments = fields.List(fields.Nested(RefundPaymentOutSchema))

    def _receipt_number(self, refund):
        return receipt_number(refund.register.code, refund.number)


class ShelfPriceOutSchema(Schema):
    product_id = fields.Integer()
    price = fields.Integer(metadata={"description": "minor units, instead of the catalog's"})


class SalesQuerySchema(Schema):
    from_ = fields.AwareDateTime(data_key="from", load_default=None)
    to = fields.AwareDateTime(load_default=None)
    # Query strings carry text: a strict ``Id`` refused every ``?register_id=2``.
    register_id = query_id(load_default=None)
    user_id = query_id(load_default=None)
    customer_id = query_id(load_default=None)
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


class PaymentFieldOutSchema(Schema):
    name = fields.String()
    label = fields.String()
    required = fields.Boolean()
    max_length = fields.Integer(allow_none=True)
    input = fields.String(metadata={"enum": ["text", "numeric", "password"]})
    keep = fields.String(metadata={"enum": ["keep", "mask", "drop"]})


class PaymentMethodOutSchema(Schema):
    code = fields.String()
    title = fields.String()
    is_cash = fields.Boolean()
    gives_change = fields.Boolean()
    pays_out = fields.Boolean()
    works_offline = fields.Boolean()
    field_list = fields.List(
        fields.Nested(PaymentFieldOutSchema), data_key="fields", attribute="fields"
    )
    refund_fields = fields.List(fields.Nested(PaymentFieldOutSchema))
