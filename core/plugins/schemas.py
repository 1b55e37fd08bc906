"""Payloads of the plugins and settings API."""

from marshmallow import Schema, fields


class PluginSchema(Schema):
    name = fields.String()
    version = fields.String()
    title = fields.String()
    description = fields.String()
    author = fields.String()
    enabled = fields.Boolean()
    depends = fields.List(fields.String())
    optional = fields.List(
        fields.String(), metadata={"description": "plugins it uses when they are enabled"}
    )
    dependents = fields.List(
        fields.String(), metadata={"description": "installed plugins that need this one"}
    )
    broken = fields.String(allow_none=True)
    has_settings = fields.Boolean()


class PluginChangeSchema(Schema):
    changed = fields.List(fields.String(), metadata={"description": "plugins switched"})
    plugins = fields.List(fields.Nested(PluginSchema))


class OutboxDeliverySchema(Schema):
    id = fields.Integer()
    event_id = fields.String()
    hook = fields.String()
    plugin = fields.String()
    status = fields.String()
    attempts = fields.Integer()
    next_attempt_at = fields.DateTime()
    last_error = fields.String(allow_none=True)
    created_at = fields.DateTime()
