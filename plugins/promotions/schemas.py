"""Payloads of ``/api/v1/promotions``.

``value`` depends on ``kind``: a percent as a decimal string for ``percent`` and
``buy_x_get_y`` (``"100"``: the Y units are free), an integer amount in minor units for
``amount`` (off each unit) and ``bundle`` (the price of the set).
"""

from __future__ import annotations

import typing as t
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate

from core.plugins import Money, percent_text

from .models import KINDS

PERCENT_KINDS = ("percent", "buy_x_get_y")
_HHMM = r"^([01]\d|2[0-3]):[0-5]\d$"


_HHMM_ERROR = _l("a time as HH:MM, e.g. 09:30")


class HoursSchema(Schema):
    start = fields.String(required=True, validate=validate.Regexp(_HHMM, error=_HHMM_ERROR))
    end = fields.String(required=True, validate=validate.Regexp(_HHMM, error=_HHMM_ERROR))


def _ids() -> fields.List:
    return fields.List(
        fields.Integer(strict=True, validate=validate.Range(1, 2**31 - 1)),
        validate=validate.Length(0, 500),
        metadata={"description": "database ids"},
    )


class PromotionInSchema(Schema):
    """A promotion as it is created (every field) or changed (some fields)."""

    name = fields.String(required=True, validate=validate.Length(1, 120))
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    value = fields.Raw(
        required=True,
        metadata={"description": "percent (decimal string) or amount (minor units)"},
    )
    product_ids = _ids()
    category_ids = _ids()
    starts_at = fields.AwareDateTime(required=True)
    ends_at = fields.AwareDateTime(required=True)
    coupon_code = fields.String(
        allow_none=True,
        validate=validate.Regexp(
            r"^[A-Za-z0-9_-]{1,64}$", error=_l("1 to 64 letters, digits, - or _")
        ),
    )
    buy_quantity = fields.Integer(strict=True, allow_none=True, validate=validate.Range(1, 1000))
    get_quantity = fields.Integer(strict=True, allow_none=True, validate=validate.Range(1, 1000))
    days = fields.List(
        fields.Integer(strict=True, validate=validate.Range(1, 7)),
        allow_none=True,
        validate=validate.Length(1, 7),
        metadata={"description": "ISO weekdays, 1 = Monday"},
    )
    hours = fields.Nested(HoursSchema, allow_none=True)
    max_uses = fields.Integer(strict=True, allow_none=True, validate=validate.Range(1, 10**9))
    max_uses_per_customer = fields.Integer(
        strict=True, allow_none=True, validate=validate.Range(1, 10**9)
    )
    stackable = fields.Boolean()
    active = fields.Boolean()


def _value(kind: str, raw: t.Any) -> tuple[Decimal | None, int | None]:
    """``(percent, amount)`` from the ``value`` of a promotion of ``kind``."""
    if kind in PERCENT_KINDS:
        if isinstance(raw, bool) or not isinstance(raw, str | int | Decimal):
            raise ValidationError({"value": [_('a percent as a decimal string, e.g. "10.0"')]})
        try:
            percent = Decimal(str(raw).strip())
        except InvalidOperation:
            raise ValidationError({"value": [_("not a number")]}) from None
        if not percent.is_finite() or not 0 < percent <= 100:
            raise ValidationError({"value": [_("must be more than 0 and at most 100")]})
        if percent != percent.quantize(Decimal("0.001")):
            raise ValidationError({"value": [_("at most 3 decimals")]})
        return percent, None
    minimum = 0 if kind == "bundle" else 1
    try:
        amount = Money(minimum=minimum).deserialize(raw)
    except ValidationError as error:
        raise ValidationError({"value": error.messages}) from None
    return None, amount


