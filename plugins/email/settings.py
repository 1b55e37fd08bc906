"""The ``email`` settings namespace: the shop's SMTP server and sender.

The password is not a setting (settings are readable by managers through the API): it
is kept encrypted apart, see :mod:`.secrets`.
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate


class EmailSettingsSchema(Schema):
    host = fields.String(
        load_default="localhost",
        validate=validate.Length(1, 253),
        metadata={"label": "SMTP server"},
    )
    port = fields.Integer(
        load_default=587,
        strict=True,
        validate=validate.Range(1, 65535),
        metadata={"label": "Port", "description": "587 with STARTTLS, 465 with TLS, 25 without."},
    )
    security = fields.String(
        load_default="starttls",
        validate=validate.OneOf(["starttls", "tls", "none"]),
        metadata={"label": "Security", "description": "starttls, tls or none."},
    )
    username = fields.String(
        load_default="",
        validate=validate.Length(0, 254),
        metadata={"label": "User name", "description": "Empty: the server needs no login."},
    )
    from_address = fields.Email(
        load_default="receipts@example.com",
        metadata={"label": "Sender address"},
    )
    from_name = fields.String(
        load_default="",
        validate=validate.Length(0, 100),
        metadata={"label": "Sender name", "description": "Empty: the store's name."},
    )
    timeout_seconds = fields.Integer(
        load_default=10,
        strict=True,
        validate=validate.Range(1, 120),
        metadata={"label": "Give up on the server after (seconds)"},
    )
