"""Payloads of ``/api/v1/timeclock``. Times are ISO 8601 with their offset (stored and
answered in UTC); periods are local dates of the store, both ends included."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from core.plugins import Id, db

from .hours import hours_text
from .models import Break

#: The longest period the hours, reports and payroll are computed for at once.
MAX_DAYS = 366


class TimeclockPunchSchema(Schema):
    """Who clocks: the employee's id and PIN, typed at the till."""

    user_id = Id(
        load_default=None,
        metadata={"description": "the employee; the caller when left out"},
    )
    pin = fields.String(required=True, validate=validate.Length(1, 16), load_only=True)


class TimeclockBreakSchema(Schema):
    id = fields.Integer()
    started_at = fields.AwareDateTime()
    ended_at = fields.AwareDateTime(allow_none=True)
    recorded_start_at = fields.AwareDateTime(allow_none=True)
    recorded_end_at = fields.AwareDateTime(allow_none=True)
    voided = fields.Boolean()


class TimeclockEntrySchema(Schema):
    id = fields.Integer()
    user_id = fields.Integer()
    started_at = fields.AwareDateTime()
    ended_at = fields.AwareDateTime(allow_none=True, metadata={"description": "null: open"})
    recorded_start_at = fields.AwareDateTime(
        allow_none=True, metadata={"description": "as clocked at the till, never corrected"}
    )
    recorded_end_at = fields.AwareDateTime(allow_none=True)
    source = fields.String(metadata={"enum": ["till", "manager"]})
    voided = fields.Boolean()
    breaks = fields.Method("_breaks", metadata={"type": "array", "items": {"type": "object"}})

    def _breaks(self, entry):
        rows = db.session.scalars(
            sa.select(Break).where(Break.entry_id == entry.id).order_by(Break.started_at)
        )
        return TimeclockBreakSchema(many=True).dump(rows)


class TimeclockPunchResultSchema(Schema):
    user_id = fields.Integer()
    full_name = fields.String()
    status = fields.String(metadata={"enum": ["in", "break", "out"]})
    entry = fields.Nested(TimeclockEntrySchema)


class TimeclockStatusSchema(Schema):
    user_id = fields.Integer()
    username = fields.String()
    full_name = fields.String()
    status = fields.String(metadata={"enum": ["in", "break", "out"]})
    since = fields.AwareDateTime(allow_none=True)


# "from" is a Python keyword: the schema is built from a dict, as the core's reports do
# (the endpoint's declaration keeps the query keys that are the schema's field names).
PeriodSchema = Schema.from_dict(
    {
        "from": fields.Date(load_default=None, metadata={"description": "first day (store time)"}),
        "to": fields.Date(load_default=None, metadata={"description": "last day, included"}),
        "user_id": fields.Integer(load_default=None, validate=validate.Range(1, 2**31 - 1)),
    },
    name="TimeclockPeriodSchema",
)


class TimeclockDaySchema(Schema):
    date = fields.Date()
    worked_seconds = fields.Integer(attribute="worked")
    break_seconds = fields.Integer(attribute="breaks")
    planned_seconds = fields.Integer(attribute="planned")


class TimeclockHoursSchema(Schema):
    user_id = fields.Integer()
    username = fields.String()
    full_name = fields.String()
    worked_seconds = fields.Integer(attribute="worked")
    break_seconds = fields.Integer(attribute="breaks")
    planned_seconds = fields.Integer(attribute="planned")
    worked_hours = fields.Method("_worked", metadata={"type": "string", "example": "7.50"})
    difference_seconds = fields.Method(
        "_difference", metadata={"type": "integer", "description": "worked - planned"}
    )
    days = fields.List(fields.Nested(TimeclockDaySchema))

    def _worked(self, row):
        return hours_text(row["worked"])

    def _difference(self, row):
        return row["worked"] - row["planned"]


class TimeclockAddEntrySchema(Schema):
    user_id = Id(required=True)
    started_at = fields.AwareDateTime(required=True)
    ended_at = fields.AwareDateTime(required=True)
    reason = fields.String(required=True, validate=validate.Length(1, 500))


class TimeclockCorrectionBodySchema(Schema):
    started_at = fields.AwareDateTime(load_default=None)
    ended_at = fields.AwareDateTime(load_default=None)
    void = fields.Boolean(load_default=False)
    reason = fields.String(required=True, validate=validate.Length(1, 500))

    @validates_schema
    def _times(self, data, **kwargs):
        if not data["void"] and data["started_at"] is None:
            raise ValidationError(_("give the start, or void the entry"), "started_at")


class TimeclockBreakCorrectionSchema(Schema):
    started_at = fields.AwareDateTime(required=True)
    ended_at = fields.AwareDateTime(required=True)
    reason = fields.String(required=True, validate=validate.Length(1, 500))


class TimeclockCorrectionSchema(Schema):
    id = fields.Integer()
    entry_id = fields.Integer()
    break_id = fields.Integer(allow_none=True)
    action = fields.String(metadata={"enum": ["add", "edit", "void"]})
    before = fields.Dict()
    after = fields.Dict()
    reason = fields.String()
    user_id = fields.Integer(allow_none=True)
    created_at = fields.AwareDateTime()


class TimeclockShiftSchema(Schema):
    id = fields.Integer(dump_only=True)
    user_id = Id(required=True)
    starts_at = fields.AwareDateTime(required=True)
    ends_at = fields.AwareDateTime(required=True)
    note = fields.String(load_default="", validate=validate.Length(0, 200))


class TimeclockLabourHourSchema(Schema):
    hour = fields.String(metadata={"description": "the local hour, with its offset"})
    label = fields.String()
    sales_count = fields.Integer()
    sales_total = fields.Integer()
    worked_seconds = fields.Integer()
    worked_hours = fields.String()
    sales_per_hour_worked = fields.Integer(allow_none=True)


class TimeclockEmployeeSalesSchema(Schema):
    user_id = fields.Integer()
    full_name = fields.String()
    sales_count = fields.Integer()
    sales_total = fields.Integer()
    worked_seconds = fields.Integer()
    worked_hours = fields.String()
    sales_per_hour_worked = fields.Integer(allow_none=True)


class TimeclockLabourSchema(Schema):
    hours = fields.List(fields.Nested(TimeclockLabourHourSchema))
    employees = fields.List(fields.Nested(TimeclockEmployeeSalesSchema))
