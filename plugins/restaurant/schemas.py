"""Payloads of ``/api/v1/restaurant/...``."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from core.plugins import Id, Money, Quantity, decimal_text, utcnow

from .models import CHANGE_KINDS, SHAPES


def _int(low: int, high: int, **kwargs):
    return fields.Integer(strict=True, validate=validate.Range(low, high), **kwargs)


# -- floor plans -------------------------------------------------------------------


class RoomSchema(Schema):
    id = fields.Integer(dump_only=True)
    name = fields.String(required=True, validate=validate.Length(1, 60))
    position = _int(0, 1000, load_default=0)


class RoomChangeSchema(Schema):
    name = fields.String(validate=validate.Length(1, 60))
    position = _int(0, 1000)


class TableSchema(Schema):
    id = fields.Integer(dump_only=True)
    room_id = Id(required=True)
    name = fields.String(required=True, validate=validate.Length(1, 20))
    seats = _int(1, 99, load_default=2)
    shape = fields.String(load_default="square", validate=validate.OneOf(SHAPES))
    x = _int(0, 10000, load_default=0)
    y = _int(0, 10000, load_default=0)
    width = _int(10, 2000, load_default=80)
    height = _int(10, 2000, load_default=80)


class TableChangeSchema(Schema):
    room_id = Id()
    name = fields.String(validate=validate.Length(1, 20))
    seats = _int(1, 99)
    shape = fields.String(validate=validate.OneOf(SHAPES))
    x = _int(0, 10000)
    y = _int(0, 10000)
    width = _int(10, 2000)
    height = _int(10, 2000)


class FloorTableSchema(TableSchema):
    state = fields.String(metadata={"enum": ["free", "seated", "ordering", "bill"]})
    order_id = fields.Integer(allow_none=True)
    covers = fields.Integer(allow_none=True)
    seated_at = fields.AwareDateTime(allow_none=True)
    seated_seconds = fields.Integer(allow_none=True, metadata={"description": "time since seated"})


class FloorRoomSchema(RoomSchema):
    tables = fields.List(fields.Nested(FloorTableSchema))


# -- modifiers ---------------------------------------------------------------------


class ModifierSchema(Schema):
    id = fields.Integer(dump_only=True)
    name = fields.String(required=True, validate=validate.Length(1, 60))
    price = Money(load_default=0, metadata={"description": "0: a free modifier"})
    active = fields.Boolean(load_default=True)


class ModifierChangeSchema(Schema):
    name = fields.String(validate=validate.Length(1, 60))
    price = Money()
    active = fields.Boolean()


# -- orders ------------------------------------------------------------------------


class LineModifierSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    price = fields.Integer()


class OrderLineSchema(Schema):
    id = fields.Integer()
    product_id = fields.Integer()
    name = fields.String()
    quantity = fields.Function(lambda line: _text(line.quantity), metadata={"type": "string"})
    sent_quantity = fields.Function(
        lambda line: _text(line.sent_quantity),
        metadata={"type": "string", "description": "what the kitchen was last told"},
    )
    seat = fields.Integer()
    course = fields.Integer()
    modifiers = fields.List(fields.Nested(LineModifierSchema))
    note = fields.String()
    station = fields.String()
    sale_id = fields.String(allow_none=True, metadata={"description": "the sale that paid it"})


def _text(value) -> str:
    return decimal_text(value)


class OrderSchema(Schema):
    id = fields.Integer()
    table_id = fields.Integer()
    status = fields.String(metadata={"enum": ["open", "paid", "merged", "closed"]})
    version = fields.Integer()
    covers = fields.Integer()
    service_charge = fields.Boolean(metadata={"description": "the bill adds the service charge"})
    take_away = fields.Boolean(metadata={"description": "its items take their take-away rate"})
    opened_at = fields.AwareDateTime()
    bill_requested_at = fields.AwareDateTime(allow_none=True)
    closed_at = fields.AwareDateTime(allow_none=True)
    lines = fields.List(fields.Nested(OrderLineSchema))


class OrderChangeSchema(Schema):
    """One thing a change of an order did, said in the reader's language."""

    version = fields.Integer(
        allow_none=True,
        metadata={"description": "the version the change made (none for a payment)"},
    )
    kind = fields.String(metadata={"enum": [*CHANGE_KINDS, "paid"]})
    line_id = fields.Integer(allow_none=True, metadata={"description": "the line it changed"})
    details = fields.Dict(
        metadata={"description": "name, quantity, was_quantity, seat, course, table..."}
    )
    user_id = fields.Integer(allow_none=True)
    user_name = fields.String(allow_none=True, metadata={"description": "who made it"})
    at = fields.AwareDateTime()
    time = fields.String(metadata={"description": "hours and minutes, in the store's zone"})
    text = fields.String(metadata={"description": "the change as a sentence"})


