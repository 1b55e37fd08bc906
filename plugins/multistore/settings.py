"""The multistore settings (``PATCH /api/v1/settings/multistore``)."""

from __future__ import annotations

from marshmallow import Schema, fields


class MultistoreSettingsSchema(Schema):
    #: Sending a transfer is refused (409 ``insufficient_stock``) when the sending store
    #: lacks the goods, even where the shop allows negative stock for sales.
    transfers_need_stock = fields.Boolean(load_default=False)
