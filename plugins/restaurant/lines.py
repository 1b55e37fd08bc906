"""The ``restaurant_modifier`` line kind: a priced modifier (extra cheese) of an order
line, sold with it. Its price and name come from the order, never from the device."""

from __future__ import annotations

import typing as t

from marshmallow import Schema, fields

from core.plugins import LineKind, LinePrice

from . import billing


class ModifierLineSchema(Schema):
    order_line_id = fields.Integer(required=True, strict=True)
    modifier_id = fields.Integer(required=True, strict=True)


class ModifierLine(LineKind):
    code = "restaurant_modifier"
    title = "Modifier"
    schema = ModifierLineSchema

    def build(self, payload: dict[str, t.Any], store: t.Any) -> LinePrice:
        name, price, tax_rate = billing.modifier_price(payload)
        return LinePrice(
            name=f"+ {name}",
            unit_price=price,
            tax_rate=tax_rate,
            sku="MODIFIER",
            data=dict(payload),
        )
