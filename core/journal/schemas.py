"""Payloads of the journal API."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..api.fields import Id


class JournalQuerySchema(Schema):
    register_id = Id(load_default=None)
    after_sequence = fields.Integer(load_default=0, validate=validate.Range(min=0))
    limit = fields.Integer(load_default=100, validate=validate.Range(1, 1000))


class VerifyQuerySchema(Schema):
    register_id = Id(load_default=None)


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
