"""Barcodes: GTIN check digits and the rule of what the catalog accepts.

The rule (:func:`check_barcode`):

- A code of 8, 12, 13 or 14 digits is a GTIN (EAN-8, UPC-A/GTIN-12, EAN-13, GTIN-14) and
  must end with a valid check digit; a wrong one is almost always a typing or scanning
  mistake, so it is refused.
- Except restricted-circulation numbers, which a shop or its scale makes up itself:
  EAN-13 prefixes ``20``-``29`` and ``02`` (the same prefixes as a UPC-A starting with
  ``2``, or a GTIN-14 whose last 13 digits start so), and EAN-8 prefixes ``0`` and ``2``.
  Weighed items are keyed by such a code with the price or weight digits zeroed, whose
  check digit is not meaningful, so these are accepted as given.
- Any other code is an in-store code (Code 128, Code 39, a shelf label...): 1 to 32
  letters, digits, ``-``, ``.`` or ``_``, accepted as given.
"""

from __future__ import annotations

import re

from flask_babel import gettext as _

#: Lengths of the GTIN family: EAN-8, UPC-A (GTIN-12), EAN-13, GTIN-14.
GTIN_LENGTHS = frozenset({8, 12, 13, 14})
MAX_LENGTH = 32

_IN_STORE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")


class InvalidBarcode(ValueError):
    """A code the catalog refuses; the message says why, for the user."""


def check_digit(body: str) -> str:
    """The GS1 check digit of ``body`` (a GTIN without its last digit).

    Digits are weighted 3, 1, 3... from the right; the check digit brings the sum to a
    multiple of 10.

    :raises ValueError: if ``body`` is empty or not all digits.
    """
    if not body or not body.isascii() or not body.isdigit():
        raise ValueError("a GTIN body is made of digits")
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return str(-total % 10)


def with_check_digit(body: str) -> str:
    """``body`` followed by its check digit: ``with_check_digit("301762042200")`` is
    ``"3017620422003"``."""
    return body + check_digit(body)


def is_gtin(code: str) -> bool:
    """Whether ``code`` has the shape of a GTIN: 8, 12, 13 or 14 ASCII digits."""
    return code.isascii() and code.isdigit() and len(code) in GTIN_LENGTHS


def has_valid_check_digit(code: str) -> bool:
    """Whether ``code`` is a GTIN whose last digit is its check digit."""
    return is_gtin(code) and check_digit(code[:-1]) == code[-1]


def is_restricted_circulation(code: str) -> bool:
    """Whether the GTIN-shaped ``code`` is a restricted-circulation number (in-store,
    weighed items), whose digits the shop chooses."""
    if not is_gtin(code):
        return False
    if len(code) == 8:
        return code[0] in "02"
    gtin13 = code.rjust(13, "0")[-13:]
    return gtin13[0] == "2" or gtin13.startswith("02")


def check_barcode(code: str) -> str:
    """The barcode as the catalog stores it (surrounding spaces removed), if acceptable.

    :raises InvalidBarcode: with the reason.
    """
    code = code.strip()
    if not code:
        raise InvalidBarcode(_("a barcode cannot be empty"))
    if len(code) > MAX_LENGTH:
        raise InvalidBarcode(_("a barcode has at most %(most)s characters", most=MAX_LENGTH))
    if is_gtin(code):
        if is_restricted_circulation(code) or has_valid_check_digit(code):
            return code
        expected = check_digit(code[:-1])
        raise InvalidBarcode(
            f"{code} is not a valid GTIN-{len(code)}: its check digit should be {expected}"
        )
    if not _IN_STORE.match(code):
        raise InvalidBarcode(
            "an in-store code is made of letters, digits, '-', '.' and '_' (1 to 32)"
        )
    return code
