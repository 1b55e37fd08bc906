"""The ``accounting`` settings namespace."""

from __future__ import annotations

from marshmallow import Schema, fields, validate


class AccountingSettingsSchema(Schema):
    #: Which default chart of accounts the mapping starts from.
    chart = fields.String(
        load_default="fr_pcg",
        validate=validate.OneOf(["fr_pcg", "nl_rgs"]),
        metadata={
            "label": "Chart of accounts",
            "description": "fr_pcg: French PCG; nl_rgs: Dutch (RGS numbering).",
        },
    )
    #: The company's SIREN, which names the FEC file (<SIREN>FEC<date>.txt).
    siren = fields.String(
        load_default="",
        validate=validate.Regexp(r"^(\d{9})?$"),
        metadata={"label": "SIREN (9 digits)", "description": "Names the FEC export."},
    )
    sales_journal = fields.String(
        load_default="VT",
        validate=validate.Regexp(r"^[A-Z0-9]{1,8}$"),
        metadata={"label": "Sales journal code"},
    )
    cash_journal = fields.String(
        load_default="CA",
        validate=validate.Regexp(r"^[A-Z0-9]{1,8}$"),
        metadata={"label": "Cash journal code"},
    )
