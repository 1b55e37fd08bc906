"""Payloads of ``/api/v1/accounting``. Amounts are integers in minor units."""

from __future__ import annotations

from marshmallow import Schema, fields, validate


def _period_fields() -> dict:
    # Declared by their query names: the API keeps only the parameters a query schema
    # names by attribute, so ``from`` cannot be a ``data_key``.
    return {
        "from": fields.Date(
            load_default=None,
            metadata={
                "description": "first day (the store's local date), included; today by default"
            },
        ),
        "to": fields.Date(load_default=None, metadata={"description": "last day, included"}),
    }


PeriodQuerySchema = Schema.from_dict(_period_fields(), name="AccountingPeriodQuery")

ExportQuerySchema = Schema.from_dict(
    {
        **_period_fields(),
        "format": fields.String(
            load_default="csv",
            validate=validate.Regexp(r"^[a-z0-9_]{1,32}$"),
            metadata={"description": "csv, fec, ledger, or a connector plugin's format"},
        ),
        "separator": fields.String(
            load_default="pipe",
            validate=validate.OneOf(["pipe", "tab"]),
            metadata={"description": "the FEC's column separator"},
        ),
    },
    name="AccountingExportQuery",
)


class AccountingEntryLineSchema(Schema):
    account = fields.String()
    account_label = fields.String()
    label = fields.String()
    debit = fields.Integer()
    credit = fields.Integer()


class AccountingEntrySchema(Schema):
    id = fields.Integer()
    kind = fields.String(
        metadata={"enum": ["sale", "refund", "void", "float", "cash_in", "cash_out", "closing"]}
    )
    reference = fields.String()
    journal = fields.String()
    piece = fields.String()
    label = fields.String()
    register_id = fields.Integer(allow_none=True)
    day = fields.Date()
    occurred_at = fields.AwareDateTime()
    lines = fields.List(fields.Nested(AccountingEntryLineSchema))
