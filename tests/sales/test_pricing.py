"""Tests of the pure pricing function, ``core.sales.pricing``.

Expected amounts are computed by hand in the docstrings or comments; the random test at the end
checks the invariants and an independent plain-Decimal recomputation over a few hundred carts.
"""

from __future__ import annotations

import dataclasses
import random
from decimal import ROUND_HALF_UP, Decimal, localcontext

import pytest

from core.sales.pricing import (
    Adjustment,
    LineInput,
    PricedCart,
    PricingPolicy,
    SurchargeInput,
    TaxRow,
    price_cart,
    round_cash,
    round_half_up,
)

D = Decimal
INCLUSIVE = PricingPolicy(prices_include_tax=True)
EXCLUSIVE = PricingPolicy(prices_include_tax=False)


def line(
    key: object, price: int, quantity: str = "1", rate: str = "20.0", **kw: object
) -> LineInput:
    return LineInput(key=key, unit_price=price, quantity=D(quantity), tax_rate=D(rate), **kw)


def mixed_rates() -> list[LineInput]:
    return [line("a", 1200, "2", "20.0"), line("b", 350, "3", "5.5"), line("c", 999, "1", "0")]


# -- rounding helpers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2.4", 2), ("2.5", 3), ("2.6", 3), ("-2.4", -2), ("-2.5", -3), ("954.765", 955), ("0", 0)],
)
def test_round_half_up_rounds_halves_away_from_zero(value: str, expected: int) -> None:
    """Halves go up for positives and down for negatives (symmetric), others to nearest."""
    assert round_half_up(D(value)) == expected


def test_round_half_up_ignores_decimal_context() -> None:
    """Rounding is exact even when the caller's decimal context has a tiny precision."""
    with localcontext() as context:
        context.prec = 3
        assert round_half_up(D("123456.5")) == 123457


@pytest.mark.parametrize(
    ("amount", "expected"),
    [(1230, 1230), (1232, 1230), (1233, 1235), (1235, 1235), (1237, 1235), (1238, 1240)],
)
def test_round_cash_to_5(amount: int, expected: int) -> None:
    """To 5 cents: a remainder of 0-2 rounds down, 3-4 rounds up."""
    assert round_cash(amount, 5) == expected


@pytest.mark.parametrize(
    ("amount", "expected"), [(1230, 1230), (1234, 1230), (1235, 1240), (1239, 1240)]
)
def test_round_cash_to_10(amount: int, expected: int) -> None:
    """To 10 cents: the exact half (5) rounds up."""
    assert round_cash(amount, 10) == expected


@pytest.mark.parametrize(
    ("amount", "increment", "expected"),
    [(-1232, 5, -1230), (-1233, 5, -1235), (-1234, 10, -1230), (-1235, 10, -1240)],
)
def test_round_cash_negative_is_symmetric(amount: int, increment: int, expected: int) -> None:
    """Negative amounts round half away from zero: round_cash(-x) == -round_cash(x)."""
    assert round_cash(amount, increment) == expected
    assert round_cash(-amount, increment) == -expected


def test_round_cash_increment_one_changes_nothing() -> None:
    """An increment of 1 minor unit means no cash rounding."""
    assert [round_cash(n, 1) for n in (-7, 0, 1, 1233)] == [-7, 0, 1, 1233]


@pytest.mark.parametrize("increment", [0, -5])
def test_round_cash_rejects_increment_below_one(increment: int) -> None:
    """A cash rounding increment must be at least one minor unit."""
    with pytest.raises(ValueError, match="increment"):
        round_cash(1000, increment)


def test_cash_due_gives_rounded_total_and_difference() -> None:
    """cash_due rounds the amount due and reports rounded - total."""
    cart = price_cart([line("a", 1233)])
    assert cart.cash_due(5) == (1235, 2)
    assert cart.cash_due(10) == (1230, -3)
    assert cart.cash_due(1) == (1233, 0)


# -- base price and taxes -----------------------------------------------------------------------


