"""Numbers, quantities, percentages and dates written for a reader's language, by Babel's
CLDR data (money is :func:`core.receipts.render.format_money`).

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
from babel.numbers import format_decimal, format_percent
from babel.units import format_unit

__all__ = ["format_date", "format_datetime", "format_number", "format_quantity", "format_rate"]

_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})


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
    moment: dt.datetime, locale: str, timezone: str = "UTC", *, length: str = "short"
) -> str:
    """A moment in the store's time zone (naive moments are UTC, as the database keeps
    them): ``29/11/2026 14:05`` (``fr``), ``29.11.2026, 14:05`` (``ru``)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return _babel_datetime(moment, format=length, tzinfo=_zone(timezone), locale=locale).translate(
        _SPACES
    )


def format_date(day: dt.date | dt.datetime, locale: str, timezone: str = "UTC") -> str:
    """A day: ``29/11/2026`` (``fr``), ``29-11-2026`` (``nl``); a moment is first put in the
    store's time zone."""
    if isinstance(day, dt.datetime):
        moment = day if day.tzinfo else day.replace(tzinfo=dt.UTC)
        day = moment.astimezone(_zone(timezone)).date()
    return _babel_date(day, format="short", locale=locale).translate(_SPACES)
