"""What the customer API reads and answers (marshmallow schemas, also in OpenAPI)."""

from __future__ import annotations

import typing as t

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import INCLUDE, Schema, ValidationError, fields, post_dump, validate, validates

from core.plugins import Percent, present_hook

from .models import LANGUAGES, MAX_ID, Customer
from .public import customer_view
from .services import lifetime_totals, normalise_phone

#: How many tags a customer may carry.
MAX_TAGS = 20


#: Text with something besides spaces, as the OpenAPI document says it (_name_not_blank).
NOT_BLANK = "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"
#: Any text with a digit in it, as the OpenAPI document says it (_phone_has_digits).
PHONE_PATTERN = "^[^\\u0000]*[0-9][^\\u0000]*$"


def _phone_has_digits(value: str | None) -> None:
    if value and not normalise_phone(value):
        raise ValidationError(_("a phone number needs digits"))


class CustomerPatchSchema(Schema):
    """The fields of a customer a request may set; all optional (``PATCH``)."""

    name = fields.String(validate=validate.Length(1, 200), metadata={"pattern": NOT_BLANK})
    email = fields.Email(allow_none=True, validate=validate.Length(max=254))
    phone = fields.String(
        allow_none=True,
        validate=[validate.Length(max=40), _phone_has_digits],
        metadata={"pattern": PHONE_PATTERN},
    )
    address = fields.String(validate=validate.Length(max=500))
    tags = fields.List(
        fields.String(validate=validate.Length(1, 40)), validate=validate.Length(max=MAX_TAGS)
    )
    notes = fields.String(validate=validate.Length(max=5000))
    marketing_consent = fields.Boolean(
        metadata={"description": "giving or withdrawing it records the date"}
    )
    language = fields.String(
        allow_none=True,
        validate=validate.OneOf(LANGUAGES),
        metadata={
            "description": "what is sent to the customer is written in it; null: the store's"
        },
    )
    card_barcode = fields.String(
        allow_none=True,
        validate=validate.Regexp(r"^[A-Za-z0-9._-]{1,64}$", error=_l("letters, digits, . _ -")),
        metadata={"description": "the barcode of the customer's card; unique"},
    )
    group_id = fields.Integer(strict=True, allow_none=True, validate=validate.Range(1, MAX_ID))

    @validates("name")
    def _name_not_blank(self, value: str, **_kwargs: t.Any) -> None:
        if not value.strip():
            raise ValidationError(_("a name is required"))


class CustomerCreateSchema(CustomerPatchSchema):
    """A new customer: a name at least."""

    name = fields.String(required=True, validate=validate.Length(1, 200))


class GroupRefSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    discount_percent = Percent()


class CustomerSchema(Schema):
    """A customer as the API shows it, with the fields other plugins add
    (``crm_customer_fields``, e.g. ``loyalty_points``): the document says more
    properties may come (``additionalProperties``)."""

    class Meta:
        # Dumped only: INCLUDE documents that other plugins' fields follow.
        unknown = INCLUDE

    id = fields.Integer()
    name = fields.String()
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    address = fields.String()
    tags = fields.List(fields.String())
    notes = fields.String()
    marketing_consent = fields.Boolean()
    language = fields.String(allow_none=True)
    consent_changed_at = fields.AwareDateTime(allow_none=True)
    card_barcode = fields.String(allow_none=True)
    group_id = fields.Integer(allow_none=True)
    group = fields.Nested(GroupRefSchema, allow_none=True)
    created_at = fields.AwareDateTime()
    updated_at = fields.AwareDateTime()
    erased_at = fields.AwareDateTime(allow_none=True)

    @post_dump(pass_original=True)
    def _plugin_fields(self, data: dict[str, t.Any], customer: t.Any, **_kw: t.Any):
        data.update({k: v for k, v in plugin_fields(customer).items() if k not in data})
        return data


class TotalsSchema(Schema):
    sales_count = fields.Integer()
    total_spent = fields.Integer(metadata={"description": "sales less refunds, minor units"})
    refunded = fields.Integer()
    last_visit = fields.AwareDateTime(allow_none=True)


class CustomerDetailSchema(CustomerSchema):
    """One customer with their lifetime totals."""

    totals = fields.Method("_totals", metadata={"type": "object"})

    def _totals(self, customer: t.Any) -> dict[str, t.Any]:
        return TotalsSchema().dump(lifetime_totals(customer.id))


class CustomerQuerySchema(Schema):
    q = fields.String(
        validate=validate.Length(max=200),
        metadata={"description": "part of the name or e-mail, phone digits, or a card barcode"},
    )
    barcode = fields.String(validate=validate.Length(1, 64))
    group_id = fields.Integer(validate=validate.Range(1, MAX_ID))
    include_erased = fields.Boolean(load_default=False)
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 500))
    offset = fields.Integer(load_default=0, validate=validate.Range(0, 10**9))


class PageQuerySchema(Schema):
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 500))
    offset = fields.Integer(load_default=0, validate=validate.Range(0, 10**9))


class CustomerSaleSchema(Schema):
    """A sale of the customer's history."""

    id = fields.String()
    receipt_number = fields.Method("_receipt_number")
    register_id = fields.Integer()
    completed_at = fields.AwareDateTime()
    total = fields.Integer()
    refunded = fields.Method("_refunded", metadata={"type": "integer"})
    items = fields.Method("_items", metadata={"type": "integer"})

    def _receipt_number(self, sale: t.Any) -> str:
        return sale.receipt_number

    def _refunded(self, sale: t.Any) -> int:
        return sum(refund.total for refund in sale.refunds)

    def _items(self, sale: t.Any) -> int:
        return len(sale.lines)


class GroupInSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(1, 80))
    discount_percent = Percent(load_default=None)


class GroupPatchSchema(Schema):
    name = fields.String(validate=validate.Length(1, 80))
    discount_percent = Percent()


class GroupSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    discount_percent = Percent()
    created_at = fields.AwareDateTime()


def plugin_fields(customer: Customer) -> dict[str, t.Any]:
    """What the enabled plugins add to a customer (``crm_customer_fields``, given its
    :class:`~plugins.crm.public.CustomerView`). A failing plugin's fields are left out
    and logged: a customer still shows."""
    found: dict[str, t.Any] = {}
    for result in present_hook("crm_customer_fields", customer=customer_view(customer)):
        found.update(result)
    return found