def test_inclusive_prices_extract_tax_per_line() -> None:
    """Inclusive: tax = round(total * rate / (100 + rate)), net = total - tax.

    a: 2 x 1200 = 2400 at 20 %: tax 2400 * 20 / 120 = 400, net 2000
    b: 3 x 350 = 1050 at 5.5 %: tax 1050 * 5.5 / 105.5 = 54.739 -> 55, net 995
    c: 1 x 999 at 0 %: tax 0, net 999
    """
    cart = price_cart(mixed_rates(), policy=INCLUSIVE)
    assert [(pl.base, pl.total, pl.net, pl.tax) for pl in cart.lines] == [
        (2400, 2400, 2000, 400),
        (1050, 1050, 995, 55),
        (999, 999, 999, 0),
    ]
    assert cart.taxes == (
        TaxRow(rate=D("0"), base=999, tax=0, total=999),
        TaxRow(rate=D("5.5"), base=995, tax=55, total=1050),
        TaxRow(rate=D("20.0"), base=2000, tax=400, total=2400),
    )
    assert (cart.subtotal, cart.discount_total) == (4449, 0)
    assert (cart.net_total, cart.tax_total, cart.total) == (3994, 455, 4449)


def test_exclusive_prices_add_tax_per_line() -> None:
    """Exclusive: prices are net, tax = round(net * rate / 100), total = net + tax.

    a: 2400 net at 20 %: tax 480, total 2880
    b: 1050 net at 5.5 %: tax 57.75 -> 58, total 1108
    c: 999 net at 0 %: tax 0, total 999
    """
    cart = price_cart(mixed_rates(), policy=EXCLUSIVE)
    assert [(pl.base, pl.net, pl.tax, pl.total) for pl in cart.lines] == [
        (2400, 2400, 480, 2880),
        (1050, 1050, 58, 1108),
        (999, 999, 0, 999),
    ]
    assert cart.taxes == (
        TaxRow(rate=D("0"), base=999, tax=0, total=999),
        TaxRow(rate=D("5.5"), base=1050, tax=58, total=1108),
        TaxRow(rate=D("20.0"), base=2400, tax=480, total=2880),
    )
    assert (cart.subtotal, cart.net_total, cart.tax_total, cart.total) == (4449, 4449, 538, 4987)


def test_default_policy_is_tax_inclusive_with_line_rounding() -> None:
    """Without a policy, prices include tax and tax is rounded per line (the EU default)."""
    assert price_cart(mixed_rates()) == price_cart(mixed_rates(), policy=INCLUSIVE)
    assert PricingPolicy() == PricingPolicy(prices_include_tax=True, tax_rounding="line")


def test_weighed_quantity_with_three_decimals() -> None:
    """0.735 kg at 1299 per kg is 954.765, rounded half-up to 955; 5.5 % tax is 49.79 -> 50."""
    cart = price_cart([line("cheese", 1299, "0.735", "5.5")])
    (priced,) = cart.lines
    assert priced.quantity == D("0.735")
    assert (priced.base, priced.tax, priced.net, priced.total) == (955, 50, 905, 955)


@pytest.mark.parametrize(
    ("price", "quantity", "base"),
    [(3, "1.5", 5), (1, "0.500", 1), (1, "0.499", 0), (999, "0.001", 1)],
)
def test_base_rounds_half_up(price: int, quantity: str, base: int) -> None:
    """The base is unit_price x quantity rounded half-up to the minor unit."""
    assert price_cart([line("x", price, quantity)]).lines[0].base == base


def test_equal_rates_written_differently_share_one_tax_row() -> None:
    """Decimal("20") and Decimal("20.0") are the same rate: one row in the breakdown."""
    cart = price_cart([line("a", 120, rate="20"), line("b", 240, rate="20.0")])
    assert cart.taxes == (TaxRow(rate=D("20"), base=300, tax=60, total=360),)


