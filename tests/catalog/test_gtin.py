"""Barcode rules: GTIN check digits and what the catalog accepts."""

from __future__ import annotations

import pytest

from core.catalog.gtin import (
    InvalidBarcode,
    check_barcode,
    check_digit,
    has_valid_check_digit,
    is_restricted_circulation,
    with_check_digit,
)


@pytest.mark.parametrize(
    "code",
    [
        "3017620422003",  # EAN-13
        "4006381333931",  # EAN-13
        "96385074",  # EAN-8
        "036000291452",  # UPC-A
        "10012345678902",  # GTIN-14
    ],
)
def test_valid_gtins_have_a_valid_check_digit(code):
    """Real GTINs of every length pass the GS1 check-digit test."""
    assert has_valid_check_digit(code)
    assert check_barcode(code) == code


@pytest.mark.parametrize("code", ["3017620422004", "96385075", "036000291453", "10012345678901"])
def test_wrong_check_digit_is_refused(code):
    """A GTIN-shaped code whose last digit is not its check digit is refused, and the
    message gives the expected digit."""
    with pytest.raises(InvalidBarcode, match="check digit should be"):
        check_barcode(code)


def test_check_digit_computation():
    """The check digit weighs digits 3, 1, 3... from the right."""
    assert check_digit("301762042200") == "3"
    assert with_check_digit("9638507") == "96385074"
    assert with_check_digit("03600029145") == "036000291452"


def test_check_digit_of_non_digits_is_an_error():
    """Only digits have a check digit."""
    with pytest.raises(ValueError):
        check_digit("12A4")
    with pytest.raises(ValueError):
        check_digit("")


@pytest.mark.parametrize("code", ["2123450000009", "2000000000001", "0212345000000", "21234567"])
def test_restricted_circulation_codes_are_accepted_as_given(code):
    """Codes with prefixes 20-29 / 02 (EAN-13) or 0 / 2 (EAN-8) are the shop's own
    (weighed items): their check digit is not enforced."""
    assert is_restricted_circulation(code)
    assert check_barcode(code) == code


@pytest.mark.parametrize("code", ["A1", "CAFE-01", "123", "1234567890", "x" * 32])
def test_in_store_codes_are_accepted(code):
    """Codes that are not GTIN-shaped are in-store codes, accepted as given."""
    assert check_barcode(code) == code


@pytest.mark.parametrize("code", ["", "   ", "x" * 33, "with space", "é123", "-leading"])
def test_malformed_codes_are_refused(code):
    """Empty, too long, or with characters no scanner sends: refused."""
    with pytest.raises(InvalidBarcode):
        check_barcode(code)


def test_surrounding_spaces_are_removed():
    """A pasted barcode with spaces around it is stored without them."""
    assert check_barcode(" 3017620422003\n") == "3017620422003"
