"""Business rules of promotions: what runs now for a cart, coupons, usage limits, and
keeping the promotions themselves."""

from __future__ import annotations

import datetime as dt
import typing as t
import zoneinfo
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import g
from flask_babel import gettext as _

from core.plugins import (
    Cart,
    Invalid,
    Rejected,
    SaleView,
    SharedCache,
    db,
    get_products,
    insert_ignore,
    list_categories,
    utcnow,
    write_transaction,
)

from .cart_data import coupon_field, coupons_of, normalise_code
from .engine import Item, Result, Rule, compute, runs_at
from .models import CustomerUse, Promotion


def store_zone(store: t.Any) -> dt.tzinfo:
    try:
        return zoneinfo.ZoneInfo(store.values["timezone"])
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, KeyError):
        return dt.UTC


def to_rule(promotion: Promotion) -> Rule:
    return Rule(
        id=promotion.id,
        name=promotion.name,
        kind=promotion.kind,
        percent=promotion.percent,
        amount=promotion.amount,
        product_ids=frozenset(promotion.product_ids or ()),
        category_ids=frozenset(promotion.category_ids or ()),
        coupon_code=promotion.coupon_code,
        starts_at=promotion.starts_at,
        ends_at=promotion.ends_at,
        days=tuple(promotion.days) if promotion.days else None,
        hour_start=promotion.hour_start,
        hour_end=promotion.hour_end,
        buy_quantity=promotion.buy_quantity or 0,
        get_quantity=promotion.get_quantity or 0,
        stackable=promotion.stackable,
        max_uses=promotion.max_uses,
        uses=promotion.uses,
        max_uses_per_customer=promotion.max_uses_per_customer,
    )


# -- pricing: once per cart ------------------------------------------------------------------


@dataclass
class Pricing:
    """What the promotions make of one cart, computed once and shared by the hooks that
    price it (``pos_price_line`` for each line, then ``pos_adjust_cart``, then
    ``pos_sale_validate``)."""

    now: dt.datetime
    result: Result
    #: Problems with the cart's coupons: ``(code, message)``.
    coupon_problems: list[tuple[str, str]] = field(default_factory=list)
    #: The coupons as the cart brought them (the error fields point into this list).
    typed: list[str] = field(default_factory=list)

    def coupon_field(self, code: str) -> str | None:
        return coupon_field(self.typed, code)


def pricing_for(cart: Cart, store: t.Any) -> Pricing:
    """The promotions of ``cart``, computed on the first call for this cart object and
    kept on ``flask.g`` for the rest of the request: one query per pricing, never one
    per line."""
    cached = g.get("promotions_pricing")
    if cached is not None and cached[0] is cart:
        return cached[1]
    pricing = _price(cart, store, utcnow())
    g.promotions_pricing = (cart, pricing)
    return pricing


#: What a promotion's definition is made of: a change to any of them empties
#: :data:`CURRENT`. ``uses``, raised by each sale a promotion applies to, matters only
#: when it reaches ``max_uses``: :func:`count_uses` empties the cache then.
DEFINITION = tuple(
    column.key for column in Promotion.__table__.columns if column.key not in ("uses", "updated_at")
)
#: The active promotions that have not ended, as rules, in each worker: every sale
#: prices its cart against them, the back office changes them now and then.
CURRENT = SharedCache("promotions.current", watch={Promotion.__tablename__: DEFINITION})


def current_rules() -> tuple[Rule, ...]:
    """The active promotions that had not ended when read, from :data:`CURRENT`: those
    that start later are in it, so each pricing checks the dates (``runs_at``)."""
    return t.cast(tuple[Rule, ...], CURRENT.get(None, _read_current))


def _read_current() -> tuple[Rule, ...]:
    rows = db.session.scalars(
        sa.select(Promotion).where(Promotion.active.is_(True), Promotion.ends_at > utcnow())
    ).all()
    return tuple(map(to_rule, rows))