def test_empty_cart_is_all_zero() -> None:
    """A cart without lines prices to zero, whatever the cart discount."""
    cart = price_cart([], cart_discount_amount=500)
    assert cart == PricedCart(
        lines=(),
        cart_adjustments=(),
        cart_discount=0,
        taxes=(),
        subtotal=0,
        discount_total=0,
        net_total=0,
        tax_total=0,
        total=0,
    )


# -- tax rounding modes -------------------------------------------------------------------------


def test_tax_rounding_line_vs_total_inclusive() -> None:
    """Three 100-cent lines at 20 %: per line 16.67 -> 17 each (51); per rate 300 * 20 / 120 = 50,
    spread by largest remainder (ties to the first lines) as 17/17/16."""
    lines = [line(i, 100) for i in range(3)]
    per_line = price_cart(lines, policy=PricingPolicy(tax_rounding="line"))
    per_total = price_cart(lines, policy=PricingPolicy(tax_rounding="total"))
    assert [pl.tax for pl in per_line.lines] == [17, 17, 17]
    assert [pl.tax for pl in per_total.lines] == [17, 17, 16]
    assert (per_line.tax_total, per_line.net_total, per_line.total) == (51, 249, 300)
    assert (per_total.tax_total, per_total.net_total, per_total.total) == (50, 250, 300)
    assert per_total.taxes == (TaxRow(rate=D("20.0"), base=250, tax=50, total=300),)


def test_tax_rounding_line_vs_total_exclusive() -> None:
    """Three 10-cent net lines at 5.5 %: per line 0.55 -> 1 each (3); per rate 30 * 5.5 / 100 =
    1.65 -> 2, spread as 1/1/0."""
    lines = [line(i, 10, rate="5.5") for i in range(3)]
    per_line = price_cart(lines, policy=PricingPolicy(False, "line"))
    per_total = price_cart(lines, policy=PricingPolicy(False, "total"))
    assert [pl.tax for pl in per_line.lines] == [1, 1, 1]
    assert [pl.tax for pl in per_total.lines] == [1, 1, 0]
    assert (per_line.net_total, per_line.tax_total, per_line.total) == (30, 3, 33)
    assert (per_total.net_total, per_total.tax_total, per_total.total) == (30, 2, 32)


def test_tax_rounding_total_is_computed_per_rate() -> None:
    """In "total" mode each rate is rounded on its own summed base, never across rates."""
    lines = [line("a", 100), line("b", 100), line("c", 10, rate="5.5"), line("d", 10, rate="5.5")]
    cart = price_cart(lines, policy=PricingPolicy(tax_rounding="total"))
    # 20 %: 200 * 20 / 120 = 33.33 -> 33; 5.5 %: 20 * 5.5 / 105.5 = 1.04 -> 1.
    assert [(row.rate, row.tax) for row in cart.taxes] == [(D("5.5"), 1), (D("20.0"), 33)]
    assert [pl.tax for pl in cart.lines] == [17, 16, 1, 0]


def test_unknown_tax_rounding_mode_is_refused() -> None:
    """tax_rounding must be "line" or "total"."""
    with pytest.raises(ValueError, match="tax_rounding"):
        price_cart([line("a", 100)], policy=PricingPolicy(tax_rounding="banker"))


# -- line discounts and adjustments -------------------------------------------------------------


def test_line_percent_discount() -> None:
    """10 % off 1050 is 105; the tax is taken from the discounted 945: 49.27 -> 49."""
    (priced,) = price_cart([line("b", 350, "3", "5.5", discount_percent=D("10"))]).lines
    assert (priced.line_discount, priced.discount, priced.total, priced.tax) == (105, 105, 945, 49)


def test_line_percent_discount_rounds_half_up() -> None:
    """15 % of 999 = 149.85 -> 150; 50 % of 3 = 1.5 -> 2."""
    cart = price_cart(
        [
            line("a", 999, discount_percent=D("15")),
            line("b", 3, discount_percent=D("50")),
        ]
    )
    assert [(pl.line_discount, pl.total) for pl in cart.lines] == [(150, 849), (2, 1)]


