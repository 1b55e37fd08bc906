"""The ``webhooks`` settings namespace."""

from __future__ import annotations

from marshmallow import Schema, fields, validate


class WebhookSettingsSchema(Schema):
    timeout_seconds = fields.Integer(
        load_default=10,
        strict=True,
        validate=validate.Range(1, 60),
        metadata={"label": "Give up on a receiver after (seconds)"},
    )
