"""Which account each thing booked goes to: the chosen chart's defaults, overridden by
the merchant's own accounts (:class:`.models.AccountOverride`).

Postings name candidate keys, most specific first (``sales:category:3``,
``sales:rate:20``, ``sales``): a merchant's override of any of them wins over the
chart's default for any, so a category mapped by the merchant beats the chart's
account for the rate.
"""

from __future__ import annotations

import re
import typing as t
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _

from core.plugins import Invalid, SharedCache, db, get_settings, utcnow, write_transaction

from .charts import CHARTS, GENERAL_KEYS
from .models import AccountOverride


def rate_key(rate: Decimal) -> str:
    """``20``, ``5.5``, ``0``: a rate as mapping keys write it."""
    text = format(Decimal(rate).normalize(), "f")
    return text


@dataclass(frozen=True)
class Account:
    number: str
    label: str


class Mapping:
    """The accounts in force now: one read of the overrides per operation booked."""

    def __init__(self, chart: dict[str, tuple[str, str]], overrides: dict[str, Account]):
        self.defaults = _accounts(id(chart), chart)
        self.overrides = overrides
        self.has_categories = any(key.startswith("sales:category:") for key in overrides)

    def resolve(self, candidates: t.Sequence[str]) -> Account:
        for key in candidates:
            if key in self.overrides:
                return self.overrides[key]
        for key in candidates:
            if key in self.defaults:
                return self.defaults[key]
        raise KeyError(tuple(candidates))

    def category_overridden(self, category_id: int | None) -> bool:
        return category_id is not None and f"sales:category:{category_id}" in self.overrides


_CHART_ACCOUNTS: dict[int, dict[str, Account]] = {}


def _accounts(key: int, chart: dict[str, tuple[str, str]]) -> dict[str, Account]:
    """A chart's accounts, built once per process (the charts are constants)."""
    if key not in _CHART_ACCOUNTS:
        _CHART_ACCOUNTS[key] = {name: Account(*value) for name, value in chart.items()}
    return _CHART_ACCOUNTS[key]


def chart_code() -> str:
    return get_settings("accounting")["chart"]


#: The merchant's overrides in each worker: every sale is booked with them, the
#: merchant changes them when setting the books up. Shared: never changed in place.
OVERRIDES = SharedCache("accounting.overrides", watch={AccountOverride.__tablename__: None})


def current_mapping() -> Mapping:
    return Mapping(CHARTS[chart_code()], OVERRIDES.get(None, _read_overrides))


def _read_overrides() -> dict[str, Account]:
    rows = db.session.scalars(sa.select(AccountOverride)).all()
    return {row.key: Account(row.account, row.label) for row in rows}


def known_keys(
    rates: t.Iterable[Decimal],
    methods: t.Iterable[str],
    kinds: t.Iterable[str],
    categories: t.Iterable[int],
) -> list[str]:
    """Every key the back office shows: the general ones, then one per tax rate, payment
    method, line kind and category the shop has."""
    keys = list(GENERAL_KEYS)
    for rate in rates:
        keys += [f"sales:rate:{rate_key(rate)}", f"tax:rate:{rate_key(rate)}"]
    keys += [f"payment:{method}" for method in methods]
    keys += [f"line:{kind}" for kind in kinds if kind != "product"]
    keys += [f"sales:category:{category}" for category in categories]
    seen: set[str] = set()
    return [key for key in keys if not (key in seen or seen.add(key))]


ACCOUNT_NUMBER = re.compile(r"^[0-9A-Za-z]{1,20}$")
KEY = re.compile(
    r"^(sales|tax|payment|line|discount|rounding|cash_over|cash_short|transfer)"
    r"(:[a-z0-9_.]{1,40}){0,2}$"
)


def save_override(key: str, account: str, label: str) -> None:
    """Map ``key`` to the merchant's own ``account``; an empty account gives the key back
    to the chart's default. The caller commits.

    :raise Invalid: an unknown key, or an account number that is not 1 to 20 letters
        and digits.
    """
    key, account, label = key.strip(), account.strip(), " ".join(label.split())
    if not KEY.match(key):
        raise Invalid(_("unknown mapping key %(key)s", key=key), code="bad_key", field="key")
    write_transaction()
    row = db.session.get(AccountOverride, key)
    if not account:
        if row is not None:
            db.session.delete(row)
        return
    if not ACCOUNT_NUMBER.match(account):
        raise Invalid(
            _("an account number is 1 to 20 letters and digits"),
            code="bad_account",
            field=key,
        )
    if row is None:
        row = AccountOverride(key=key)
        db.session.add(row)
    row.account, row.label, row.updated_at = account, label[:120] or account, utcnow()


def describe(key: str) -> str:
    """What a key books, in the reader's words."""
    head, _sep, rest = key.partition(":")
    kind, _sep, value = rest.partition(":")
    if head == "sales" and kind == "rate":
        return _("Sales at %(rate)s %%", rate=value)
    if head == "sales" and kind == "category":
        return _("Sales of category %(category)s", category=value)
    if head == "tax" and kind == "rate":
        return _("Tax collected at %(rate)s %%", rate=value)
    if head == "payment" and kind:
        return _("Payments: %(method)s", method=kind)
    if head == "line" and kind:
        return _("Plugin lines: %(kind)s", kind=kind)
    return {
        "sales": _("Sales (other rates)"),
        "tax": _("Tax collected (other rates)"),
        "payment": _("Payments (other methods)"),
        "line": _("Plugin lines (other kinds)"),
        "discount": _("Discounts given"),
        "rounding": _("Cash rounding"),
        "cash_over": _("Cash over at closing"),
        "cash_short": _("Cash short at closing"),
        "transfer": _("Float and cash in/out (internal transfers)"),
    }.get(
        key,
        _("Cash rounding gained")
        if key == "rounding:gain"
        else _("Cash rounding lost")
        if key == "rounding:loss"
        else key,
    )
