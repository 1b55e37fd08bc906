"""Payloads of ``/api/v1/webhooks``. A subscription's secret is in the answer of its
creation only; afterwards only its last four characters (``secret_hint``)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from .models import STATUSES


class SubscriptionInSchema(Schema):
    url = fields.String(
        required=True,
        validate=validate.Length(1, 2000),
        metadata={"description": "an http:// or https:// URL that receives the POSTs"},
    )
    events = fields.List(
        fields.String(validate=validate.Length(1, 64)),
        required=True,
        validate=validate.Length(1, 50),
        metadata={"description": "event names, see GET /api/v1/webhooks/events"},
    )
    secret = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(16, 200),
        metadata={"description": "signs each delivery; empty: one is made and answered once"},
    )


class SubscriptionSchema(Schema):
    id = fields.Integer()
    url = fields.String()
    events = fields.List(fields.String())
    active = fields.Boolean()
    secret_hint = fields.String(metadata={"description": "the secret's last four characters"})
    created_at = fields.AwareDateTime()


class CreatedSubscriptionSchema(SubscriptionSchema):
    secret = fields.String(metadata={"description": "shown this once; keep it"})


class ActiveSchema(Schema):
    active = fields.Boolean(required=True)


class DeliverySchema(Schema):
    id = fields.Integer()
    subscription_id = fields.Integer()
    event_id = fields.String()
    event = fields.String()
    status = fields.String(metadata={"enum": list(STATUSES)})
    attempts = fields.Integer()
    response_status = fields.Integer(allow_none=True)
    last_error = fields.String(allow_none=True)
    body = fields.String(metadata={"description": "the JSON sent"})
    created_at = fields.AwareDateTime()
    delivered_at = fields.AwareDateTime(allow_none=True)


class PageQuerySchema(Schema):
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 500))
    offset = fields.Integer(load_default=0, validate=validate.Range(0, 10**9))


class EventSchema(Schema):
    name = fields.String()
    title = fields.String()
