"""Payloads of the email plugin's API."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from .models import STATUSES
from .services import LANGUAGES


class SendReceiptSchema(Schema):
    to = fields.Email(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=254),
        metadata={"description": "empty: the sale's customer's address"},
    )
    language = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.OneOf(LANGUAGES),
        metadata={"description": "empty: the customer's language, else the store's"},
    )


class MessageSchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    sale_id = fields.String(allow_none=True)
    customer_id = fields.Integer(allow_none=True)
    recipient = fields.String()
    language = fields.String()
    status = fields.String(metadata={"enum": list(STATUSES)})
    attempts = fields.Integer()
    last_error = fields.String(allow_none=True)
    created_at = fields.AwareDateTime()
    sent_at = fields.AwareDateTime(allow_none=True)


class MessageQuerySchema(Schema):
    status = fields.String(validate=validate.OneOf(STATUSES))
    sale_id = fields.String(validate=validate.Length(max=36))
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 500))
    offset = fields.Integer(load_default=0, validate=validate.Range(0, 10**9))


class PasswordSchema(Schema):
    password = fields.String(required=True, validate=validate.Length(max=500))


class PasswordStateSchema(Schema):
    password_set = fields.Boolean()


class ContactSchema(Schema):
    customer_id = fields.Integer()
    name = fields.String()
    email = fields.String()
    language = fields.String(allow_none=True)
    consent_changed_at = fields.AwareDateTime(allow_none=True)
    unsubscribe_url = fields.String()


class SyncSchema(Schema):
    contacts = fields.Integer(metadata={"description": "consented customers sent"})
    connectors = fields.Integer(metadata={"description": "plugins that took them"})
