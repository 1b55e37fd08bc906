"""Line kinds: sale lines that are not catalog products, added by plugins (a gift card
sold, a deposit, a green fee).

A line of kind ``gift_card`` arrives as ``{"gift_card": {"amount": 5000}}``: the key
names the kind, the kind's schema validates the value, and the kind prices it. It moves
no stock. The plugin writes what the line means (activating the card) in
``pos_sale_completing`` by looking at ``sale.lines`` of its kind.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field
from decimal import Decimal

from marshmallow import Schema


@dataclass(frozen=True)
class LinePrice:
    """What a line kind makes of its payload."""

    name: str
    unit_price: int
    tax_rate: Decimal
    sku: str = ""
    #: Kept on the sale line (``SaleLine.data``) and shown in the sale's answer.
    data: dict[str, t.Any] = field(default_factory=dict)


class LineKind:
    """Base class of line kinds.

    :cvar code: the key of a sale line body that selects this kind.
    :cvar schema: a marshmallow schema validating the value under that key.
    """

    code: str = ""
    title: str = ""
    schema: type[Schema] = Schema

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
