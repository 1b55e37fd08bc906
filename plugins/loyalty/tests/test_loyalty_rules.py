"""The arithmetic of points, without a database."""

from __future__ import annotations

from decimal import Decimal

from plugins.loyalty.rules import points_earned, share_half_up, tier_for

TIERS = [
    {"name": "Silver", "min_points": 100, "multiplier": Decimal("1.5")},
    {"name": "Gold", "min_points": 1000, "multiplier": Decimal("2")},
]


def test_points_are_rounded_down_once():
    """9.99 at 1.5 points per euro is 14.985 points: 14."""
    assert points_earned(999, 999, 0, Decimal("1.5"), Decimal("1"), "EUR") == 14


def test_the_part_paid_with_points_earns_nothing():
    """A 10.00 sale, 4.00 paid with points, 8.00 of it eligible: 8 x 6/10 = 4.8 -> 4."""
    assert points_earned(800, 1000, 400, Decimal("1"), Decimal("1"), "EUR") == 4
    assert points_earned(800, 1000, 1000, Decimal("1"), Decimal("1"), "EUR") == 0


def test_currencies_without_minor_units():
    """In yen the amount is already in units: 1500 yen earn 1500 points at 1 per yen."""
    assert points_earned(1500, 1500, 0, Decimal("1"), Decimal("1"), "JPY") == 1500


def test_the_highest_tier_reached_applies():
    assert tier_for(99, TIERS) is None
    assert tier_for(100, TIERS)["name"] == "Silver"
    assert tier_for(5000, TIERS)["name"] == "Gold"


def test_shares_round_half_up():
    assert share_half_up(9, 250, 900) == 3  # 2.5
    assert share_half_up(9, 200, 900) == 2
    assert share_half_up(9, 0, 0) == 0
