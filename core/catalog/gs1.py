"""Weighed and priced labels: the GS1 restricted-circulation EAN-13s (prefixes ``02`` and
``20``-``29``) that a shop's scale prints, holding the item's code and its weight or price.

The store setting ``gs1_layout`` says how the shop's scales write them (the till's
``gs1.js`` reads them the same way, offline too):

- ``item5_weight5``: ``PP IIIII WWWWW C``, the weight in grams;
- ``item5_price5``: ``PP IIIII PPPPP C``, the price in minor units;
- ``item4_check_price5``: ``PP IIII K PPPPP C``, the price with its own check digit;
- ``none``: such codes are looked up as they are.

A price label sells a product sold by the unit at the printed price, at the till and on the
server (:func:`label_price`), offline too: the line carries the label, so that the server
can check the price against it (core/sales/offline_check.py). On a product sold by weight,
the price gives the quantity (:func:`label_quantity`).

The catalog keys the item by the label with its value digits (and price check digit)
zeroed; the check digit of such a code means nothing, so it is written either as computed
or as ``0`` (:func:`label_keys` gives both).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .gtin import check_digit

#: Layout name: (item digits, price check digits, value digits, what the value is).
LAYOUTS = {
    "item5_weight5": (5, 0, 5, "weight"),
    "item5_price5": (5, 0, 5, "price"),
    "item4_check_price5": (4, 1, 5, "price"),
}
LAYOUT_CHOICES = ("none", *LAYOUTS)

_LABEL = re.compile(r"^(02|2\d)\d{11}$")


@dataclass(frozen=True)
class Label:
    """A decoded label: the catalog codes of its item, and its weight or its price."""

    keys: tuple[str, str]
    weight_grams: int | None = None
    price: int | None = None


def decode(code: str, layout: str) -> Label | None:
    """The label ``code`` as the ``layout`` writes it, or None if it is not one (another
    prefix, a wrong check digit, the layout ``none``)."""
    parts = LAYOUTS.get(layout)
    if parts is None or not _LABEL.match(code) or check_digit(code[:12]) != code[12]:
        return None
    item, check, size, kind = parts
    start = 2 + item + check
    value = int(code[start : start + size])
    body = code[: 2 + item].ljust(12, "0")
    keys = (body + check_digit(body), body + "0")
    return Label(keys, **({"weight_grams": value} if kind == "weight" else {"price": value}))


def label_price(label: Label, sold_by: str) -> int | None:
    """The price a label charges for one item: a price label's, on a product sold by the
    unit (a cake priced at the counter, a bag of cherries weighed in the back); None for a
    weight label, for a product sold by weight (the price gives its quantity instead) and
    for a price of 0 (a misprint: the catalog's price applies)."""
    if sold_by == "weight" or not label.price:
        return None
    return label.price


def label_quantity(label: Label, sold_by: str, unit_price: int) -> Decimal | None:
    """What the label sells: its weight in kg for a product sold by weight (a price label:
    that price over the price per kg, to the gram); one for a product sold by the unit.
    None when the label holds no quantity (a weight of 0)."""
    if sold_by != "weight":
        return Decimal(1)
    grams = label.weight_grams
    if grams is None:
        if unit_price <= 0:
            return None
        grams = int(
            (Decimal(label.price or 0) * 1000 / unit_price).to_integral_value(ROUND_HALF_UP)
        )
    return (Decimal(grams) / 1000).quantize(Decimal("0.001")) if grams > 0 else None