def test_line_amount_discount() -> None:
    """A fixed amount comes off the line total: 2400 - 250 = 2150, tax 2150 / 6 = 358.33 -> 358."""
    (priced,) = price_cart([line("a", 1200, "2", discount_amount=250)]).lines
    assert (priced.line_discount, priced.total, priced.tax, priced.net) == (250, 2150, 358, 1792)


def test_exclusive_mode_discounts_are_net_amounts() -> None:
    """Exclusive: money off is taken from the net, tax is added after: (1000 - 100) * 1.2."""
    (priced,) = price_cart([line("a", 1000, discount_amount=100)], policy=EXCLUSIVE).lines
    assert (priced.discount, priced.net, priced.tax, priced.total) == (100, 900, 180, 1080)


def test_adjustments_come_before_manual_discount() -> None:
    """Plugin adjustments apply first; the manual percent is taken on what remains:
    1000 - 100 = 900, then 10 % of 900 = 90, total 810 (not 1000 - 100 - 100)."""
    adjustment = Adjustment(amount=100, label="Promo", source="promotions", line_key="a")
    cart = price_cart([line("a", 1000, discount_percent=D("10"))], adjustments=[adjustment])
    (priced,) = cart.lines
    assert priced.adjustments == (adjustment,)
    assert (priced.line_discount, priced.discount, priced.total) == (90, 190, 810)
    assert cart.discount_total == 190


def test_adjustments_go_to_their_line_only() -> None:
    """A line adjustment changes only the line whose key it names."""
    adjustment = Adjustment(amount=50, label="Customer price", source="crm", line_key=2)
    cart = price_cart([line(1, 300), line(2, 300)], adjustments=[adjustment])
    assert [pl.adjustments for pl in cart.lines] == [(), (adjustment,)]
    assert [pl.total for pl in cart.lines] == [300, 250]


def test_adjustments_are_clipped_in_order() -> None:
    """Adjustments apply in the given order and never exceed what remains; the recorded amount
    is the one applied: 500 - 300 = 200 left, so 400 is recorded as 200 and the next as 0."""
    adjustments = [
        Adjustment(amount=300, label="first", source="p1", line_key="a"),
        Adjustment(amount=400, label="second", source="p2", line_key="a"),
        Adjustment(amount=10, label="third", source="p3", line_key="a"),
    ]
    cart = price_cart([line("a", 500, discount_amount=50)], adjustments=adjustments)
    (priced,) = cart.lines
    assert [(adj.label, adj.amount) for adj in priced.adjustments] == [
        ("first", 300),
        ("second", 200),
        ("third", 0),
    ]
    assert (priced.line_discount, priced.discount, priced.total, priced.tax) == (0, 500, 0, 0)


def test_line_amount_discount_is_clipped_at_zero() -> None:
    """A discount larger than the line records only what was there: the line costs 0."""
    (priced,) = price_cart([line("a", 1000, discount_amount=5000)]).lines
    assert (priced.line_discount, priced.total, priced.net, priced.tax) == (1000, 0, 0, 0)


def test_hundred_percent_line_discount_makes_line_free() -> None:
    """100 % off leaves a line total, net and tax of zero."""
    (priced,) = price_cart([line("a", 1234, "3", discount_percent=D("100"))]).lines
    assert (priced.discount, priced.total, priced.net, priced.tax) == (3702, 0, 0, 0)


# -- cart-level discounts -----------------------------------------------------------------------


def test_cart_amount_is_allocated_by_largest_remainder() -> None:
    """100 cents over three equal lines: 33.33 each, the leftover cent goes to the first line."""
    cart = price_cart([line(i, 1000) for i in range(3)], cart_discount_amount=100)
    assert [pl.cart_discount for pl in cart.lines] == [34, 33, 33]
    assert [pl.total for pl in cart.lines] == [966, 967, 967]
    assert (cart.cart_discount, cart.discount_total, cart.total) == (100, 100, 2900)


