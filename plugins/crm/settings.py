"""The crm settings (``PATCH /api/v1/settings/crm``)."""

from __future__ import annotations

from marshmallow import Schema, fields


class CrmSettingsSchema(Schema):
    #: A customer needs an e-mail or a phone number to be created.
    require_contact = fields.Boolean(load_default=False)
    #: Print the customer's name on their receipts (the group discount is always shown).
    print_customer_on_receipt = fields.Boolean(load_default=True)
