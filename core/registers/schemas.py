"""Payloads of the registers, cash sessions and journal API."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate, validates

from ..auth.schemas import approval_field
from ..fields import NOT_BLANK, Id, Money


class OpenSchema(Schema):
    opening_float = Money(required=True, data_key="float")


class CashMovementInSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(["in", "out"]))
    amount = Money(required=True, minimum=1)
    reason = fields.String(
        required=True, validate=validate.Length(1, 500), metadata={"pattern": NOT_BLANK}
    )

    @validates("reason")
    def _not_blank(self, value: str, **_kwargs) -> None:
        if not value.strip():
            raise ValidationError(_("a reason is required"))


class CloseSchema(Schema):
    counted_cash = Money(required=True)
    approval = approval_field("closing the register")


class UserRefSchema(Schema):
    id = fields.Integer()
    username = fields.String()
    full_name = fields.String()


class CashMovementSchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    amount = Money()
    reason = fields.String()
    user_id = fields.Integer()
    created_at = fields.DateTime()


class SessionSummarySchema(Schema):
    id = fields.Integer()
    status = fields.String()
    opening_float = Money()
    opened_by = fields.Integer(metadata={"description": "user id"})
    opened_at = fields.DateTime()


class CashSessionSchema(SessionSummarySchema):
    register_id = fields.Integer()
    closed_by = fields.Integer(allow_none=True)
    close_approved_by = fields.Integer(
        allow_none=True,
        metadata={"description": "the manager who approved a cashier's closing, if any"},
    )
    closed_at = fields.DateTime(allow_none=True)
    expected_cash = Money(allow_none=True)
    counted_cash = Money(allow_none=True)
    movements = fields.List(fields.Nested(CashMovementSchema))
    z_report = fields.Dict(allow_none=True, metadata={"description": "as printed at closing"})


class RegisterPricingSchema(Schema):
    """How the register's sales are priced: the shop's settings, or its own shop's with
    several shops (``pos_store_of_register``). The till prices offline with them."""

    prices_include_tax = fields.Boolean()
    tax_rounding = fields.String(metadata={"description": "line or total"})
    cash_rounding = fields.Integer(metadata={"description": "smallest cash coin, minor units"})


class RegisterSchema(Schema):
    id = fields.Integer()
    code = fields.String()
    name = fields.String()
    location_id = fields.Integer()
    active = fields.Boolean()
    is_open = fields.Boolean()
    #: The register's last receipt number (sales and refunds): a till numbers its next
    #: sale from it, also offline.
    last_receipt_number = fields.Integer()
    session = fields.Nested(SessionSummarySchema, allow_none=True)
    pricing = fields.Nested(RegisterPricingSchema)


class RegisterInSchema(Schema):
    """A new register; ``location_id`` defaults to the shop's default location."""

    code = fields.String(
        required=True,
        validate=validate.Regexp(
            r"^[A-Za-z0-9_-]{1,32}$", error=_l("1 to 32 letters, digits, - or _")
        ),
        metadata={"description": "fixed once the register has been used (it is journaled)"},
    )
    name = fields.String(
        required=True, validate=validate.Length(1, 120), metadata={"pattern": NOT_BLANK}
    )
    location_id = Id(allow_none=True)
    active = fields.Boolean(load_default=True)

    @validates("name")
    def _name_not_blank(self, value: str, **_kwargs) -> None:
        if not value.strip():
            raise ValidationError(_("must not be blank"))


class RegisterPatchSchema(RegisterInSchema):
    """Some fields of a register. Changing the code of a register already used is a 409
    ``code_fixed``."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("partial", True)
        super().__init__(*args, **kwargs)