def test_cart_percent_is_allocated_proportionally() -> None:
    """10 % off a 4000 cart is 400, split 3000 : 1000 as 300 and 100."""
    cart = price_cart([line("a", 3000), line("b", 1000)], cart_discount_percent=D("10"))
    assert cart.cart_discount == 400
    assert [pl.cart_discount for pl in cart.lines] == [300, 100]


def test_cart_allocation_goes_to_the_largest_remainders() -> None:
    """10 over lines of 100, 200, 400: exact 1.43, 2.86, 5.71 -> floors 1, 2, 5 (8); the two
    missing units go to the largest remainders, 0.86 and 0.71: 1, 3, 6."""
    cart = price_cart([line("a", 100), line("b", 200), line("c", 400)], cart_discount_amount=10)
    assert [pl.cart_discount for pl in cart.lines] == [1, 3, 6]


def test_cart_discount_is_shared_over_what_remains_of_each_line() -> None:
    """Lines are weighted after their own discounts: a free line gets no share of the cart."""
    lines = [line("a", 1000, discount_percent=D("100")), line("b", 1000)]
    cart = price_cart(lines, cart_discount_amount=100)
    assert [pl.cart_discount for pl in cart.lines] == [0, 100]
    assert [pl.total for pl in cart.lines] == [0, 900]


def test_cart_percent_is_taken_on_the_discounted_lines() -> None:
    """The cart percent applies to what remains after line discounts: 10 % of (1000 - 200)."""
    cart = price_cart([line("a", 1000, discount_amount=200)], cart_discount_percent=D("10"))
    assert cart.cart_discount == 80
    assert cart.total == 720


def test_cart_discount_is_clipped_at_cart_total() -> None:
    """A cart discount larger than the cart records only the cart's value; totals reach 0."""
    cart = price_cart([line("a", 1000), line("b", 2000)], cart_discount_amount=5000)
    assert cart.cart_discount == 3000
    assert [(pl.cart_discount, pl.total, pl.tax) for pl in cart.lines] == [
        (1000, 0, 0),
        (2000, 0, 0),
    ]
    assert (cart.total, cart.tax_total, cart.discount_total) == (0, 0, 3000)


def test_cart_adjustments_come_before_manual_cart_discount() -> None:
    """Plugin cart adjustments apply first, then the manual percent on what remains:
    2000 - 200 = 1800, 10 % of 1800 = 180; the lines share 380 in all."""
    adjustment = Adjustment(amount=200, label="Loyalty", source="loyalty")
    cart = price_cart(
        [line("a", 1000), line("b", 1000)],
        adjustments=[adjustment],
        cart_discount_percent=D("10"),
    )
    assert cart.cart_adjustments == (adjustment,)
    assert cart.cart_discount == 180
    assert [pl.cart_discount for pl in cart.lines] == [190, 190]
    assert (cart.discount_total, cart.total) == (380, 1620)


def test_cart_adjustments_are_clipped() -> None:
    """Cart adjustments never exceed what remains of the cart; applied amounts are recorded."""
    adjustments = [
        Adjustment(amount=700, label="Gift", source="giftcards"),
        Adjustment(amount=700, label="Voucher", source="promotions"),
    ]
    cart = price_cart([line("a", 1000)], adjustments=adjustments, cart_discount_amount=100)
    assert [adj.amount for adj in cart.cart_adjustments] == [700, 300]
    assert (cart.cart_discount, cart.total, cart.lines[0].cart_discount) == (0, 0, 1000)


def test_discount_total_counts_all_money_off() -> None:
    """discount_total = adjustments + manual line discounts + cart-level money off."""
    cart = price_cart(
        [line("a", 1000, discount_amount=100), line("b", 500)],
        adjustments=[
            Adjustment(amount=50, label="Promo", source="promotions", line_key="b"),
            Adjustment(amount=30, label="Loyalty", source="loyalty"),
        ],
        cart_discount_amount=20,
    )
    assert cart.discount_total == 100 + 50 + 30 + 20
    assert cart.subtotal - cart.discount_total == cart.total == 1300


