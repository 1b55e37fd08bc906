"""The shop's value types (SPEC section 4) as marshmallow fields and helpers: money in
integer minor units, quantities as decimal strings or numbers with up to 3 decimals,
percentages, ids.

Not part of the HTTP layer: the domains' schemas, settings and services use them too."""

from __future__ import annotations

import decimal
import re
import typing as t
import uuid

from babel.numbers import get_currency_precision
from flask_babel import gettext as _
from marshmallow import ValidationError, fields

#: The largest id a database integer column holds (PostgreSQL ``integer``: 32 bits).
MAX_ID = 2**31 - 1
MAX_MONEY = 10**11  # a thousand million in major units: beyond is a typo or an attack
MAX_QUANTITY = decimal.Decimal("100000")


class Money(fields.Field):
    """An integer amount in minor units. Floats (``12.5``), booleans and strings are
    refused: a float amount is almost always a unit mistake.

    Example::

        class TipSchema(Schema):
            amount = Money(required=True, minimum=1)
    """

    def __init__(self, *, minimum: int = 0, maximum: int = MAX_MONEY, **kwargs: t.Any):
        super().__init__(**kwargs)
        self.minimum = minimum
        self.maximum = maximum
        self.metadata.setdefault("type", "integer")
        # In the OpenAPI document, so that a client generating requests from it stays in range.
        self.metadata.setdefault("minimum", minimum)
        self.metadata.setdefault("maximum", maximum)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(_("an integer amount in minor units (cents) is required"))
        if not self.minimum <= value <= self.maximum:
            raise ValidationError(
                _("must be between %(low)s and %(high)s", low=self.minimum, high=self.maximum)
            )
        return value

    def _serialize(self, value, attr, obj, **kwargs):
        return value


THOUSANDTH = decimal.Decimal("0.001")

#: Metadata of a field: a pattern for requests only (see core.api.openapi).
REQUEST_PATTERN = "x-request-pattern"
#: Metadata of a field a schema fills itself (never from clients): not in the document.
INTERNAL = "x-internal"

# What the fields below accept, written as the OpenAPI document's patterns (the strings a
# client generating requests from it may send; numbers are accepted too).
#: 0.001 to 100000, up to 3 decimals.
QUANTITY = r"^(100000(\.0{1,3})?|[1-9]\d{0,4}(\.\d{1,3})?|0\.\d{0,2}[1-9])$"
#: 0 to 100000, up to 3 decimals.
QUANTITY_OR_ZERO = r"^(100000(\.0{1,3})?|(0|[1-9]\d{0,4})(\.\d{1,3})?)$"
#: Text with something besides spaces (and no NUL): what "not blank" checks accept.
NOT_BLANK = r"^[^\u0000]*[^\s\u0000][^\u0000]*$"
#: 0 to 100, up to 3 decimals.
PERCENT = r"^(100(\.0{1,3})?|(0|[1-9]\d?)(\.\d{1,3})?)$"


def decimal_text(value: t.Any) -> str:
    """A decimal as a person writes it: ``2.000`` -> ``"2"``, ``0.450`` -> ``"0.45"``.

    Example::

        ReceiptRow("Weight", f"{decimal_text(line.quantity)} kg")
    """
    return format(decimal.Decimal(value).normalize(), "f")


def percent_text(value: t.Any) -> str:
    """A percentage as the API writes it: ``20.000`` -> ``"20.0"``, ``5.5`` -> ``"5.5"``.

    Example::

        {"rate": percent_text(rate.rate)}  # "5.5", "20.0"
    """
    text = decimal_text(value)
    return text if "." in text else text + ".0"


