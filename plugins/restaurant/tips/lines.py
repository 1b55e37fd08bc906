"""The ``tip`` line kind: ``{"tip": {"amount": 500, "employee_id": 7}}``.

A tip carries no tax and is no revenue of the restaurant's (``revenue = False``): no
discount, promotion or service charge touches it, the sales report leaves it out of its
revenue, the books put it on a debt to the staff. The money counts where it was paid:
in the drawer (``paid_by: "cash"``, kept from the change) or on the card (``"card"``).
Without ``paid_by`` it is cash when the sale was paid in cash only, else card.
Without ``employee_id`` it goes to whoever sells (the till sends the table's waiter).
"""

from __future__ import annotations

import typing as t
from decimal import Decimal

from flask_babel import gettext as _
from marshmallow import Schema, fields, validate

from core.plugins import LineKind, LinePrice, Money, Rejected, current_user, get_user

from .models import TIP_METHODS

CODE = "tip"


class TipLineSchema(Schema):
    amount = Money(required=True, minimum=1)
    employee_id = fields.Integer(load_default=None, strict=True, validate=validate.Range(1))
    paid_by = fields.String(load_default=None, validate=validate.OneOf(TIP_METHODS))


class TipLine(LineKind):
    code = CODE
    title = "Tip"
    schema = TipLineSchema
    # The employee must be checked on the server: a tip is refused offline.
    works_offline = False
    revenue = False

    def build(self, payload: dict[str, t.Any], store: t.Any) -> LinePrice:
        employee_id = payload.get("employee_id")
        if employee_id is None:
            seller = current_user()
            employee_id = seller.id if seller is not None else None
        employee = get_user(employee_id) if employee_id is not None else None
        if employee is None or not employee.active:
            raise Rejected(
                _("a tip goes to an active employee"), code="unknown_employee", field="employee_id"
            )
        data: dict[str, t.Any] = {"employee_id": employee.id}
        if payload.get("paid_by"):
            data["paid_by"] = payload["paid_by"]
        return LinePrice(
            name=_("Tip · %(name)s", name=employee.full_name),
            unit_price=payload["amount"],
            tax_rate=Decimal("0"),
            sku="TIP",
            data=data,
        )
