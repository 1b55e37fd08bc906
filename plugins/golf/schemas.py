"""Payloads of ``/api/v1/golf/...``. Tee times are the course's local times
(``"08:10"``), days ISO dates; money in minor units."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from core.plugins import Id, Money, Percent

from .memberships import active_membership
from .models import BLOCK_KINDS, MAX_PLAYERS, PLAYER_KINDS, TEES

HHMM = "%H:%M"


#: What the document says a tee time looks like, as the server reads it.
TIME_PATTERN = "^([01][0-9]|2[0-3]):[0-5][0-9]$"


def _time(**kwargs):
    metadata = {"pattern": TIME_PATTERN, "example": "08:10"}
    return fields.Time(format=HHMM, metadata=metadata, **kwargs)


class CourseSchema(Schema):
    id = fields.Integer(dump_only=True)
    name = fields.String(required=True, validate=validate.Length(1, 120))
    holes = fields.Integer(load_default=18, strict=True, validate=validate.OneOf([9, 18, 27, 36]))
    interval_minutes = fields.Integer(load_default=10, strict=True, validate=validate.Range(4, 60))
    first_tee = _time(required=True)
    last_tee = _time(required=True)
    tenth_tee_starts = fields.Boolean(
        load_default=False,
        metadata={"description": "groups also go off the 10th tee at each tee time"},
    )

    @validates_schema
    def _order(self, data, **kwargs):
        if "first_tee" in data and "last_tee" in data and data["first_tee"] > data["last_tee"]:
            raise ValidationError("the first tee time comes before the last", "last_tee")


class BlockSchema(Schema):
    id = fields.Integer(dump_only=True)
    day = fields.Date(required=True)
    start = _time(required=True)
    end = _time(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(BLOCK_KINDS))
    note = fields.String(load_default="", validate=validate.Length(0, 200))

    @validates_schema
    def _order(self, data, **kwargs):
        if "start" in data and "end" in data and data["start"] >= data["end"]:
            raise ValidationError("the block ends after it starts", "end")


class RateSchema(Schema):
    id = fields.Integer(dump_only=True)
    name = fields.String(required=True, validate=validate.Length(1, 80))
    player_kind = fields.String(load_default="any", validate=validate.OneOf(PLAYER_KINDS))
    weekdays = fields.String(
        load_default="1234567",
        validate=validate.Regexp(r"^(?!.*(.).*\1)[1-7]{1,7}$"),
        metadata={"description": "ISO weekdays, 1 Monday to 7 Sunday: 12345 for weekdays"},
    )
    start = _time(load_default=dt.time(0, 0))
    end = _time(load_default=dt.time(23, 59))
    price = Money(required=True)
    priority = fields.Integer(load_default=0, strict=True, validate=validate.Range(-100, 100))


class PlayerInSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(1, 120))
    customer_id = Id(load_default=None, allow_none=True)


class BookingInSchema(Schema):
    course_id = Id(required=True)
    day = fields.Date(required=True)
    tee_time = _time(required=True)
    tee = fields.Integer(
        load_default=1,
        strict=True,
        validate=validate.OneOf(TEES),
        metadata={"description": "1, or 10 on a course with 10th-tee starts"},
    )
    players = fields.List(
        fields.Nested(PlayerInSchema), required=True, validate=validate.Length(1, MAX_PLAYERS)
    )
    contact = fields.String(load_default="", validate=validate.Length(0, 200))


class PlayerSchema(Schema):
    id = fields.Integer()
    position = fields.Integer()
    name = fields.String()
    customer_id = fields.Integer(allow_none=True)
    member = fields.Boolean(attribute="is_member")
    checked_in = fields.Function(lambda p: p.sale_id is not None)
    sale_id = fields.String(allow_none=True)
    green_fee = fields.Integer(allow_none=True)
    rounds_left = fields.Method(
        "_rounds_left",
        allow_none=True,
        metadata={"description": "included rounds left on the member's membership that day"},
    )

    def _rounds_left(self, player):
        membership = active_membership(player.customer_id, player.booking.slot.day)
        return membership.rounds_left if membership is not None else None


class BookingSchema(Schema):
    id = fields.Integer()
    course_id = fields.Integer(attribute="slot.course_id")
    day = fields.Date(attribute="slot.day")
    tee_time = fields.Time(format=HHMM, attribute="slot.tee_time")
    tee = fields.Integer(attribute="slot.tee")
    status = fields.String()
    source = fields.String()
    contact = fields.String()
    players = fields.List(fields.Nested(PlayerSchema))
    created_at = fields.AwareDateTime()
    extra = fields.Dict(
        dump_default=dict,
        metadata={"description": "fields other plugins add (golf_booking_fields)"},
    )


class MembershipCategorySchema(Schema):
    id = fields.Integer(dump_only=True)
    name = fields.String(required=True, validate=validate.Length(1, 80))
    price = Money(required=True)
    included_rounds = fields.Integer(load_default=0, strict=True, validate=validate.Range(0, 1000))
    discount_percent = Percent(load_default=Decimal("0"))
    active = fields.Boolean(load_default=True, metadata={"description": "on sale"})


class MembershipSchema(Schema):
    id = fields.Integer()
    customer_id = fields.Integer()
    category_id = fields.Integer()
    category = fields.String(attribute="category.name")
    season_start = fields.Date()
    season_end = fields.Date()
    rounds_used = fields.Integer()
    rounds_left = fields.Integer()
    sale_id = fields.String(allow_none=True)


class RainCheckInSchema(Schema):
    holes_played = fields.Integer(required=True, strict=True, validate=validate.Range(0, 36))


class RainCheckSchema(Schema):
    id = fields.Integer()
    code = fields.String(
        attribute="given_code",
        metadata={
            "description": "given to the player: taken off a later sale; with gift cards"
            " enabled, the store-credit card's code (shown by this answer only)"
        },
    )
    store_credit = fields.Boolean(
        metadata={"description": "given as a gift card (gift cards enabled)"},
    )
    player_id = fields.Integer()
    amount = fields.Integer()
    sale_id = fields.String(allow_none=True, metadata={"description": "the sale that used it"})
    created_at = fields.AwareDateTime()
    expires_on = fields.Date(
        allow_none=True,
        metadata={"description": "the last day it can be used (none: it does not expire)"},
    )


class DayQuerySchema(Schema):
    day = fields.Date(required=True)


# "from" is a Python keyword: these schemas are built from dicts.
ReportQuerySchema = Schema.from_dict(
    {"from": fields.Date(required=True), "to": fields.Date(required=True)},
    name="GolfReportQuerySchema",
)


RoundsReportSchema = Schema.from_dict(
    {
        "course_id": fields.Integer(),
        "from": fields.Date(),
        "to": fields.Date(),
        "rounds_played": fields.Integer(metadata={"description": "players checked in"}),
        "member_rounds": fields.Integer(),
        "guest_rounds": fields.Integer(),
        "no_shows": fields.Integer(metadata={"description": "players of no-show bookings"}),
        "places_booked": fields.Integer(),
        "places_open": fields.Integer(metadata={"description": "4 per tee time not blocked"}),
        "utilisation_percent": fields.String(metadata={"description": "booked of open places"}),
        "green_fee_revenue": fields.Integer(),
        "revenue_per_round": fields.Integer(),
    },
    name="GolfRoundsReportSchema",
)


class SlotRateSchema(Schema):
    name = fields.String()
    player_kind = fields.String()
    price = fields.Integer()


class SlotSchema(Schema):
    tee_time = fields.Time(format=HHMM)
    tee = fields.Integer()
    free = fields.Integer()
    taken = fields.Integer()
    blocked = fields.String(allow_none=True)
    member_rate = fields.Nested(SlotRateSchema, allow_none=True)
    guest_rate = fields.Nested(SlotRateSchema, allow_none=True)
