"""Money as people type and read it in forms and CSV files: decimals in the store's
currency (``12.50`` or ``12,50``), turned into the integer minor units kept inside and
back. A third decimal for a two-decimal currency is refused, never rounded away."""

from __future__ import annotations

import re
from decimal import Decimal

from babel.numbers import get_currency_precision
from flask_babel import gettext as _

from ..fields import MAX_MONEY

#: Digits, then optionally one decimal separator (point or comma) and digits. Spaces
#: between thousands (``1 234,50``) are accepted and dropped; a thousands separator of
#: the other kind (``1,234.50``) is not: too easily read the wrong way.
_AMOUNT = re.compile(r"^(\d+)(?:[.,](\d+))?$")


class BadAmount(ValueError):
    """The text is not an amount of the currency; ``str()`` says why, for the person."""


def currency_digits(currency: str) -> int:
    """How many decimals the currency has: 2 for EUR, 0 for JPY, 3 for KWD."""
    return get_currency_precision(currency)


def parse_amount(text: str, digits: int) -> int:
    """``"12,50"`` with 2 digits -> ``1250``.

    :raises BadAmount: not a positive decimal, more decimals than the currency has, or
        beyond the largest amount the shop keeps.
    """
    cleaned = text.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    match = _AMOUNT.match(cleaned)
    if not match:
        raise BadAmount(_("'%(text)s' is not an amount such as 12.50", text=text.strip()))
    whole, fraction = match.group(1), match.group(2) or ""
    if len(fraction) > digits:
        fraction = fraction.rstrip("0")
        if len(fraction) > digits:
            raise BadAmount(
                _("at most %(digits)s decimals", digits=digits) if digits else _("no decimals")
            )
    amount = int(whole) * 10**digits + int((fraction or "0").ljust(digits, "0")[:digits] or 0)
    if amount > MAX_MONEY:
        raise BadAmount(_("this amount is too large"))
    return amount


def format_amount(amount: int | None, digits: int) -> str:
    """``1250`` with 2 digits -> ``"12.50"`` (the form's and the CSV's way: a point, no
    thousands separator, so that it reads back exactly)."""
    if amount is None:
        return ""
    return format(Decimal(amount).scaleb(-digits), f".{digits}f")
