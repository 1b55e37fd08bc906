"""The promotions plugin's part of a cart: the coupon codes the cashier typed.

A sale or quote body carries them as ``"plugin_data": {"promotions": {"coupons":
["SUMMER24"]}}``; the hooks read ``cart.plugin_data["promotions"]`` and the sale keeps it
(``plugin_data`` in its answer). A refused coupon is reported at the place it was sent,
``plugin_data.promotions.coupons.<index>``, with a message that starts with its code, so
that a till puts the error on the coupon the cashier typed.
"""

from __future__ import annotations

import typing as t

from marshmallow import Schema, fields, validate

from core.plugins import CartData

NAME = "promotions"
#: How many coupons one cart may bring, and how long a code may be.
MAX_COUPONS = 20
MAX_CODE_LENGTH = 64


class PromotionsCartSchema(Schema):
    coupons = fields.List(
        fields.String(validate=validate.Length(1, MAX_CODE_LENGTH)),
        load_default=list,
        validate=validate.Length(0, MAX_COUPONS),
        metadata={"description": "coupon codes, whatever their case"},
    )


CART_DATA = CartData(NAME, PromotionsCartSchema)


def coupons_of(plugin_data: t.Mapping[str, t.Any]) -> list[str]:
    """The coupons of a cart's (or a sale's) ``plugin_data``, as typed."""
    return list((plugin_data.get(NAME) or {}).get("coupons") or [])


def normalise_code(code: str) -> str:
    """Coupon codes are matched whatever their case and surrounding spaces."""
    return code.strip().upper()


def coupon_field(typed: t.Sequence[str], code: str) -> str | None:
    """Where the coupon ``code`` (normalised) was sent: the error field naming it."""
    for index, value in enumerate(typed):
        if normalise_code(value) == code:
            return f"plugin_data.{NAME}.coupons.{index}"
    return None
