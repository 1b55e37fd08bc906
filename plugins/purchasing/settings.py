"""The ``purchasing`` settings namespace (``PATCH /api/v1/settings/purchasing``)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate


class PurchasingSettingsSchema(Schema):
    #: Sales velocity is measured over this many past days.
    velocity_days = fields.Integer(
        load_default=28,
        strict=True,
        validate=validate.Range(1, 365),
        metadata={"label": "Sales counted over (days)"},
    )
    #: ``last``: a product costs what its last delivery cost; ``average``: the moving
    #: average of the stock on hand and each delivery.
    cost_method = fields.String(
        load_default="last",
        validate=validate.OneOf(["last", "average"]),
        metadata={"label": "Product cost after a delivery", "enum": ["last", "average"]},
    )
    #: A TrueType font for the order PDFs; empty: the PDF's built-in Helvetica, or the
    #: DejaVu Sans the plugin ships when a name has letters beyond Latin-1 (Cyrillic...).
    pdf_font = fields.String(
        load_default="",
        validate=validate.Length(0, 500),
        metadata={
            "label": "Font file for order PDFs",
            "description": "A .ttf file on the server; empty: Helvetica, or the shipped "
            "DejaVu Sans for names beyond Latin-1.",
        },
    )