def _price(cart: Cart, store: t.Any, now: dt.datetime) -> Pricing:
    zone = store_zone(store)
    # The dates, days and hours are checked in Python, in the store's timezone.
    running = [rule for rule in current_rules() if runs_at(rule, now, zone)]
    used = _customer_uses(cart.customer_id, [r for r in running if r.max_uses_per_customer])
    typed = coupons_of(cart.plugin_data)
    coupons = {normalise_code(code) for code in typed}
    problems: list[tuple[str, str]] = []
    by_code = {rule.coupon_code: rule for rule in running if rule.coupon_code}
    for code in sorted(coupons):
        rule = by_code.get(code)
        if rule is None:
            problems.append((code, _why_not(code, now, zone)))
        elif reason := _exhausted(rule, cart.customer_id, used):
            problems.append((code, reason))
    applicable = [
        rule
        for rule in running
        if (rule.coupon_code is None or rule.coupon_code in coupons)
        and not _exhausted(rule, cart.customer_id, used)
    ]
    items = [
        Item(
            key=line.key,
            product_id=line.product.id if line.product is not None else None,
            category_id=line.product.category_id if line.product is not None else None,
            unit_price=line.unit_price,
            quantity=line.quantity,
        )
        # A tip (a line that is no revenue) is never discounted.
        for line in cart.lines
        if line.revenue
    ]
    return Pricing(now, compute(applicable, items), problems, typed)


def _customer_uses(customer_id: int | None, rules: list[Rule]) -> dict[int, int]:
    if customer_id is None or not rules:
        return {}
    rows = db.session.execute(
        sa.select(CustomerUse.promotion_id, CustomerUse.uses).where(
            CustomerUse.customer_id == customer_id,
            CustomerUse.promotion_id.in_([r.id for r in rules]),
        )
    )
    return {promotion_id: uses for promotion_id, uses in rows}


def _exhausted(rule: Rule, customer_id: int | None, used: dict[int, int]) -> str | None:
    if rule.max_uses is not None and rule.uses >= rule.max_uses:
        return "has been used up"
    if rule.max_uses_per_customer is not None:
        if customer_id is None:
            return "needs a customer on the sale"
        if used.get(rule.id, 0) >= rule.max_uses_per_customer:
            return "was already used by this customer as often as allowed"
    return None


def _why_not(code: str, now: dt.datetime, zone: dt.tzinfo) -> str:
    """Why a coupon given with a cart does not run now (only asked on that error path)."""
    promotion = db.session.scalar(sa.select(Promotion).where(Promotion.coupon_code == code))
    if promotion is None or not promotion.active:
        return "unknown coupon"
    if now < promotion.starts_at:
        return "this coupon is not valid yet"
    if now >= promotion.ends_at:
        return "this coupon has expired"
    return "this coupon is not valid at this time"


def check_coupons(pricing: Pricing) -> None:
    """Refuse a cart with an unknown, expired or used-up coupon (a 422 on the coupon, at
    ``plugin_data.promotions.coupons.<index>``)."""
    if pricing.coupon_problems:
        code, message = pricing.coupon_problems[0]
        raise Rejected(
            f"{code}: {message}", code="invalid_coupon", field=pricing.coupon_field(code)
        )


# -- completing a sale -----------------------------------------------------------------------


def applied_promotions(sale: SaleView) -> dict[int, tuple[str, int]]:
    """``{promotion id: (label, money saved)}`` of a completed sale, from the adjustments
    recorded on its lines (the cart-level ones included: each names the line it
    discounts)."""
    found: dict[int, tuple[str, int]] = {}
    records = [a for line in sale.lines for a in line.adjustments]
    for record in records:
        source = str(record.get("source", ""))
        amount = int(record.get("amount", 0) or 0)
        prefix, _, number = source.partition(":")
        if prefix != "promotions" or not number.isdigit() or amount <= 0:
            continue
        label, total = found.get(int(number), (str(record.get("label", "")), 0))
        found[int(number)] = (label, total + amount)
    return found


