"""What the loyalty API reads and answers."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate


class EntrySchema(Schema):
    id = fields.Integer()
    kind = fields.String(metadata={"enum": ["earn", "redeem", "unearn", "unredeem", "adjust"]})
    points = fields.Integer(metadata={"description": "the change applied, signed"})
    requested = fields.Integer(
        metadata={"description": "the change asked; differs when clipped at a zero balance"}
    )
    balance_after = fields.Integer()
    sale_id = fields.String(allow_none=True)
    refund_id = fields.String(allow_none=True)
    data = fields.Dict()
    created_at = fields.AwareDateTime()


class AccountSchema(Schema):
    customer_id = fields.Integer()
    points = fields.Integer()
    lifetime_points = fields.Integer(metadata={"description": "earned in all, for tiers"})
    tier = fields.String(allow_none=True)
    point_value = fields.Integer(metadata={"description": "minor units one point pays"})
    worth = fields.Integer(metadata={"description": "what the balance pays, minor units"})
    entries_count = fields.Integer()
    entries = fields.List(fields.Nested(EntrySchema), metadata={"description": "newest first"})


class LedgerQuerySchema(Schema):
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 500))
    offset = fields.Integer(load_default=0, validate=validate.Range(0, 10**9))


class AdjustSchema(Schema):
    points = fields.Integer(
        required=True,
        strict=True,
        validate=[validate.Range(-(10**9), 10**9), validate.NoneOf([0], error=_l("not zero"))],
    )
    reason = fields.String(required=True, validate=validate.Length(1, 200))