class ChangedOrderSchema(OrderSchema):
    """An order after a change, with what others changed since the version the change
    was made from (empty when it was made from the current one)."""

    changes = fields.List(fields.Nested(OrderChangeSchema))


class ChangesQuerySchema(Schema):
    # Not strict: it comes in the query string, as text.
    since = fields.Integer(
        required=True,
        validate=validate.Range(0, 2**31 - 1),
        metadata={"description": "the version read"},
    )


class OpenOrderSchema(Schema):
    table_id = Id(required=True)
    covers = _int(1, 99, load_default=1)


class VersionSchema(Schema):
    version = _int(1, 2**31 - 1, required=True, metadata={"description": "the version read"})


class OrderOptionsSchema(VersionSchema):
    service_charge = fields.Boolean(metadata={"description": "add the service charge"})
    take_away = fields.Boolean(metadata={"description": "taken away, not eaten in"})


class NewLineSchema(Schema):
    product_id = Id(required=True)
    quantity = Quantity(load_default=1)
    seat = _int(0, 99, load_default=0, metadata={"description": "0: for the table"})
    course = _int(1, 9, metadata={"description": "the setting default_course if left out"})
    modifiers = fields.List(Id(), load_default=list, validate=validate.Length(0, 20))
    note = fields.String(load_default="", validate=validate.Length(0, 200))


class AddLinesSchema(VersionSchema):
    lines = fields.List(
        fields.Nested(NewLineSchema), required=True, validate=validate.Length(1, 100)
    )
    request_id = fields.String(
        validate=validate.Length(8, 36),
        metadata={"description": "the device's key for these items: sent again, adds nothing"},
    )


class ChangeLineSchema(VersionSchema):
    quantity = Quantity(allow_zero=True, metadata={"description": "0 cancels the line"})
    seat = _int(0, 99)
    course = _int(1, 9)
    note = fields.String(validate=validate.Length(0, 200))


class SendSchema(VersionSchema):
    course = _int(1, 9, required=True)


class TransferSchema(VersionSchema):
    table_id = Id(required=True)


class MergeSchema(VersionSchema):
    into = Id(required=True, metadata={"description": "the order that takes the lines"})
    into_version = _int(1, 2**31 - 1, required=True)


class StaleSchema(Schema):
    """The answer to a change made from an old version (409)."""

    error = fields.Dict()
    order = fields.Nested(OrderSchema)
    changes = fields.List(fields.Nested(OrderChangeSchema))


# -- kitchen -----------------------------------------------------------------------


class TicketRowSchema(Schema):
    change = fields.String(metadata={"enum": ["new", "changed", "cancelled"]})
    quantity = fields.String()
    was = fields.String()
    name = fields.String()
    seat = fields.Integer()
    modifiers = fields.List(fields.String())
    note = fields.String()


class TicketSchema(Schema):
    id = fields.Integer()
    order_id = fields.Integer()
    table_name = fields.String()
    station = fields.String()
    course = fields.Integer()
    rows = fields.List(fields.Nested(TicketRowSchema))
    job_id = fields.String(allow_none=True, metadata={"description": "the printer's job"})
    created_at = fields.AwareDateTime()
    done_at = fields.AwareDateTime(allow_none=True)
    age_seconds = fields.Function(
        lambda ticket: int((utcnow() - ticket.created_at).total_seconds()),
        metadata={"description": "seconds since it was sent, by the server's clock"},
    )


class TicketQuerySchema(Schema):
    station = fields.String(validate=validate.OneOf(["kitchen", "bar"]))


class KitchenUserSchema(Schema):
    id = fields.Integer()
    full_name = fields.String()


class KitchenSignInSchema(Schema):
    user_id = Id(required=True)
    pin = fields.String(required=True, validate=validate.Length(1, 12))


# -- bills and reports -------------------------------------------------------------


class BillRequestSchema(Schema):
    seat = _int(0, 99, metadata={"description": "only this seat's lines"})
    line_ids = fields.List(Id(), validate=validate.Length(1, 500))
    parts = _int(1, 50, load_default=1, metadata={"description": "pay in this many equal parts"})
    register_id = Id(
        metadata={"description": "the till that will sell it (default: the first active one)"}
    )


