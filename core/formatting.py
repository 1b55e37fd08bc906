"""Numbers, quantities, percentages and dates written for a reader's language, by Babel's
CLDR data.

Every function takes the locale explicitly (``"fr"``, ``"nl_BE"``): a page passes the
reader's (:func:`flask_babel.get_locale`), a receipt the store's. Spaces come out as ordinary
spaces, which every printer's code page and every terminal has.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_date as _babel_date
from babel.dates import format_datetime as _babel_datetime
from babel.numbers import format_currency, format_decimal, format_percent, get_currency_precision
from babel.units import format_unit

__all__ = [
    "current_locale",
    "format_date",
    "format_datetime",
    "format_money",
    "format_number",
    "format_quantity",
    "format_rate",
]

_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})


def format_money(amount: int, currency: str, locale: str) -> str:
    """``1250`` -> ``€12.50`` (``en``) or ``12,50 €`` (``fr``), with ordinary spaces, which
    every printer code page has.

    Example::

        ReceiptRow("Balance", format_money(card.balance, sale.currency, store.values["locale"]))
    """
    digits = get_currency_precision(currency)
    value = Decimal(amount).scaleb(-digits)
    return format_currency(value, currency, locale=locale).translate(_SPACES)


def format_number(value: Decimal | int, locale: str, *, decimals: int | None = None) -> str:
    """``Decimal("1234.5")`` -> ``1,234.5`` (``en``), ``1 234,5`` (``fr``), ``1.234,5`` (``nl``).

    ``decimals`` fixes the number of decimals shown (``format_number(2, "fr", decimals=3)``
    is ``2,000``)."""
    pattern = None
    if decimals is not None:
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=locale).translate(_SPACES)


def format_quantity(quantity: Decimal | int, sold_by: str, locale: str) -> str:
    """A line's quantity as a cashier reads it: ``3`` for units, ``1,235 kg`` (``fr``) or
    ``1,235 кг`` (``ru``) for a product sold by weight (kilograms, always 3 decimals)."""
    if sold_by == "weight":
        number = format_number(Decimal(quantity), locale, decimals=3)
        return (
            format_unit(0, "mass-kilogram", length="short", locale=locale)
            .replace("0", number, 1)
            .translate(_SPACES)
        )
    return format_number(Decimal(quantity).normalize(), locale)


def format_rate(percent: Decimal | int, locale: str) -> str:
    """A tax or discount rate in percent: ``Decimal("5.5")`` -> ``5.5%`` (``en``),
    ``5,5 %`` (``fr``), with as many decimals as the rate has."""
    value = Decimal(percent).normalize() / 100
    return format_percent(value, locale=locale, decimal_quantization=False).translate(_SPACES)


def _zone(timezone: str) -> dt.tzinfo:
    try:
        return ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def format_datetime(
    moment: dt.datetime, locale: str, timezone: str | None = "UTC", *, length: str = "short"
) -> str:
    """A moment in the store's time zone (naive moments are UTC, as the database keeps
    them): ``29/11/2026 14:05`` (``fr``), ``29.11.2026, 14:05`` (``ru``). ``timezone=None``
    keeps the moment's own offset (a receipt's time, already local)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    zone = moment.tzinfo if timezone is None else _zone(timezone)
    return _babel_datetime(moment, format=length, tzinfo=zone, locale=locale).translate(_SPACES)


def format_date(day: dt.date | dt.datetime, locale: str, timezone: str = "UTC") -> str:
    """A day: ``29/11/2026`` (``fr``), ``29-11-2026`` (``nl``); a moment is first put in the
    store's time zone."""
    if isinstance(day, dt.datetime):
        moment = day if day.tzinfo else day.replace(tzinfo=dt.UTC)
        day = moment.astimezone(_zone(timezone)).date()
    return _babel_date(day, format="short", locale=locale).translate(_SPACES)


def current_locale() -> str:
    """The language of the request being answered (the reader's, or the one a receipt
    forces with :func:`flask_babel.force_locale`); ``en`` outside a request."""
    from flask_babel import get_locale

    return str(get_locale() or "en")