# -- input checking -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "kwargs", "message"),
    [
        ([line("a", -100, discount_amount=10)], {}, "a credit line takes no discount"),
        (
            [line("a", 100)],
            {"surcharges": [SurchargeInput("s", D("10"), amount=100, percent=D("5"))]},
            "an amount or a percent, not both",
        ),
        (
            [line("a", 100)],
            {"surcharges": [SurchargeInput("s", D("10"), percent=D("5"), line_key="zz")]},
            "targets unknown line",
        ),
        ([line("a", 100)], {"surcharges": [SurchargeInput("a", D("0"), amount=5)]}, "duplicate"),
        ([line("a", 100, "0")], {}, "quantity must be > 0"),
        ([line("a", 100, "-1")], {}, "quantity must be > 0"),
        ([line("a", 100, "0.0001")], {}, "more than 3 decimals"),
        ([line("a", 100, "NaN")], {}, "finite"),
        ([line("a", 100, rate="-5")], {}, "tax_rate must not be negative"),
        ([line("a", 100, discount_percent=D("-1"))], {}, "between 0 and 100"),
        ([line("a", 100, discount_percent=D("100.01"))], {}, "between 0 and 100"),
        ([line("a", 100, discount_amount=-1)], {}, "must not be negative"),
        (
            [line("a", 100, discount_percent=D("5"), discount_amount=5)],
            {},
            "not both",
        ),
        ([line("a", 100)], {"cart_discount_percent": D("101")}, "between 0 and 100"),
        ([line("a", 100)], {"cart_discount_amount": -1}, "must not be negative"),
        (
            [line("a", 100)],
            {"cart_discount_percent": D("5"), "cart_discount_amount": 5},
            "not both",
        ),
        ([line("a", 100), line("a", 200)], {}, "duplicate line key"),
        (
            [line("a", 100)],
            {"adjustments": [Adjustment(amount=5, label="x", source="p", line_key="b")]},
            "unknown line 'b'",
        ),
        (
            [line("a", 100)],
            {"adjustments": [Adjustment(amount=-5, label="x", source="p")]},
            "must not be negative",
        ),
    ],
)
def test_impossible_input_raises_value_error(
    lines: list[LineInput], kwargs: dict[str, object], message: str
) -> None:
    """Impossible input is refused with a ValueError that says what is wrong."""
    with pytest.raises(ValueError, match=message):
        price_cart(lines, **kwargs)  # type: ignore[arg-type]


def test_float_quantity_is_a_type_error() -> None:
    """Floats are never accepted for quantities: 0.1 is not exactly representable."""
    bad = LineInput(key="a", unit_price=100, quantity=0.1, tax_rate=D("20"))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="quantity must be a Decimal"):
        price_cart([bad])


def test_zero_price_and_zero_rate_are_allowed() -> None:
    """A free item and a tax-exempt item are valid lines."""
    cart = price_cart([line("free", 0), line("exempt", 500, rate="0")])
    assert (cart.total, cart.tax_total) == (500, 0)


def test_priced_cart_is_immutable() -> None:
    """The result is frozen: a priced cart cannot be altered after the fact."""
    cart = price_cart([line("a", 100)])
    with pytest.raises(dataclasses.FrozenInstanceError):
        cart.total = 0  # type: ignore[misc]


# -- invariants over random carts ---------------------------------------------------------------

RATES = [D("0"), D("2.1"), D("5.5"), D("10"), D("20.0")]
CART_COUNT = 400