def check_promotion(data: dict[str, t.Any]) -> dict[str, t.Any]:
    """The model's columns for the complete promotion ``data`` (API shape), or a
    ``ValidationError`` naming the fields: rules that span several fields."""
    problems: dict[str, list[str]] = {}
    if not data["name"].strip():
        problems["name"] = [_("must not be blank")]
    kind = data["kind"]
    try:
        percent, amount = _value(kind, data.get("value"))
    except ValidationError as error:
        problems.update(error.messages)  # type: ignore[arg-type]
        percent = amount = None
    if data["ends_at"] <= data["starts_at"]:
        problems["ends_at"] = [_("must be after starts_at")]
    products = list(dict.fromkeys(data.get("product_ids") or []))
    categories = list(dict.fromkeys(data.get("category_ids") or []))
    if kind == "buy_x_get_y":
        for name in ("buy_quantity", "get_quantity"):
            if not data.get(name):
                problems[name] = [_("required for buy_x_get_y")]
    elif data.get("buy_quantity") or data.get("get_quantity"):
        problems["buy_quantity"] = [_("only for buy_x_get_y")]
    if kind == "bundle":
        if len(products) < 2:
            problems["product_ids"] = [_("a bundle needs at least two products")]
        if categories:
            problems["category_ids"] = [_("a bundle is made of products")]
    hours = data.get("hours")
    if hours and hours["start"] >= hours["end"]:
        problems["hours"] = [_("end must be after start (same day)")]
    if problems:
        raise ValidationError(problems)
    code = data.get("coupon_code")
    return {
        "name": data["name"].strip(),
        "kind": kind,
        "percent": percent,
        "amount": amount,
        "product_ids": products,
        "category_ids": categories,
        "starts_at": data["starts_at"],
        "ends_at": data["ends_at"],
        "coupon_code": code.strip().upper() if code else None,
        "buy_quantity": data.get("buy_quantity") if kind == "buy_x_get_y" else None,
        "get_quantity": data.get("get_quantity") if kind == "buy_x_get_y" else None,
        "days": sorted(set(data["days"])) if data.get("days") else None,
        "hour_start": hours["start"] if hours else None,
        "hour_end": hours["end"] if hours else None,
        "max_uses": data.get("max_uses"),
        "max_uses_per_customer": data.get("max_uses_per_customer"),
        "stackable": bool(data.get("stackable", False)),
        "active": bool(data.get("active", True)),
    }


def api_state(promotion: t.Any) -> dict[str, t.Any]:
    """A stored promotion in the API's input shape, to which a PATCH is applied."""
    return {
        "name": promotion.name,
        "kind": promotion.kind,
        "value": promotion.value,
        "product_ids": list(promotion.product_ids or []),
        "category_ids": list(promotion.category_ids or []),
        "starts_at": promotion.starts_at,
        "ends_at": promotion.ends_at,
        "coupon_code": promotion.coupon_code,
        "buy_quantity": promotion.buy_quantity,
        "get_quantity": promotion.get_quantity,
        "days": promotion.days,
        "hours": promotion.hours,
        "max_uses": promotion.max_uses,
        "max_uses_per_customer": promotion.max_uses_per_customer,
        "stackable": promotion.stackable,
        "active": promotion.active,
    }


class PromotionOutSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    kind = fields.String()
    value = fields.Method("_value")
    product_ids = fields.List(fields.Integer())
    category_ids = fields.List(fields.Integer())
    starts_at = fields.AwareDateTime()
    ends_at = fields.AwareDateTime()
    coupon_code = fields.String(allow_none=True)
    buy_quantity = fields.Integer(allow_none=True)
    get_quantity = fields.Integer(allow_none=True)
    days = fields.List(fields.Integer(), allow_none=True)
    hours = fields.Nested(HoursSchema, allow_none=True)
    max_uses = fields.Integer(allow_none=True)
    max_uses_per_customer = fields.Integer(allow_none=True)
    uses = fields.Integer()
    stackable = fields.Boolean()
    active = fields.Boolean()
    created_at = fields.AwareDateTime()
    updated_at = fields.AwareDateTime()

    def _value(self, promotion: t.Any) -> t.Any:
        if promotion.kind in PERCENT_KINDS:
            return percent_text(promotion.percent)
        return promotion.amount


class PromotionQuerySchema(Schema):
    active = fields.Boolean(load_default=None)