def count_uses(sale: SaleView) -> None:
    """Count one use of each promotion the sale got, inside the sale's transaction.

    Guarded atomic updates: two tills completing at once can never take a promotion past
    its limits; the sale that would is refused and rolls back (on its coupon's field when
    a coupon brought the promotion).
    """
    applied = applied_promotions(sale)
    typed = coupons_of(sale.plugin_data)
    for promotion_id in sorted(applied):  # one lock order for every sale: no deadlock
        label = applied[promotion_id][0]
        # The per-customer limit and the coupon come back with the count: no second read.
        counted = db.session.execute(
            sa.update(Promotion)
            .where(
                Promotion.id == promotion_id,
                sa.or_(Promotion.max_uses.is_(None), Promotion.uses < Promotion.max_uses),
            )
            .values(uses=Promotion.uses + 1)
            .returning(
                Promotion.max_uses_per_customer,
                Promotion.coupon_code,
                Promotion.uses,
                Promotion.max_uses,
            )
            .execution_options(synchronize_session=False)
        ).one_or_none()
        if counted is None:
            code = db.session.scalar(
                sa.select(Promotion.coupon_code).where(Promotion.id == promotion_id)
            )
            raise Rejected(
                f"the promotion {label!r} is used up",
                code="promotion_used_up",
                field=coupon_field(typed, code) if code else None,
            )
        limit, code, uses, max_uses = counted
        if max_uses is not None and uses >= max_uses:
            CURRENT.invalidate()  # used up: no worker may apply it any more
        if limit is None:
            continue
        if sale.customer_id is None:
            raise Rejected(
                _("the promotion '%(label)s' needs a customer", label=label),
                code="promotion_used_up",
            )
        _ensure_customer_counter(promotion_id, sale.customer_id)
        counted = db.session.execute(
            sa.update(CustomerUse)
            .where(
                CustomerUse.promotion_id == promotion_id,
                CustomerUse.customer_id == sale.customer_id,
                CustomerUse.uses < limit,
            )
            .values(uses=CustomerUse.uses + 1)
            .execution_options(synchronize_session=False)
        ).rowcount
        if not counted:
            raise Rejected(
                f"the promotion {label!r} was already used by this customer as often as allowed",
                code="promotion_used_up",
                field=coupon_field(typed, code) if code else None,
            )


def _ensure_customer_counter(promotion_id: int, customer_id: int) -> None:
    """Create the customer's counter at 0 unless it exists (a concurrent sale may be
    creating it: the database settles it)."""
    insert_ignore(
        CustomerUse, {"promotion_id": promotion_id, "customer_id": customer_id, "uses": 0}
    )


# -- keeping promotions ----------------------------------------------------------------------


class PromotionError(Invalid):
    """Input that the schema could not judge alone (unknown ids, a taken code)."""

    def __init__(self, fields: dict[str, list[str]]):
        super().__init__("some fields are not valid", fields=fields)


def _product_ids(wanted: set[int]) -> set[int]:
    return set(get_products(wanted))


def _category_ids(wanted: set[int]) -> set[int]:
    return {category.id for category in list_categories()} & wanted


def list_promotions(active: bool | None = None) -> list[Promotion]:
    stmt = sa.select(Promotion).order_by(Promotion.starts_at.desc(), Promotion.id.desc())
    if active is not None:
        stmt = stmt.where(Promotion.active.is_(active))
    return list(db.session.scalars(stmt))


def _check_references(values: dict[str, t.Any], promotion_id: int | None) -> None:
    problems: dict[str, list[str]] = {}
    for name, known in (("product_ids", _product_ids), ("category_ids", _category_ids)):
        wanted = set(values.get(name) or ())
        if wanted:
            missing = sorted(wanted - known(wanted))
            if missing:
                problems[name] = [f"unknown ids: {', '.join(map(str, missing))}"]
    code = values.get("coupon_code")
    if code:
        taken = db.session.scalar(
            sa.select(Promotion.id).where(
                Promotion.coupon_code == code,
                Promotion.id != (promotion_id or 0),
            )
        )
        if taken is not None:
            problems["coupon_code"] = ["another promotion has this code"]
    if problems:
        raise PromotionError(problems)


def create_promotion(values: dict[str, t.Any]) -> Promotion:
    """Add a promotion from loaded, checked ``values``."""
    _check_references(values, None)
    write_transaction()
    promotion = Promotion(uses=0, **values)
    db.session.add(promotion)
    return promotion


def update_promotion(promotion: Promotion, values: dict[str, t.Any]) -> Promotion:
    """Change some fields; ``values`` is the complete, checked new state."""
    _check_references(values, promotion.id)
    write_transaction()
    for name, value in values.items():
        setattr(promotion, name, value)
    return promotion


def delete_promotion(promotion: Promotion) -> None:
    """Remove a promotion and its counters; sales keep its name in their adjustments."""
    write_transaction()
    db.session.execute(sa.delete(CustomerUse).where(CustomerUse.promotion_id == promotion.id))
    db.session.delete(promotion)
