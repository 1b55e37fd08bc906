"""The ``store`` settings namespace."""

from __future__ import annotations

import typing as t
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal

from babel.numbers import list_currencies
from flask_babel import gettext as _
from marshmallow import Schema, ValidationError, fields, validate

from ..fields import Percent
from ..theming import THEMES_ROOT
from .logo import MAX_LOGO_BYTES, check_logo

#: The languages the shop's screens and receipts are translated into (SPEC 10).
LANGUAGES = ("en", "fr", "nl", "ru")


def installed_themes() -> list[str]:
    """The themes a store may pick: the folders of ``themes/``."""
    return sorted(
        path.name for path in THEMES_ROOT.iterdir() if path.is_dir() and path.name[0] != "_"
    )


def _known_currency(value: str) -> None:
    if value not in list_currencies():
        raise ValidationError(_("not an ISO 4217 currency code"))


def _known_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(_("not a time zone, e.g. Europe/Paris")) from None


def _installed_theme(value: str) -> None:
    if value not in installed_themes():
        raise ValidationError(
            _(
                "no theme '%(value)s'; themes: %(themes)s",
                value=value,
                themes=", ".join(installed_themes()),
            )
        )


class StoreSettingsSchema(Schema):
    name = fields.String(load_default="My shop", validate=validate.Length(1, 120))
    currency = fields.String(
        load_default="EUR", validate=[validate.Regexp(r"^[A-Z]{3}$"), _known_currency]
    )
    #: Shelf prices include tax (EU) or not (US).
    prices_include_tax = fields.Boolean(load_default=True)
    #: "line": half-up on each line's tax; "total": per rate on the sale's totals.
    tax_rounding = fields.String(load_default="line", validate=validate.OneOf(["line", "total"]))
    #: Cash totals are rounded to this many minor units (1: none, 5: 0.05...).
    cash_rounding = fields.Integer(
        load_default=1, strict=True, validate=validate.OneOf([1, 2, 5, 10, 50, 100])
    )
    allow_negative_stock = fields.Boolean(load_default=True)
    #: A cashier may give discounts up to this percent; beyond, a manager approves.
    cashier_discount_limit = Percent(load_default=Decimal("10"))
    receipt_header = fields.String(load_default="", validate=validate.Length(0, 2000))
    receipt_footer = fields.String(
        load_default="Thank you for your visit!", validate=validate.Length(0, 2000)
    )
    #: A PNG, JPEG, GIF or WebP image as a ``data:`` URL (see :mod:`core.stores.logo`).
    receipt_logo = fields.String(
        load_default="",
        validate=[validate.Length(0, MAX_LOGO_BYTES * 4 // 3 + 64), check_logo],
    )
    address = fields.String(load_default="", validate=validate.Length(0, 500))
    #: The VAT number (printed on receipts as the tax id).
    tax_id = fields.String(load_default="", validate=validate.Length(0, 64))
    #: The company's registration number (SIRET, KvK, Companies House...).
    company_number = fields.String(load_default="", validate=validate.Length(0, 64))
    timezone = fields.String(load_default="UTC", validate=[validate.Length(1, 64), _known_zone])
    #: The store's default language: receipts, and screens of users who chose none.
    locale = fields.String(load_default="en", validate=validate.OneOf(LANGUAGES))
    theme = fields.String(
        load_default="default", validate=[validate.Regexp(r"^[a-z0-9_-]+$"), _installed_theme]
    )
    pin_max_attempts = fields.Integer(load_default=5, strict=True, validate=validate.Range(3, 20))
    pin_lockout_minutes = fields.Integer(
        load_default=5, strict=True, validate=validate.Range(1, 1440)
    )
    #: An offline sale is refused when completed longer ago than this (a till's queue
    #: older than this is settled by a manager), or further ahead of the server's clock.
    offline_max_age_hours = fields.Integer(
        load_default=48, strict=True, validate=validate.Range(1, 24 * 31)
    )
    offline_max_ahead_minutes = fields.Integer(
        load_default=5, strict=True, validate=validate.Range(0, 24 * 60)
    )
    till_idle_lock_seconds = fields.Integer(
        load_default=120, strict=True, validate=validate.Range(0, 3600)
    )
    #: How the shop's scales write weighed and priced labels (core/catalog/gs1.py).
    gs1_layout = fields.String(
        load_default="item5_weight5",
        validate=validate.OneOf(["none", "item5_weight5", "item5_price5", "item4_check_price5"]),
    )


@dataclass(frozen=True)
class StoreSettings:
    """The settings a sale is priced and completed under, as one typed object.

    :param currency: ISO 4217 code (``EUR``); amounts are minor units of it.
    :param locale: the store's language for receipts (``fr``); a user's own language may
        differ on their screens.
    :param timezone: the store's IANA zone (``Europe/Paris``): what "today" means.
    :param values: every store setting by name, as stored.

    Example::

        if store.prices_include_tax:
            ...
        money = format_money(total, store.currency, store.locale)
        today = utcnow().astimezone(zoneinfo.ZoneInfo(store.timezone)).date()
    """

    name: str
    currency: str
    locale: str
    timezone: str
    prices_include_tax: bool
    tax_rounding: str
    cash_rounding: int
    allow_negative_stock: bool
    cashier_discount_limit: Decimal
    values: dict[str, t.Any]

    @classmethod
    def from_values(cls, values: dict[str, t.Any]) -> StoreSettings:
        return cls(
            name=values["name"],
            currency=values["currency"],
            locale=values["locale"],
            timezone=values["timezone"],
            prices_include_tax=values["prices_include_tax"],
            tax_rounding=values["tax_rounding"],
            cash_rounding=values["cash_rounding"],
            allow_negative_stock=values["allow_negative_stock"],
            cashier_discount_limit=Decimal(values["cashier_discount_limit"]),
            values=values,
        )


def current_store() -> StoreSettings:
    """The settings the shop sells under now (currency, prices with or without tax, cash
    rounding, locale...).

    Example::

        store = current_store()
        shown = format_money(amount, store.currency, store.values["locale"])
    """
    from ..settings import get_settings

    return StoreSettings.from_values(get_settings("store"))
