"""Line kinds: sale lines that are not catalog products, sent by the till or a client (a
gift card sold, a voucher taken as a line, a green fee).

A line of kind ``gift_card`` arrives as ``{"gift_card": {"amount": 5000}}``: the key
names the kind, the kind's schema validates the value, and the kind prices it. It moves
no stock. The plugin writes what the line means (activating the card) in
``pos_sale_completing`` by looking at ``sale.lines`` of its kind. Lines the server adds by
itself are :class:`core.sales.additions.AddedLine`, not kinds.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field
from decimal import Decimal

from marshmallow import Schema


@dataclass(frozen=True)
class LinePrice:
    """What a line kind makes of its payload: ``unit_price`` in minor units (negative for a
    credit line, which takes no discount: a voucher taken as a line), ``tax_rate`` a
    percent applied as given.

    Example::

        def build(self, payload, store):
            return LinePrice("Gift card", payload["amount"], Decimal("0"), sku="GIFTCARD")
    """

    name: str
    unit_price: int
    tax_rate: Decimal
    sku: str = ""
    #: Kept on the sale line (``SaleLine.data``) and shown in the sale's answer.
    data: dict[str, t.Any] = field(default_factory=dict)


class LineKind:
    """Base class of line kinds.

    :cvar code: the key of a sale line body that selects this kind.
    :cvar title: what the kind is called (a line with no name of its own, offline).
    :cvar schema: a marshmallow schema validating the value under that key.
    :cvar works_offline: the till may sell the kind without the server, at the price and
        tax rate its action gave (``till.addLine``); a kind whose price needs the server
        (a balance, a stock of codes) leaves it ``False`` and is refused offline.
    :cvar revenue: the line is a sale of the shop's (the default). ``False`` for money the
        shop takes for someone else (a tip owed to a waiter): such a line takes no
        discount (a manual one is refused, promotions leave it), no share of cart-level
        money off and no surcharge on it, and the sales report's revenue figures (totals
        and net, by period, product, category and user) leave it out; the money still
        counts by payment method and in the register's cash, where it is.

    Example, bottles brought back, credited at 0.25 each::

        class BottlesSchema(Schema):
            bottles = fields.Integer(required=True, validate=validate.Range(1, 500))

        class BottlesBack(LineKind):
            code = "bottles_back"
            title = "Bottles returned"
            schema = BottlesSchema
            works_offline = True

            def build(self, payload, store):
                return LinePrice("Bottles returned", -25 * payload["bottles"], Decimal("0"))
    """

    code: str = ""
    title: str = ""
    schema: type[Schema] = Schema
    works_offline: bool = False
    revenue: bool = True

    def build(self, payload: dict[str, t.Any], store: t.Any) -> LinePrice:
        """Price one line from its loaded payload. Raise
        :class:`core.plugins.Rejected` to refuse it (a 422 naming the plugin)."""
        raise NotImplementedError


class KindItem:
    """A line kind's loaded payload inside a loaded sale body. JSON cannot produce this
    type, so a client cannot smuggle a kind past its schema."""

    __slots__ = ("code", "payload")

    def __init__(self, code: str, payload: dict[str, t.Any]):
        self.code = code
        self.payload = payload
