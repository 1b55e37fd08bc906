"""A card number is never kept by a payment method: what counts as one."""

from __future__ import annotations

import pytest

from core.sales.payment_methods import looks_like_a_card_number


@pytest.mark.parametrize(
    "text",
    [
        "4242 4242 4242 4242",
        "4242-4242-4242-4242",
        "card 5555555555554444 ok",
        "378282246310005",  # American Express, 15 digits
        "6011111111111117",  # Discover
    ],
)
def test_card_numbers_are_recognised(text):
    assert looks_like_a_card_number(text)


@pytest.mark.parametrize(
    "text",
    [
        "2900000000002",  # a bottle machine's voucher (EAN-13, in-store prefix)
        "V-2900000000002",
        "4242 4242 4242 4241",  # a card's shape with a wrong check digit
        "AUTH77",
        "1234",
        "9780306406157",  # an ISBN
    ],
)
def test_other_long_numbers_are_not(text):
    assert not looks_like_a_card_number(text)