def _random_cart(rng: random.Random) -> tuple[list[LineInput], dict[str, object]]:
    lines = []
    for key in range(rng.randint(1, 6)):
        quantity = D(rng.randint(1, 5000)).scaleb(-rng.choice([0, 0, 1, 2, 3]))
        discount: dict[str, object] = {}
        choice = rng.random()
        if choice < 0.2:
            discount["discount_percent"] = D(rng.randint(0, 1000)).scaleb(-1)
        elif choice < 0.4:
            discount["discount_amount"] = rng.randint(0, 3000)
        lines.append(LineInput(key, rng.randint(0, 20000), quantity, rng.choice(RATES), **discount))
    adjustments = [
        Adjustment(
            amount=rng.randint(0, 2000),
            label=f"adj {n}",
            source="random",
            line_key=rng.choice([None, *range(len(lines))]),
        )
        for n in range(rng.randint(0, 4))
    ]
    kwargs: dict[str, object] = {"adjustments": adjustments}
    choice = rng.random()
    if choice < 0.3:
        kwargs["cart_discount_percent"] = D(rng.randint(0, 10000)).scaleb(-2)
    elif choice < 0.6:
        kwargs["cart_discount_amount"] = rng.randint(0, 5000)
    return lines, kwargs


def _exact_round(value: Decimal) -> int:
    return int(value.quantize(D(1), rounding=ROUND_HALF_UP))


def _check_cart(lines: list[LineInput], cart: PricedCart, policy: PricingPolicy) -> None:
    inclusive = policy.prices_include_tax
    assert cart.total == cart.net_total + cart.tax_total
    assert cart.total == sum(pl.total for pl in cart.lines)
    assert cart.net_total == sum(pl.net for pl in cart.lines)
    assert cart.tax_total == sum(row.tax for row in cart.taxes)
    assert cart.net_total == sum(row.base for row in cart.taxes)
    assert cart.total == sum(row.total for row in cart.taxes)
    assert cart.subtotal == sum(pl.base for pl in cart.lines)
    assert cart.discount_total == sum(pl.discount for pl in cart.lines)
    shelf_total = cart.total if inclusive else cart.net_total
    assert cart.subtotal - cart.discount_total == shelf_total
    rates = [row.rate for row in cart.taxes]
    assert rates == sorted(rates) and len(set(rates)) == len(rates)
    assert set(rates) == {pl.tax_rate for pl in cart.lines}

    cart_off = sum(adj.amount for adj in cart.cart_adjustments) + cart.cart_discount
    assert sum(pl.cart_discount for pl in cart.lines) == cart_off
    before_cart = [
        pl.base - sum(adj.amount for adj in pl.adjustments) - pl.line_discount for pl in cart.lines
    ]
    assert cart_off <= sum(before_cart)
    for given, pl, left in zip(lines, cart.lines, before_cart, strict=True):
        assert pl.key == given.key
        assert pl.base == _exact_round(given.unit_price * given.quantity)
        assert min(pl.total, pl.net, pl.tax, pl.line_discount, pl.cart_discount, left) >= 0
        assert pl.discount == sum(a.amount for a in pl.adjustments) + pl.line_discount + (
            pl.cart_discount
        )
        if sum(before_cart):
            exact_share = D(cart_off) * left / sum(before_cart)
            assert abs(pl.cart_discount - exact_share) < 1
        amount = pl.total if inclusive else pl.net
        divisor = 100 + pl.tax_rate if inclusive else D(100)
        exact_tax = amount * pl.tax_rate / divisor
        if policy.tax_rounding == "line":
            assert pl.tax == _exact_round(exact_tax)
        else:
            assert abs(pl.tax - exact_tax) < 1
    if policy.tax_rounding == "total":
        for row in cart.taxes:
            amount = row.total if inclusive else row.base
            divisor = 100 + row.rate if inclusive else D(100)
            assert row.tax == _exact_round(amount * row.rate / divisor)


@pytest.mark.parametrize("tax_rounding", ["line", "total"])
@pytest.mark.parametrize("prices_include_tax", [True, False])
def test_invariants_hold_on_random_carts(prices_include_tax: bool, tax_rounding: str) -> None:
    """Over many random carts: totals are exact sums of lines and of tax rows, nothing is
    negative, money off adds up, cart shares and taxes are within one unit of the exact value,
    and results match a plain Decimal recomputation."""
    policy = PricingPolicy(prices_include_tax=prices_include_tax, tax_rounding=tax_rounding)
    rng = random.Random(20240611)
    with localcontext() as context:
        context.prec = 60  # the reference computation must not round
        for _ in range(CART_COUNT):
            lines, kwargs = _random_cart(rng)
            cart = price_cart(lines, policy=policy, **kwargs)  # type: ignore[arg-type]
            _check_cart(lines, cart, policy)