def read_decimal(value: t.Any, kind: str) -> decimal.Decimal:
    """A finite decimal from a JSON string or number (never a boolean), for the fields
    below; ``kind`` words the error ("a quantity is a decimal string or a number")."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValidationError(kind)
    try:
        number = decimal.Decimal(str(value).strip())
    except decimal.InvalidOperation:
        raise ValidationError(_("not a number")) from None
    if not number.is_finite():
        raise ValidationError(_("not a number"))
    return number


def at_most_three_decimals(number: decimal.Decimal) -> decimal.Decimal:
    """Refuse a fourth decimal. Call it once the magnitude is bounded: quantizing 1e40 to
    3 decimals overflows the decimal context."""
    if number != number.quantize(THOUSANDTH, rounding=decimal.ROUND_DOWN):
        raise ValidationError(_("at most 3 decimals"))
    return number


class Quantity(fields.Field):
    """A positive decimal with up to 3 decimals, given as a string or a number.

    Example::

        class ParcelLineSchema(Schema):
            weight_kg = Quantity(required=True)
    """

    def __init__(self, *, allow_zero: bool = False, **kwargs: t.Any):
        super().__init__(**kwargs)
        self.allow_zero = allow_zero
        self.metadata.setdefault("type", "string")
        self.metadata.setdefault("example", "1")
        # A constraint on what clients send: answers carry zero stock, negative movements.
        # The OpenAPI document turns it into a pattern in request schemas only.
        self.metadata.setdefault(REQUEST_PATTERN, QUANTITY_OR_ZERO if allow_zero else QUANTITY)

    def _deserialize(self, value, attr, data, **kwargs):
        quantity = read_decimal(value, _("a quantity is a decimal string or a number"))
        if quantity > MAX_QUANTITY:
            raise ValidationError(_("must be at most %(high)s", high=MAX_QUANTITY))
        if quantity < 0 or (quantity == 0 and not self.allow_zero):
            raise ValidationError(_("must be greater than 0"))
        return at_most_three_decimals(quantity).quantize(THOUSANDTH).normalize() + 0

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else decimal_text(value)


class Percent(fields.Field):
    """A percentage as a decimal string (``"20.0"``), 0 to 100.

    Example::

        class GroupSchema(Schema):
            discount_percent = Percent(load_default=Decimal("0"))
    """

    def __init__(self, **kwargs: t.Any):
        super().__init__(**kwargs)
        self.metadata.setdefault("type", "string")
        self.metadata.setdefault("example", "20.0")
        self.metadata.setdefault("pattern", PERCENT)

    def _deserialize(self, value, attr, data, **kwargs):
        percent = read_decimal(value, _("a percentage is a decimal string"))
        if not 0 <= percent <= 100:
            raise ValidationError(_("must be between %(low)s and %(high)s", low=0, high=100))
        return at_most_three_decimals(percent)

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else percent_text(value)


class UUIDString(fields.Field):
    """A UUID, kept as its canonical lowercase string.

    Example::

        class ParcelSchema(Schema):
            sale_id = UUIDString(required=True)
    """

    def __init__(self, **kwargs: t.Any):
        super().__init__(**kwargs)
        self.metadata.setdefault("type", "string")
        self.metadata.setdefault("format", "uuid")

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            return str(uuid.UUID(str(value)))
        except (ValueError, TypeError, AttributeError):
            raise ValidationError(_("not a UUID")) from None

    def _serialize(self, value, attr, obj, **kwargs):
        return value


class Id(fields.Integer):
    """A database id: a positive integer, never a boolean or a float.

    Example::

        class ParcelSchema(Schema):
            customer_id = Id(load_default=None)
    """

    def __init__(self, **kwargs: t.Any):
        super().__init__(strict=True, **kwargs)
        self.metadata.setdefault("minimum", 1)
        self.metadata.setdefault("maximum", MAX_ID)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool):
            raise ValidationError(_("an id is a positive integer"))
        result = super()._deserialize(value, attr, data, **kwargs)
        if not 0 < result <= MAX_ID:
            raise ValidationError(_("an id is a positive integer"))
        return result


#: Digits, then optionally one decimal separator (point or comma) and digits. Spaces
#: between thousands (``1 234,50``, the no-break and narrow no-break spaces that French
#: formatting writes included) are dropped; a thousands separator of the other kind
#: (``1,234.50``) is refused: too easily read the wrong way.
_MONEY_TEXT = re.compile(r"^(-?)(\d+)(?:[.,](\d+))?$")
_THOUSANDS_SPACES = str.maketrans("", "", " \u00a0\u202f")


def money_from_text(text: str, currency: str, *, minimum: int = 0, maximum: int = MAX_MONEY) -> int:
    """An amount typed by a person (``"12.50"``, ``"12,50"``, ``"1 234,50"``, ``"12"``) in
    minor units of ``currency`` (``1250``): what forms and CSV files take, never minor
    units. The currency's own decimals count (2 for EUR, 0 for JPY, 3 for KWD); a further
    decimal is refused, never rounded away (trailing zeros aside: ``12.500`` is 12.50).

    :raise ValidationError: not an amount, more decimals than the currency has, or out
        of ``minimum``..``maximum`` (minor units); the message in the reader's language.

    Example::

        price = money_from_text(request.form["price"], current_store().currency)
    """
    match = _MONEY_TEXT.match((text or "").strip().translate(_THOUSANDS_SPACES))
    # A minus sign where no amount may be negative (a price) is not an amount at all.
    if not match or (match[1] and minimum >= 0):
        raise ValidationError(
            _("'%(text)s' is not an amount such as 12.50", text=(text or "").strip())
        )
    digits = get_currency_precision(currency)
    # In integers rather than Decimal: a CSV import reads 100,000 prices or more.
    whole, fraction = match[2], (match[3] or "").rstrip("0")
    if len(fraction) > digits:
        raise ValidationError(
            _("at most %(digits)s decimals", digits=digits) if digits else _("no decimals")
        )
    amount = int(whole) * 10**digits + int(fraction.ljust(digits, "0") or 0)
    if match[1]:
        amount = -amount
    if not minimum <= amount <= maximum:
        low, high = money_text(minimum, currency), money_text(maximum, currency)
        raise ValidationError(_("must be between %(low)s and %(high)s", low=low, high=high))
    return amount


def money_text(amount: int | None, currency: str) -> str:
    """Minor units as a form shows them for editing: ``1250`` -> ``"12.50"`` (no currency
    sign, no grouping: the inverse of :func:`money_from_text`).

    Example::

        <input name="price" value="{{ money_text(product.price, store.currency) }}">
    """
    if amount is None:
        return ""
    digits = get_currency_precision(currency)
    return f"{decimal.Decimal(amount).scaleb(-digits):.{digits}f}"
