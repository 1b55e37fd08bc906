"""Pure pricing of a cart: the one place where a sale's money is computed.

The quote endpoint, sale completion and the till (which mirrors this module) all price a cart
with :func:`price_cart`. Nothing here touches Flask, the database or any I/O.

Pipeline, applied in this order::

    1. base          unit_price x quantity, rounded half-up to the minor unit, per line
    2. adjustments   plugin money off on a line (promotions, customer prices), in given order
    3. line discount manual, percent OR amount, on what remains of the line
    4. cart level    plugin cart adjustments (in given order), then the manual cart discount
                     (percent OR amount) on what remains of the cart; the cart money off is
                     allocated over the lines in proportion to what remains of each, with the
                     largest-remainder method, so the parts sum exactly to the cart amount
    5. surcharges    money added after every discount (a service charge, a delivery fee): a
                     fixed amount, or a percent of what the goods lines (or one line) come to;
                     each becomes a line of its own, with its own tax rate
    6. taxes         per line ("line" rounding) or once per rate ("total" rounding)
    7. cash rounding only for the amount due in cash: :meth:`PricedCart.cash_due`

Every step clips its amount so that nothing goes below zero; the priced cart records the amounts
actually applied, never the requested ones.

Credit lines: a line may have a negative unit price (containers handed back, a voucher taken as
a line; only plugins make them). It is priced at its rate like any line, takes no discount (a
manual one is refused, plugin adjustments are clipped to nothing), and cart-level money off is
spread over the positive lines only, never beyond what they come to. The cart's total may then
be negative: money handed out. Lines that are no revenue of the shop's (``revenue=False``,
a tip owed to a waiter) are priced as given: no adjustment, no discount (a manual one is
refused), no share of cart-level money off, and no percent surcharge is charged on them.

With ``prices_include_tax`` (the EU default) prices, discounts and adjustments are
tax-included amounts and the tax is extracted from each line's total; otherwise they are
net amounts and the tax is added on top.

Why integers and Decimal: money is an ``int`` of minor units (cents), so sums are exact and every
total is reproducible on the till and in the journal. Quantities, tax rates and percents are
``Decimal`` (never ``float``, which cannot hold 0.1 or 5.5 % exactly). Each product or quotient
is turned into an exact integer fraction (``Decimal.as_integer_ratio``) and rounded once, half-up,
so results do not depend on the active ``decimal`` context. Rounding is "half away from zero":
2.5 -> 3 and -2.5 -> -3, so a refund rounds exactly like the sale it mirrors.

Wrong types (a ``float`` quantity, a ``str`` price) raise ``TypeError``; impossible values
(negative price, quantity <= 0, percent outside 0..100, both percent and amount, an adjustment
for an unknown line) raise ``ValueError``. Checking that values are sensible for the shop is the
caller's job.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

__all__ = [
    "Adjustment",
    "DEFAULT_POLICY",
    "LineInput",
    "PricedCart",
    "PricedLine",
    "PricingPolicy",
    "SurchargeInput",
    "TaxRow",
    "price_cart",
    "round_cash",
    "round_half_up",
]

TAX_ROUNDING_MODES = ("line", "total")
QUANTITY_DECIMALS = 3


@dataclass(frozen=True, slots=True)
class PricingPolicy:
    """Store settings that change how a cart is priced."""

    prices_include_tax: bool = True
    tax_rounding: str = "line"  # "line": half-up per line; "total": half-up once per rate


DEFAULT_POLICY = PricingPolicy()


@dataclass(frozen=True, slots=True)
class Adjustment:
    """Money off proposed by a plugin (or recorded as applied, with its clipped amount).

    Example::

        @hookimpl
        def pos_price_line(line, cart, store):
            if line.product is not None and line.product.category_id == FRESH:
                return [Adjustment(amount=line.unit_price // 2, label="Half price", source="fresh")]
            return None
    """

    amount: int  # minor units off; >= 0 (0 is a no-op, as is an amount clipped to nothing)
    label: str  # shown on the receipt, e.g. "Summer sale -10%"
    source: str  # who made it: plugin name, "manual", promotion code...
    line_key: object | None = None  # None = cart-level
    #: A discount the cashier chooses to give by what they enter (the customer they
    #: attach: a group discount), not a rule of the store every till applies alike (a
    #: promotion): it counts with the manual discounts against the cashier's limit.
    chosen: bool = False


@dataclass(frozen=True, slots=True)
class LineInput:
    """One cart line to price. ``key`` is the caller's identifier, unique and hashable."""

    key: object
    unit_price: int
    quantity: Decimal
    tax_rate: Decimal  # percent, e.g. Decimal("20.0")
    discount_percent: Decimal | None = None
    discount_amount: int | None = None
    #: ``False``: money taken for someone else (a tip), priced as given (module docstring).
    revenue: bool = True


@dataclass(frozen=True, slots=True)
class SurchargeInput:
    """Money added after the discounts, priced as a line of its own with ``key``.

    Either ``amount`` (minor units) or ``percent`` of what the positive lines come to after
    every discount (of the line ``line_key`` only, when given)."""

    key: object
    tax_rate: Decimal
    amount: int | None = None
    percent: Decimal | None = None
    line_key: object | None = None


@dataclass(frozen=True, slots=True)
class PricedLine:
    """A priced line: ``base - discount`` is ``total`` (inclusive) or ``net`` (exclusive)."""

    key: object
    quantity: Decimal
    unit_price: int
    base: int  # unit_price x quantity, rounded
    adjustments: tuple[Adjustment, ...]  # applied plugin adjustments, with clipped amounts
    line_discount: int  # manual line discount applied
    cart_discount: int  # this line's share of cart-level money off (plugins + manual)
    discount: int  # all money off on this line
    total: int  # what the customer pays for the line (tax incl.)
    net: int
    tax: int
    tax_rate: Decimal


@dataclass(frozen=True, slots=True)
class TaxRow:
    """One row of the tax breakdown: all lines sharing a rate."""

    rate: Decimal
    base: int  # net
    tax: int
    total: int  # gross


@dataclass(frozen=True, slots=True)
class PricedCart:
    """The result of :func:`price_cart`; every total is the exact sum of its lines."""

    lines: tuple[PricedLine, ...]
    cart_adjustments: tuple[Adjustment, ...]  # with clipped amounts
    cart_discount: int  # manual cart discount applied
    taxes: tuple[TaxRow, ...]  # one row per rate, sorted by rate
    subtotal: int  # sum of line bases (shelf prices: gross if inclusive, net if exclusive)
    discount_total: int  # adjustments + manual line discounts + cart-level money off
    net_total: int
    tax_total: int
    total: int  # amount due, tax included

    def cash_due(self, increment: int) -> tuple[int, int]:
        """Return ``(rounded total, rounding)`` for a cash payment, ``rounding = rounded - total``.

        ``increment`` is the smallest coin in minor units (1 = no rounding).
        """
        rounded = round_cash(self.total, increment)
        return rounded, rounded - self.total


def round_half_up(value: Decimal) -> int:
    """Round to an integer, halves away from zero (2.5 -> 3, -2.5 -> -3); exact for any context."""
    numerator, denominator = _ratio(_decimal(value, "value"))
    return _div_half_up(numerator, denominator)


def round_cash(amount: int, increment: int) -> int:
    """Round ``amount`` to the nearest multiple of ``increment``, halves away from zero.

    ``round_cash(1232, 5) == 1230``, ``round_cash(1233, 5) == 1235``, ``round_cash(1235, 10) ==
    1240``. Negative amounts are rounded symmetrically: ``round_cash(-1233, 5) == -1235``.
    """
    amount = _integer(amount, "amount")
    increment = _integer(increment, "increment")
    if increment < 1:
        raise ValueError(f"cash rounding increment must be >= 1, got {increment}")
    return _div_half_up(amount, increment) * increment


def price_cart(
    lines: Sequence[LineInput],
    *,
    policy: PricingPolicy = DEFAULT_POLICY,
    adjustments: Sequence[Adjustment] = (),
    cart_discount_percent: Decimal | None = None,
    cart_discount_amount: int | None = None,
    surcharges: Sequence[SurchargeInput] = (),
) -> PricedCart:
    """Price ``lines`` through the pipeline described in the module docstring.

    ``adjustments`` holds line adjustments (``line_key`` set to a line's key) and cart
    adjustments (``line_key`` None); each kind is applied in the given order, before the manual
    discounts. Lines come back in input order, then one line per surcharge, in given order.
    """
    if policy.tax_rounding not in TAX_ROUNDING_MODES:
        raise ValueError(
            f"tax_rounding must be one of {TAX_ROUNDING_MODES}, got {policy.tax_rounding!r}"
        )
    index: dict[object, int] = {}
    quantities: list[Decimal] = []
    rates: list[Decimal] = []
    line_percents: list[Decimal | None] = []
    for position, line in enumerate(lines):
        what = f"line {line.key!r}"
        if line.key in index:
            raise ValueError(f"duplicate line key {line.key!r}")
        index[line.key] = position
        _integer(line.unit_price, f"{what}: unit_price (minor units)")
        quantity = _decimal(line.quantity, f"{what}: quantity")
        if quantity <= 0:
            raise ValueError(f"{what}: quantity must be > 0, got {quantity}")
        if 10**QUANTITY_DECIMALS % _ratio(quantity)[1]:
            raise ValueError(
                f"{what}: quantity has more than {QUANTITY_DECIMALS} decimals: {quantity}"
            )
        rate = _decimal(line.tax_rate, f"{what}: tax_rate")
        if rate < 0:
            raise ValueError(f"{what}: tax_rate must not be negative, got {rate}")
        if line.discount_percent is not None or line.discount_amount is not None:
            if line.unit_price < 0:
                raise ValueError(f"{what}: a credit line takes no discount")
            if not line.revenue:
                raise ValueError(f"{what}: a line that is no revenue takes no discount")
        quantities.append(quantity)
        rates.append(rate)
        line_percents.append(
            _discount(line.discount_percent, line.discount_amount, f"{what}: discount")
        )
    cart_percent = _discount(cart_discount_percent, cart_discount_amount, "cart discount")

    line_adjustments: list[list[Adjustment]] = [[] for _ in lines]
    cart_adjustments: list[Adjustment] = []
    for adjustment in adjustments:
        _money(adjustment.amount, f"adjustment {adjustment.label!r}: amount")
        if adjustment.line_key is None:
            cart_adjustments.append(adjustment)
        elif adjustment.line_key in index:
            line_adjustments[index[adjustment.line_key]].append(adjustment)
        else:
            raise ValueError(
                f"adjustment {adjustment.label!r} targets unknown line {adjustment.line_key!r}"
            )

    # 1. base; 2. plugin line adjustments; 3. manual line discount.
    bases: list[int] = []
    applied_line_adjustments: list[tuple[Adjustment, ...]] = []
    line_discounts: list[int] = []
    remaining: list[int] = []
    for position, line in enumerate(lines):
        numerator, denominator = _ratio(quantities[position])
        base = _div_half_up(line.unit_price * numerator, denominator)
        # A plugin's money off never reaches a line that is no revenue (a tip).
        left, applied = _apply_adjustments(base, line_adjustments[position] if line.revenue else [])
        line_discount = _manual_discount(left, line_percents[position], line.discount_amount)
        bases.append(base)
        applied_line_adjustments.append(applied)
        line_discounts.append(line_discount)
        remaining.append(left - line_discount)

    # 4. cart level: plugins first, then the manual discount, on what remains of the goods
    # (credit lines and lines that are no revenue are no goods: nothing is taken off
    # them, nor spread onto them).
    goods = [
        max(left, 0) if line.revenue else 0 for left, line in zip(remaining, lines, strict=True)
    ]
    cart_left, applied_cart_adjustments = _apply_adjustments(sum(goods), cart_adjustments)
    manual_cart = _manual_discount(cart_left, cart_percent, cart_discount_amount)
    cart_off = sum(goods) - cart_left + manual_cart
    shares = _allocate(cart_off, goods)
    amounts = [left - share for left, share in zip(remaining, shares, strict=True)]

    # 5. surcharges, on what the goods come to after every discount.
    on_goods = [amount if line.revenue else 0 for amount, line in zip(amounts, lines, strict=True)]
    charged = [_surcharge(surcharge, on_goods, index) for surcharge in surcharges]
    for surcharge in surcharges:
        if surcharge.key in index:
            raise ValueError(f"duplicate line key {surcharge.key!r}")
        index[surcharge.key] = len(index)
    all_rates = rates + [_decimal(s.tax_rate, f"surcharge {s.key!r}: tax_rate") for s in surcharges]
    if any(rate < 0 for rate in all_rates):
        raise ValueError("a surcharge's tax_rate must not be negative")

    # 6. taxes.
    taxes = _taxes(amounts + charged, all_rates, policy)

    priced: list[PricedLine] = []
    for position, line in enumerate(lines):
        amount, tax = amounts[position], taxes[position]
        net, total = (amount - tax, amount) if policy.prices_include_tax else (amount, amount + tax)
        priced.append(
            PricedLine(
                key=line.key,
                quantity=quantities[position],
                unit_price=line.unit_price,
                base=bases[position],
                adjustments=applied_line_adjustments[position],
                line_discount=line_discounts[position],
                cart_discount=shares[position],
                discount=bases[position] - amount,
                total=total,
                net=net,
                tax=tax,
                tax_rate=rates[position],
            )
        )
    for offset, (surcharge, amount) in enumerate(zip(surcharges, charged, strict=True)):
        tax = taxes[len(lines) + offset]
        net, total = (amount - tax, amount) if policy.prices_include_tax else (amount, amount + tax)
        priced.append(
            PricedLine(
                key=surcharge.key,
                quantity=Decimal(1),
                unit_price=amount,
                base=amount,
                adjustments=(),
                line_discount=0,
                cart_discount=0,
                discount=0,
                total=total,
                net=net,
                tax=tax,
                tax_rate=all_rates[len(lines) + offset],
            )
        )

    return PricedCart(
        lines=tuple(priced),
        cart_adjustments=applied_cart_adjustments,
        cart_discount=manual_cart,
        taxes=_tax_rows(priced),
        subtotal=sum(bases) + sum(charged),
        discount_total=sum(line.discount for line in priced),
        net_total=sum(line.net for line in priced),
        tax_total=sum(line.tax for line in priced),
        total=sum(line.total for line in priced),
    )


# -- steps -------------------------------------------------------------------------------------


def _apply_adjustments(
    amount: int, adjustments: Sequence[Adjustment]
) -> tuple[int, tuple[Adjustment, ...]]:
    """Take each adjustment off ``amount`` in order, clipped to what remains (nothing off a
    credit line's negative amount)."""
    applied: list[Adjustment] = []
    for adjustment in adjustments:
        taken = min(adjustment.amount, max(amount, 0))
        amount -= taken
        applied.append(
            adjustment if taken == adjustment.amount else replace(adjustment, amount=taken)
        )
    return amount, tuple(applied)


def _surcharge(surcharge: SurchargeInput, amounts: list[int], index: dict[object, int]) -> int:
    """The money a surcharge adds: its amount, or its percent of the goods (or of one line)
    after every discount, rounded half-up."""
    what = f"surcharge {surcharge.key!r}"
    if (surcharge.amount is None) == (surcharge.percent is None):
        raise ValueError(f"{what}: give an amount or a percent, not both")
    if surcharge.amount is not None:
        return _money(surcharge.amount, f"{what}: amount")
    percent = _decimal(surcharge.percent, f"{what}: percent")
    if not 0 <= percent <= 100:
        raise ValueError(f"{what}: percent must be between 0 and 100, got {percent}")
    if surcharge.line_key is None:
        base = sum(max(amount, 0) for amount in amounts)
    elif surcharge.line_key in index and index[surcharge.line_key] < len(amounts):
        base = max(amounts[index[surcharge.line_key]], 0)
    else:
        raise ValueError(f"{what}: targets unknown line {surcharge.line_key!r}")
    numerator, denominator = _ratio(percent)
    return _div_half_up(base * numerator, 100 * denominator)


def _manual_discount(amount: int, percent: Decimal | None, fixed: int | None) -> int:
    """Money off ``amount`` for a percent (rounded half-up) or a fixed amount (clipped)."""
    if percent is not None:
        numerator, denominator = _ratio(percent)
        return _div_half_up(amount * numerator, 100 * denominator)
    if fixed is not None:
        return min(fixed, amount)
    return 0


def _allocate(total: int, weights: list[int]) -> list[int]:
    """Split ``total`` (<= sum of weights) in proportion to ``weights``, summing exactly."""
    whole = sum(weights)
    if total == 0 or whole == 0:
        return [0] * len(weights)
    return _largest_remainder(total, [total * weight for weight in weights], whole)


def _taxes(amounts: list[int], rates: list[Decimal], policy: PricingPolicy) -> list[int]:
    """Tax of each line amount (gross if prices include tax, net otherwise)."""
    taxes = [0] * len(amounts)
    by_rate: dict[Decimal, list[int]] = {}
    for position, rate in enumerate(rates):
        by_rate.setdefault(rate, []).append(position)
    for rate, positions in by_rate.items():
        # tax = amount * rate / (100 + rate) inclusive, amount * rate / 100 exclusive, with
        # rate = p / q exactly.
        p, q = _ratio(rate)
        denominator = 100 * q + p if policy.prices_include_tax else 100 * q
        numerators = [amounts[position] * p for position in positions]
        if policy.tax_rounding == "line":
            rate_taxes = [_div_half_up(numerator, denominator) for numerator in numerators]
        else:
            rate_tax = _div_half_up(sum(numerators), denominator)
            rate_taxes = _largest_remainder(rate_tax, numerators, denominator)
        for position, tax in zip(positions, rate_taxes, strict=True):
            taxes[position] = tax
    return taxes


def _tax_rows(lines: list[PricedLine]) -> tuple[TaxRow, ...]:
    rows: dict[Decimal, TaxRow] = {}
    for line in lines:
        row = rows.get(line.tax_rate, TaxRow(rate=line.tax_rate, base=0, tax=0, total=0))
        rows[line.tax_rate] = TaxRow(
            rate=row.rate,
            base=row.base + line.net,
            tax=row.tax + line.tax,
            total=row.total + line.total,
        )
    return tuple(sorted(rows.values(), key=lambda row: row.rate))


# -- arithmetic --------------------------------------------------------------------------------


def _div_half_up(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` (denominator > 0) rounded half away from zero."""
    quotient, rest = divmod(abs(numerator), denominator)
    if 2 * rest >= denominator:
        quotient += 1
    return quotient if numerator >= 0 else -quotient


def _largest_remainder(total: int, numerators: list[int], denominator: int) -> list[int]:
    """Parts of ``total`` that are each ``numerator / denominator`` rounded down or up.

    Each part starts at its floor; the units still missing go to the largest remainders, ties
    to the earliest part. ``total`` must lie between the sum of the floors and of the ceilings.
    """
    parts = [numerator // denominator for numerator in numerators]
    missing = total - sum(parts)
    order = sorted(range(len(numerators)), key=lambda i: (-(numerators[i] % denominator), i))
    for position in order[:missing]:
        parts[position] += 1
    return parts


def _ratio(value: Decimal) -> tuple[int, int]:
    return value.as_integer_ratio()


# -- validation --------------------------------------------------------------------------------


def _integer(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int, got {type(value).__name__}")
    return value


def _money(value: object, what: str) -> int:
    amount = _integer(value, f"{what} (minor units)")
    if amount < 0:
        raise ValueError(f"{what} must not be negative, got {amount}")
    return amount


def _decimal(value: object, what: str) -> Decimal:
    """Accept a Decimal (or an int); refuse float, whose value is not what was typed."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{what} must be a Decimal, got {type(value).__name__}")
    number = Decimal(value)
    if not number.is_finite():
        raise ValueError(f"{what} must be a finite number, got {number}")
    return number


def _discount(percent: object, amount: object, what: str) -> Decimal | None:
    """Check a manual discount; return its percent as a Decimal (None for amount or none)."""
    if percent is not None and amount is not None:
        raise ValueError(f"{what}: give a percent or an amount, not both")
    if amount is not None:
        _money(amount, f"{what} amount")
    if percent is None:
        return None
    number = _decimal(percent, f"{what} percent")
    if not 0 <= number <= 100:
        raise ValueError(f"{what} percent must be between 0 and 100, got {number}")
    return number
