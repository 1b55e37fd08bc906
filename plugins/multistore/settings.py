"""The multistore settings (``PATCH /api/v1/settings/multistore``)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate


class MultistoreSettingsSchema(Schema):
    #: Sending a transfer is refused (409 ``insufficient_stock``) when the sending store
    #: lacks the goods, even where the shop allows negative stock for sales.
    transfers_need_stock = fields.Boolean(load_default=False)
    #: How long a shop keeps goods reserved for a customer before the hold ends.
    reservation_days = fields.Integer(
        load_default=2,
        validate=validate.Range(1, 60),
        metadata={"label": "Days a shop keeps a reservation"},
    )
