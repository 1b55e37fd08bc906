"""core.formatting: what each language writes for numbers, weights, rates and moments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from core.formatting import (
    format_date,
    format_datetime,
    format_number,
    format_quantity,
    format_rate,
)


@pytest.mark.parametrize(
    ("locale", "number", "weight", "rate"),
    [
        ("en", "1,234.5", "1.235 kg", "5.5%"),
        ("fr", "1 234,5", "1,235 kg", "5,5 %"),
        ("nl", "1.234,5", "1,235 kg", "5,5%"),
        ("ru", "1 234,5", "1,235 кг", "5,5 %"),
    ],
)
def test_numbers_by_language(locale, number, weight, rate):
    assert format_number(Decimal("1234.5"), locale) == number
    assert format_quantity(Decimal("1.235"), "weight", locale) == weight
    assert format_rate(Decimal("5.50"), locale) == rate


def test_weights_keep_three_decimals_and_units_none():
    assert format_quantity(Decimal("2"), "weight", "fr") == "2,000 kg"
    assert format_quantity(Decimal("3.000"), "unit", "fr") == "3"
    assert format_quantity(Decimal("1500"), "unit", "en") == "1,500"


def test_rates_show_their_own_decimals():
    assert format_rate(Decimal("20.00"), "en") == "20%"
    assert format_rate(Decimal("0"), "fr") == "0 %"


def test_moments_are_written_in_the_stores_time_zone():
    late = dt.datetime(2026, 11, 29, 22, 30)  # naive: UTC, as the database keeps it
    assert format_datetime(late, "fr", "Europe/Paris") == "29/11/2026 23:30"
    assert format_datetime(late, "nl", "Asia/Tokyo") == "30-11-2026, 07:30"
    assert format_date(late, "ru", "Europe/Moscow") == "30.11.2026"
    assert format_date(dt.date(2026, 1, 2), "en") == "1/2/26"


def test_an_unknown_time_zone_falls_back_to_utc():
    """A bad stored zone must not break a receipt or a page."""
    assert (
        format_datetime(dt.datetime(2026, 5, 1, 8, 0), "fr", "Mars/Olympus") == "01/05/2026 08:00"
    )
