"""``/api/v1/tips``."""

from __future__ import annotations

import sqlalchemy as sa
from marshmallow import Schema, fields, validate

from core.plugins import ApiBlueprint, Money, current_user, db

from .models import Tip
from .services import record_tip

api = ApiBlueprint("tips_api", __name__, tag="tips")


class TipSchema(Schema):
    id = fields.Integer(dump_only=True)
    user_id = fields.Integer(dump_only=True)
    amount = Money(required=True, minimum=1)
    note = fields.String(load_default="", validate=validate.Length(0, 200))
    created_at = fields.DateTime(dump_only=True)


@api.endpoint(
    "/tips",
    methods=["POST"],
    permission="tips.record",
    body=TipSchema,
    response=TipSchema,
    status=201,
)
def add_tip(body):
    """Record a tip received by the signed-in user (422 above the store's maximum)."""
    return record_tip(current_user().id, body["amount"], body["note"])


@api.endpoint("/tips", permission="tips.view", response=TipSchema, many=True)
def list_tips():
    """Every tip, newest first."""
    return db.session.scalars(sa.select(Tip).order_by(Tip.id.desc()).limit(500)).all()
