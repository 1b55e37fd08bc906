"""How many points a sale earns: pure arithmetic, no database."""

from __future__ import annotations

import math
import typing as t
from decimal import Decimal
from fractions import Fraction

from babel.numbers import get_currency_precision


def minor_units_per_unit(currency: str) -> int:
    """100 cents make a euro; a yen has no minor unit."""
    return 10 ** get_currency_precision(currency)


def tier_for(lifetime_points: int, tiers: t.Sequence[dict[str, t.Any]]) -> dict[str, t.Any] | None:
    """The highest tier whose threshold ``lifetime_points`` reached, or ``None``."""
    reached = [tier for tier in tiers if lifetime_points >= tier["min_points"]]
    return max(reached, key=lambda tier: tier["min_points"]) if reached else None


def points_earned(
    eligible: int,
    total: int,
    paid_with_points: int,
    points_per_unit: Decimal,
    multiplier: Decimal,
    currency: str,
) -> int:
    """Points for ``eligible`` minor units of a sale of ``total``, rounded down.

    What was paid with points earns nothing: the eligible amount counts in proportion to
    the part of the total paid otherwise. Exact fractions, one rounding at the end.
    """
    if eligible <= 0 or total <= 0 or paid_with_points >= total:
        return 0
    paid_share = Fraction(eligible) * Fraction(total - paid_with_points, total)
    value = (
        paid_share
        * Fraction(points_per_unit)
        * Fraction(multiplier)
        / minor_units_per_unit(currency)
    )
    return math.floor(value)


def share_half_up(amount: int, part: int, whole: int) -> int:
    """``amount * part / whole`` rounded half up (non-negative values)."""
    if whole <= 0:
        return 0
    numerator, denominator = amount * part, whole
    return (2 * numerator + denominator) // (2 * denominator)
