"""Pure computation of promotions over a cart: no database, no Flask.

The pricing hooks load the promotions running now once per pricing of a cart, turn them
into :class:`Rule` values and the cart's lines into :class:`Item` values, and ask
:func:`compute` which money comes off which line.

Rules of the game:

- ``percent``: that percent of each matching line's base (unit price x quantity), rounded
  half-up once per line.
- ``amount``: that amount off each unit of a matching line (weighed goods: per kilogram,
  rounded half-up), never more than the line's base.
- ``buy_x_get_y``: among the whole units of the matching lines, each group of
  ``buy_quantity + get_quantity`` units gives ``get_quantity`` units ``percent`` off
  (``100``: free); the cheapest units are the ones discounted.
- ``bundle``: one unit of each listed product together costs ``amount``; the saving of
  each complete set is shared over its products in proportion to their unit prices.

A rule with neither products nor categories matches every catalog line; lines that are
not catalog products (a gift card sold...) never match. For each line, the best single
non-stackable promotion applies, plus every stackable one; the core clips the sum to the
line's base.
"""

from __future__ import annotations

import datetime as dt
import typing as t
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

LINE_KINDS = ("percent", "amount")
CART_KINDS = ("buy_x_get_y", "bundle")


@dataclass(frozen=True)
class Rule:
    """A promotion as the engine sees it: plain values, detached from the database."""

    id: int
    name: str
    kind: str
    percent: Decimal | None = None
    amount: int | None = None
    product_ids: frozenset[int] = frozenset()
    category_ids: frozenset[int] = frozenset()
    coupon_code: str | None = None
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    days: tuple[int, ...] | None = None
    hour_start: str | None = None
    hour_end: str | None = None
    buy_quantity: int = 0
    get_quantity: int = 0
    stackable: bool = False
    max_uses: int | None = None
    uses: int = 0
    max_uses_per_customer: int | None = None

    @property
    def source(self) -> str:
        """What the adjustments of this rule carry as their ``source``."""
        return f"promotions:{self.id}"

    def matches(self, item: Item) -> bool:
        if item.product_id is None:
            return False
        if not self.product_ids and not self.category_ids:
            return True
        return item.product_id in self.product_ids or (
            item.category_id is not None and item.category_id in self.category_ids
        )


@dataclass(frozen=True)
class Item:
    """A cart line: ``key`` is the core's line key; ``product_id`` is None for lines that
    are not catalog products."""

    key: t.Any
    product_id: int | None
    category_id: int | None
    unit_price: int
    quantity: Decimal

    @property
    def base(self) -> int:
        return half_up(Decimal(self.unit_price) * self.quantity)

    @property
    def whole_units(self) -> int:
        return int(self.quantity)


@dataclass(frozen=True)
class Saving:
    """Money a rule takes off one line."""

    rule: Rule
    key: t.Any
    amount: int


@dataclass
class Result:
    """Chosen savings, by the hook that hands them to the core."""

    line: dict[t.Any, list[Saving]] = field(default_factory=dict)
    cart: list[Saving] = field(default_factory=list)


def half_up(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_HALF_UP))


def runs_at(rule: Rule, moment: dt.datetime, zone: dt.tzinfo) -> bool:
    """Whether ``rule`` runs at ``moment`` (aware): inside ``[starts_at, ends_at)`` and,
    when set, on one of its ``days`` and inside its hours, in the store's ``zone``."""
    if rule.starts_at is not None and moment < rule.starts_at:
        return False
    if rule.ends_at is not None and moment >= rule.ends_at:
        return False
    local = moment.astimezone(zone)
    if rule.days and local.isoweekday() not in rule.days:
        return False
    if rule.hour_start is not None and rule.hour_end is not None:
        clock = local.strftime("%H:%M")
        if not rule.hour_start <= clock < rule.hour_end:
            return False
    return True


def compute(rules: t.Iterable[Rule], items: t.Sequence[Item]) -> Result:
    """Which savings apply to which line (see the module's rules)."""
    offers: dict[t.Any, list[Saving]] = {item.key: [] for item in items}
    for rule in rules:
        for saving in _savings(rule, items):
            if saving.amount > 0:
                offers[saving.key].append(saving)
    result = Result()
    for item in items:
        for saving in choose(offers[item.key]):
            if saving.rule.kind in LINE_KINDS:
                result.line.setdefault(item.key, []).append(saving)
            else:
                result.cart.append(saving)
    return result


def choose(offers: list[Saving]) -> list[Saving]:
    """The best non-stackable saving (ties to the oldest promotion), then the stackable
    ones, oldest first."""
    single = [s for s in offers if not s.rule.stackable]
    stacked = sorted((s for s in offers if s.rule.stackable), key=lambda s: s.rule.id)
    if not single:
        return stacked
    best = min(single, key=lambda s: (-s.amount, s.rule.id))
    return [best, *stacked]


def _savings(rule: Rule, items: t.Sequence[Item]) -> list[Saving]:
    matching = [item for item in items if rule.matches(item)]
    if not matching:
        return []
    if rule.kind == "percent":
        percent = rule.percent or Decimal(0)
        return [Saving(rule, i.key, half_up(i.base * percent / 100)) for i in matching]
    if rule.kind == "amount":
        amount = rule.amount or 0
        return [Saving(rule, i.key, min(i.base, half_up(amount * i.quantity))) for i in matching]
    if rule.kind == "buy_x_get_y":
        return _buy_x_get_y(rule, matching)
    if rule.kind == "bundle":
        return _bundle(rule, matching)
    return []


def _buy_x_get_y(rule: Rule, items: list[Item]) -> list[Saving]:
    group = rule.buy_quantity + rule.get_quantity
    if rule.buy_quantity < 1 or rule.get_quantity < 1:
        return []
    units = sum(item.whole_units for item in items)
    discounted = (units // group) * rule.get_quantity
    percent = rule.percent if rule.percent is not None else Decimal(100)
    savings = []
    # Cheapest units first; among equal prices, the earlier line.
    for item in sorted(items, key=lambda i: (i.unit_price, _order(i.key))):
        if discounted <= 0:
            break
        taken = min(discounted, item.whole_units)
        discounted -= taken
        savings.append(Saving(rule, item.key, half_up(item.unit_price * taken * percent / 100)))
    return savings


def _bundle(rule: Rule, items: list[Item]) -> list[Saving]:
    if not rule.product_ids:
        return []
    by_product: dict[int, list[Item]] = {}
    for item in items:
        if item.product_id in rule.product_ids:
            by_product.setdefault(item.product_id, []).append(item)
    if set(by_product) != set(rule.product_ids):
        return []
    sets = min(sum(i.whole_units for i in lines) for lines in by_product.values())
    products = sorted(by_product)
    prices = [by_product[p][0].unit_price for p in products]
    saving = sets * (sum(prices) - (rule.amount or 0))
    if sets == 0 or saving <= 0:
        return []
    savings = []
    for product, share in zip(products, _shares(saving, prices), strict=True):
        for item in by_product[product]:
            taken = min(share, item.base)
            share -= taken
            savings.append(Saving(rule, item.key, taken))
    return savings


def _shares(total: int, weights: list[int]) -> list[int]:
    """``total`` split in proportion to ``weights``, summing exactly (largest remainder)."""
    whole = sum(weights)
    parts = [total * w // whole for w in weights]
    rests = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i))
    for index in rests[: total - sum(parts)]:
        parts[index] += 1
    return parts


def _order(key: t.Any) -> t.Any:
    return key if isinstance(key, int) else str(key)