class BillSchema(Schema):
    order_id = fields.Integer()
    version = fields.Integer()
    waiter_id = fields.Integer(
        allow_none=True, metadata={"description": "who seated the table: a tip's employee"}
    )
    expected_total = fields.Integer(metadata={"description": "at catalog prices, before discounts"})
    total = fields.Integer(
        metadata={"description": "what the sale will charge, priced by the server"}
    )
    cash_total = fields.Integer(metadata={"description": "the total rounded for cash"})
    parts = fields.List(fields.Integer(), metadata={"description": "equal parts of the total"})
    cash_parts = fields.List(
        fields.Integer(), metadata={"description": "equal parts of the cash total"}
    )
    body = fields.Dict(metadata={"description": "POST /api/v1/sales without its payments"})


#: A percent as the till's mirror carries it: "10", "5.5".
PERCENT = r"^\d{1,3}(\.\d{1,3})?$"


class ServiceChargeSchema(Schema):
    """The service charge as the bill priced it, for the till's offline mirror only: the
    server prices it from the order and the setting."""

    # A decimal string, kept as given: plugin data is stored as JSON.
    percent = fields.String(required=True, validate=validate.Regexp(PERCENT))
    label = fields.String(required=True, validate=validate.Length(1, 80))


class RestaurantCartSchema(Schema):
    """``plugin_data.restaurant`` of a sale that pays order lines (``order_id`` and
    ``line_ids``), or of a sale at the counter taken away (``take_away``)."""

    order_id = Id()
    line_ids = fields.List(Id(), validate=validate.Length(1, 500))
    take_away = fields.Boolean(load_default=False)
    service = fields.Nested(ServiceChargeSchema, load_default=None)
    #: The take-away rates the till priced with offline (pairs eaten in, taken away), for
    #: its mirror only: the server reads the settings.
    takeaway_rates = fields.List(
        fields.List(
            fields.String(validate=validate.Regexp(PERCENT)), validate=validate.Length(2, 2)
        ),
        validate=validate.Length(0, 50),
        load_default=None,
    )

    @validates_schema
    def _both_or_neither(self, data, **kwargs):
        if ("order_id" in data) != ("line_ids" in data):
            raise ValidationError("order_id and line_ids go together", "line_ids")


#: ``?from=&to=``, as the core's sales report takes them (``from`` is a Python keyword).
ReportQuerySchema = Schema.from_dict(
    {
        "from": fields.AwareDateTime(required=True),
        "to": fields.AwareDateTime(required=True),
    },
    name="RestaurantReportQuerySchema",
)


class StationTimesSchema(Schema):
    station = fields.String()
    tickets = fields.Integer()
    average_seconds = fields.Integer(allow_none=True)
    longest_seconds = fields.Integer(allow_none=True)


class ReportSchema(Schema):
    orders = fields.Integer()
    covers = fields.Integer()
    spend = fields.Integer()
    spend_per_cover = fields.Integer(allow_none=True)
    tables = fields.Integer()
    turnover = fields.Float(allow_none=True, metadata={"description": "orders per table"})
    average_seated_seconds = fields.Integer(allow_none=True)
    preparation = fields.List(fields.Nested(StationTimesSchema))


class TillSettingsSchema(Schema):
    """What the till's restaurant scripts need to know of the settings."""

    takeaway_rates = fields.List(
        fields.List(fields.String()),
        metadata={"description": "pairs eaten in, taken away (percents), for offline pricing"},
    )
    open_on_floor = fields.Boolean(
        metadata={"description": "show the floor plan after sign-in and after a table is paid"}
    )


class TipDaySchema(Schema):
    day = fields.String(metadata={"description": "the store's local day, YYYY-MM-DD"})
    employee_id = fields.Integer()
    employee = fields.String()
    cash = fields.Integer(metadata={"description": "kept from the change: in the drawer"})
    card = fields.Integer(metadata={"description": "paid with the card"})
    total = fields.Integer()


class TipTotalsSchema(Schema):
    cash = fields.Integer()
    card = fields.Integer()
    total = fields.Integer()


class TipsReportSchema(Schema):
    """Tips per employee and day, refunds of tips subtracted on their day."""

    rows = fields.List(fields.Nested(TipDaySchema))
    totals = fields.Nested(TipTotalsSchema)
