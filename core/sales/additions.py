"""What plugins add to a cart on the server: lines (``pos_add_lines``) and surcharges
(``pos_adjust_cart``).

Both are recomputed each time the cart is priced, so the till shows them but cannot change
them, and both become sale lines like any other: printed, taxed, reported and journaled.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field
from decimal import Decimal

from ..fields import MAX_MONEY, MAX_QUANTITY

KIND_MAX = 32


@dataclass(frozen=True)
class AddedLine:
    """A line a plugin adds to the cart (:func:`~core.plugins.hookspecs.pos_add_lines`).

    :param kind: what the line is, for the plugin and for reports (``deposit``,
        ``ecofee``...); 1 to 32 characters.
    :param name: what the receipt and the till show.
    :param unit_price: minor units, tax included or not as the store's prices are;
        negative for a credit line (containers handed back): it takes no discount and moves
        no stock, and the cart may then total below zero (money handed out).
    :param tax_rate: the line's tax percent, applied as given (a deposit may follow its
        drink's rate, or be outside VAT at ``Decimal("0")``).
    :param quantity: a positive decimal, up to 3 places.
    :param product_id: a catalog product, when the line is one (a free gift): its stock
        moves like a sold product's.
    :param for_line: the key of the client's line that caused it: it is refunded with that
        line, in proportion, and never alone.
    :param data: kept on the sale line (``line.data``).

    Example, a deposit of 0.25 per bottle outside VAT::

        @hookimpl
        def pos_add_lines(cart, store):
            return [
                AddedLine("deposit", "Deposit", 25, Decimal("0"), line.quantity, for_line=line.key)
                for line in cart.lines
                if line.product is not None and line.product.sku in BOTTLED
            ]
    """

    kind: str
    name: str
    unit_price: int
    tax_rate: Decimal
    quantity: Decimal = Decimal(1)
    sku: str = ""
    product_id: int | None = None
    for_line: int | None = None
    data: t.Mapping[str, t.Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Surcharge:
    """Money a plugin adds to a cart after every discount (a service charge, a delivery
    fee), returned by :func:`~core.plugins.hookspecs.pos_adjust_cart` beside its
    adjustments. It becomes a line of its own, with its own tax rate, never discounted.

    :param label: what the line is called on the receipt.
    :param source: the plugin's name.
    :param tax_rate: the charge's tax percent, applied as given.
    :param amount: a fixed amount in minor units; or
    :param percent: a percent of what the goods come to after every discount (of the line
        ``line_key`` when given, else of every positive line).
    :param line_key: the key of the line it is for (refunded with it, in proportion).
    :param kind: the sale line's kind.

    Example, a 10 % service charge taxed at 10 %::

        @hookimpl
        def pos_adjust_cart(cart, store):
            return [Surcharge("Service 10 %", "tables", Decimal("10"), percent=Decimal("10"))]
    """

    label: str
    source: str
    tax_rate: Decimal
    amount: int | None = None
    percent: Decimal | None = None
    line_key: int | None = None
    kind: str = "surcharge"


def check_added_line(line: t.Any, client_keys: range) -> None:
    """Refuse what a plugin should never return: the plugin's bug, a 500 naming it.

    :raises ValueError: saying what is wrong.
    """
    if not isinstance(line, AddedLine):
        raise ValueError(f"pos_add_lines returns AddedLine values, not {type(line).__name__}")
    if not isinstance(line.kind, str) or not 0 < len(line.kind) <= KIND_MAX:
        raise ValueError(f"an added line's kind is 1 to {KIND_MAX} characters: {line.kind!r}")
    _check_money(line.unit_price, "unit_price", signed=True)
    _check_rate(line.tax_rate)
    if not isinstance(line.quantity, Decimal | int) or isinstance(line.quantity, bool):
        raise ValueError("an added line's quantity is a Decimal")
    quantity = Decimal(line.quantity)
    if not 0 < quantity <= MAX_QUANTITY or quantity != round(quantity, 3):
        raise ValueError(f"an added line's quantity is positive, 3 decimals at most: {quantity}")
    if line.for_line is not None and line.for_line not in client_keys:
        raise ValueError(f"an added line is for a line of the cart, not {line.for_line!r}")


def check_surcharge(surcharge: Surcharge, client_keys: range) -> None:
    """As :func:`check_added_line`, for a surcharge."""
    if (surcharge.amount is None) == (surcharge.percent is None):
        raise ValueError("a surcharge has an amount or a percent, not both")
    if surcharge.amount is not None:
        _check_money(surcharge.amount, "amount", signed=False)
    else:
        if not isinstance(surcharge.percent, Decimal) or not 0 <= surcharge.percent <= 100:
            raise ValueError(
                f"a surcharge's percent is a Decimal from 0 to 100: {surcharge.percent!r}"
            )
    _check_rate(surcharge.tax_rate)
    if not 0 < len(surcharge.kind or "") <= KIND_MAX:
        raise ValueError(f"a surcharge's kind is 1 to {KIND_MAX} characters")
    if surcharge.line_key is not None and surcharge.line_key not in client_keys:
        raise ValueError(f"a surcharge is for a line of the cart, not {surcharge.line_key!r}")


def _check_money(value: t.Any, what: str, *, signed: bool) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{what} is an int of minor units, not {value!r}")
    if abs(value) > MAX_MONEY or (value < 0 and not signed):
        raise ValueError(f"{what} out of range: {value}")


def _check_rate(rate: t.Any) -> None:
    if not isinstance(rate, Decimal) or not 0 <= rate <= 100:
        raise ValueError(f"a tax rate is a Decimal percent from 0 to 100, not {rate!r}")
