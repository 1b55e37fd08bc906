"""The promotions settings (``PATCH /api/v1/settings/promotions``)."""

from __future__ import annotations

from marshmallow import Schema, fields


class PromotionsSettingsSchema(Schema):
    #: Print the "You saved" section (each promotion and its saving) on receipts.
    show_savings_on_receipt = fields.Boolean(
        load_default=True, metadata={"label": 'Print "You saved" on receipts'}
    )
    #: New promotions made in the back office are stackable unless unticked.
    stacking_default = fields.Boolean(
        load_default=False,
        metadata={"label": "New promotions stack with others unless unticked"},
    )
