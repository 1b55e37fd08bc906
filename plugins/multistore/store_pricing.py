"""A store's own pricing settings: shelf prices with or without tax, tax rounding, cash
rounding. Each is blank (``None``) until set: the store then follows the shop-wide
setting, and changing the shop's changes it too.

They reach the core through ``pos_store_of_register`` (hooks.py): the core prices,
rounds and records each sale, refund and offline sale with its register's store.
"""

from __future__ import annotations

import typing as t

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from core.plugins import Invalid, current_store, format_money

#: The settings a store may set for itself, named as the shop-wide ones.
PRICING_FIELDS = ("prices_include_tax", "tax_rounding", "cash_rounding")
TAX_ROUNDINGS = ("line", "total")
CASH_ROUNDINGS = (1, 2, 5, 10, 50, 100)


def over_shop(store: t.Any, values: dict[str, t.Any]) -> dict[str, t.Any]:
    """The shop-wide ``values`` with the store's own pricing settings over them."""
    own = {key: getattr(store, key) for key in PRICING_FIELDS}
    return {**values, **{key: value for key, value in own.items() if value is not None}}


def describe(store: t.Any) -> dict[str, t.Any]:
    return {key: getattr(store, key) for key in PRICING_FIELDS}


# -- the back-office form: a select per setting, its first option "as the shop" ----------------


def choices() -> dict[str, list[tuple[str, str]]]:
    """The options of each select: (form value, label); "" keeps the shop's setting."""
    shop = ("", _("As the shop"))
    settings = current_store()
    return {
        "prices_include_tax": [
            shop,
            ("yes", _("Prices include tax")),
            ("no", _("Tax is added to prices")),
        ],
        "tax_rounding": [
            shop,
            ("line", _("Round each line's tax")),
            ("total", _("Round the tax of each rate once")),
        ],
        "cash_rounding": [shop, ("1", _("No cash rounding"))]
        + [
            (
                str(coin),
                _(
                    "Round cash totals to %(coin)s",
                    coin=format_money(coin, settings.currency, settings.locale),
                ),
            )
            for coin in CASH_ROUNDINGS[1:]
        ],
    }


LABELS = {
    "prices_include_tax": _l("Shelf prices"),
    "tax_rounding": _l("Tax rounding"),
    "cash_rounding": _l("Cash rounding"),
}


def form_values(store: dict[str, t.Any]) -> dict[str, str]:
    """A store's settings (``describe``) as the form's select values."""
    include = store.get("prices_include_tax")
    return {
        "prices_include_tax": "" if include is None else ("yes" if include else "no"),
        "tax_rounding": store.get("tax_rounding") or "",
        "cash_rounding": "" if store.get("cash_rounding") is None else str(store["cash_rounding"]),
    }


def from_form(form: t.Mapping[str, str]) -> dict[str, t.Any]:
    """The settings a submitted form sets (``None``: the shop's).

    :raises Invalid: an option the form does not offer, naming its field.
    """
    values: dict[str, t.Any] = {}
    problems: dict[str, list[str]] = {}
    for key, options in choices().items():
        picked = form.get(key, "")
        if picked not in {value for value, _label in options}:
            problems[key] = [_("not one of the choices")]
        elif picked == "":
            values[key] = None
        elif key == "prices_include_tax":
            values[key] = picked == "yes"
        elif key == "cash_rounding":
            values[key] = int(picked)
        else:
            values[key] = picked
    if problems:
        raise Invalid(_("some settings are not valid"), fields=problems)
    return values
