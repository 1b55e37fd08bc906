"""Payloads of the journal API."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..fields import MAX_ID

#: Query strings are text: ids there are parsed, not strict JSON integers.
_QUERY_ID = {"load_default": None, "validate": validate.Range(1, MAX_ID)}


class JournalQuerySchema(Schema):
    register_id = fields.Integer(**_QUERY_ID)
    after_sequence = fields.Integer(load_default=0, validate=validate.Range(0, MAX_ID))
    limit = fields.Integer(load_default=100, validate=validate.Range(1, 1000))


class VerifyQuerySchema(Schema):
    register_id = fields.Integer(**_QUERY_ID)


class JournalEntrySchema(Schema):
    id = fields.Integer()
    register_id = fields.Integer()
    sequence = fields.Integer()
    kind = fields.String()
    reference = fields.String()
    payload = fields.Dict()
    previous_hash = fields.String()
    hash = fields.String()
    signature = fields.String()
    created_at = fields.DateTime()


class ClosingInSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(["day", "month", "year"]))
    #: ``2026-11-29`` (day), ``2026-11`` (month) or ``2026`` (year), in UTC.
    period = fields.String(required=True, validate=validate.Length(4, 10))


class ClosingQuerySchema(Schema):
    kind = fields.String(load_default=None, validate=validate.OneOf(["day", "month", "year"]))


class ClosingSchema(Schema):
    sequence = fields.Integer()
    kind = fields.String()
    period = fields.String()
    payload = fields.Dict()
    previous_hash = fields.String()
    hash = fields.String()
    signature = fields.String()
    created_at = fields.DateTime()
