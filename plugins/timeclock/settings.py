"""The ``timeclock`` settings namespace."""

from __future__ import annotations

from marshmallow import Schema, fields, validate


class TimeclockSettingsSchema(Schema):
    #: A planned shift longer than this is refused as a typing mistake.
    max_shift_hours = fields.Integer(
        load_default=16,
        strict=True,
        validate=validate.Range(1, 24),
        metadata={"label": "Longest shift that may be planned (hours)"},
    )