# -- credit lines and surcharges -----------------------------------------------------------------


def test_credit_line_is_priced_negative_with_its_tax():
    """A negative unit price is a credit line: priced at its rate, its tax negative too."""
    cart = price_cart([line("beer", 1200, "1", "20"), line("bottles", -25, "4", "20")])
    credit = cart.lines[1]
    assert (credit.base, credit.total, credit.tax, credit.discount) == (-100, -100, -17, 0)
    assert cart.total == 1100 and cart.tax_total == 200 - 17


def test_cart_may_total_below_zero():
    """Bottles handed back without a purchase: the cart is money handed out."""
    cart = price_cart([line("bottles", -25, "6", "0")])
    assert cart.total == -150 and cart.subtotal == -150 and cart.discount_total == 0


def test_adjustment_on_a_credit_line_takes_nothing():
    """A plugin's money off a credit line is clipped to nothing: it would add money."""
    adjustment = Adjustment(amount=10, label="Promo", source="p", line_key="c")
    cart = price_cart([line("c", -50)], adjustments=[adjustment])
    assert cart.lines[0].total == -50
    assert cart.lines[0].adjustments[0].amount == 0


def test_cart_money_off_is_spread_over_goods_only():
    """A cart discount never lands on a credit line and never exceeds the goods."""
    lines = [line("a", 1000), line("b", 500), line("credit", -300)]
    cart = price_cart(lines, cart_discount_amount=5000)
    assert [priced.cart_discount for priced in cart.lines] == [1000, 500, 0]
    assert cart.total == -300
    half = price_cart(lines, cart_discount_percent=D("10"))
    assert [priced.cart_discount for priced in half.lines] == [100, 50, 0]


def test_fixed_surcharge_is_a_line_of_its_own_with_its_rate():
    """A delivery fee: its own line after the goods, taxed at the rate given, never
    discounted."""
    cart = price_cart(
        [line("a", 1000, rate="5.5")],
        cart_discount_percent=D("50"),
        surcharges=[SurchargeInput("fee", D("20"), amount=600)],
    )
    fee = cart.lines[1]
    assert (fee.key, fee.base, fee.total, fee.tax, fee.discount) == ("fee", 600, 600, 100, 0)
    assert cart.total == 500 + 600
    assert cart.subtotal - cart.discount_total == cart.total


def test_percent_surcharge_counts_goods_after_discounts():
    """A 10 % service charge is 10 % of what the goods come to after every discount,
    credit lines left out."""
    lines = [line("a", 2000), line("b", 1000), line("credit", -500)]
    cart = price_cart(
        lines,
        adjustments=[Adjustment(amount=1000, label="Promo", source="p", line_key="a")],
        surcharges=[SurchargeInput("service", D("10"), percent=D("10"))],
    )
    assert cart.lines[-1].total == 200  # 10 % of 1000 + 1000


def test_percent_surcharge_on_one_line():
    """A surcharge with a line_key counts that line only, rounded half-up."""
    lines = [line("a", 1005), line("b", 1000)]
    cart = price_cart(
        lines, surcharges=[SurchargeInput("s", D("0"), percent=D("10"), line_key="a")]
    )
    assert cart.lines[-1].total == 101  # 100.5 -> 101


def test_surcharges_follow_exclusive_prices():
    """With prices before tax, a surcharge's tax is added on top like any line's."""
    cart = price_cart(
        [line("a", 1000)], policy=EXCLUSIVE, surcharges=[SurchargeInput("s", D("20"), amount=500)]
    )
    assert (cart.lines[1].net, cart.lines[1].tax, cart.lines[1].total) == (500, 100, 600)
