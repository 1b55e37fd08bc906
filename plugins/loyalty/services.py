"""Loyalty rules with the database: earning on a sale, redeeming, giving back on refunds,
manual adjustments, and reading an account.

Every balance change is one atomic ``UPDATE`` plus a ledger row, inside the caller's
transaction (the sale's or the refund's). Nothing here reads a balance to write it back:
two tills selling to the same customer at once cannot lose or double points.
"""

from __future__ import annotations

import typing as t
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _

from core.plugins import (
    Cart,
    NotFound,
    RefundView,
    Rejected,
    SaleView,
    Tender,
    begin_write,
    db,
    get_settings,
    insert_ignore,
    utcnow,
)
from plugins.crm.public import customer_names, get_customer

from .models import LoyaltyAccount, LoyaltyEntry
from .rules import points_earned, share_half_up, tier_for

EARN, REDEEM, UNEARN, UNREDEEM, ADJUST = "earn", "redeem", "unearn", "unredeem", "adjust"


def settings() -> dict[str, t.Any]:
    return get_settings("loyalty")


# -- the account ---------------------------------------------------------------------------


def get_account(customer_id: int) -> LoyaltyAccount | None:
    return db.session.get(LoyaltyAccount, customer_id)


def balance(customer_id: int) -> int:
    value = db.session.scalar(
        sa.select(LoyaltyAccount.points).where(LoyaltyAccount.customer_id == customer_id)
    )
    return int(value or 0)


def _ensure_account(customer_id: int) -> None:
    """Create the account row if it is missing; a concurrent creation is no error."""
    insert_ignore(
        LoyaltyAccount,
        {"customer_id": customer_id, "points": 0, "lifetime_points": 0, "updated_at": utcnow()},
        ["customer_id"],
    )


def _locked_account(customer_id: int) -> tuple[int, int]:
    """``(points, lifetime_points)``, locking the row until the transaction ends
    (PostgreSQL ``FOR UPDATE``; on SQLite the writer already holds the database lock)."""
    row = db.session.execute(
        sa.select(LoyaltyAccount.points, LoyaltyAccount.lifetime_points)
        .where(LoyaltyAccount.customer_id == customer_id)
        .with_for_update()
    ).one()
    return int(row[0]), int(row[1])


def _add_points(customer_id: int, points: int, lifetime: int) -> int:
    """Atomic increase (``points``, ``lifetime`` >= 0); the balance after it."""
    return db.session.execute(
        sa.update(LoyaltyAccount)
        .where(LoyaltyAccount.customer_id == customer_id)
        .values(
            points=LoyaltyAccount.points + points,
            lifetime_points=LoyaltyAccount.lifetime_points + lifetime,
            updated_at=utcnow(),
        )
        .returning(LoyaltyAccount.points)
    ).scalar_one()


def _take_points(customer_id: int, points: int) -> int | None:
    """Atomic, guarded decrease; the balance after it, or ``None`` when the balance is
    short (nothing changed)."""
    return db.session.execute(
        sa.update(LoyaltyAccount)
        .where(LoyaltyAccount.customer_id == customer_id, LoyaltyAccount.points >= points)
        .values(points=LoyaltyAccount.points - points, updated_at=utcnow())
        .returning(LoyaltyAccount.points)
    ).scalar_one_or_none()


def _record(
    customer_id: int, kind: str, points: int, requested: int, balance_after: int, **values: t.Any
) -> LoyaltyEntry:
    entry = LoyaltyEntry(
        customer_id=customer_id,
        kind=kind,
        points=points,
        requested=requested,
        balance_after=balance_after,
        created_at=utcnow(),
        **values,
    )
    db.session.add(entry)
    return entry


def entries_for_sale(sale_id: str) -> list[LoyaltyEntry]:
    return list(
        db.session.scalars(
            sa.select(LoyaltyEntry).where(LoyaltyEntry.sale_id == sale_id).order_by(LoyaltyEntry.id)
        )
    )


# -- earning -------------------------------------------------------------------------------


def earn_for_sale(sale: SaleView, cart: Cart) -> int:
    """Write the points a completed sale earns (inside its transaction); returns them.

    Catalog lines outside the excluded categories earn ``points_per_unit`` per currency
    unit of their total, times the customer's tier multiplier; the part of the sale paid
    with points earns nothing. Lines other plugins add (a deposit) are no catalog goods.
    """
    if sale.customer_id is None:
        return 0
    values = settings()
    excluded = set(values["excluded_category_ids"])
    # A sale line's position is the key of the cart line it was sold from.
    products = {line.key: line.product for line in cart.lines}
    eligible: dict[str, int] = {}
    for sale_line in sale.lines:
        product = products.get(sale_line.position)
        if product is None or product.category_id in excluded or sale_line.total <= 0:
            continue
        eligible[str(sale_line.id)] = sale_line.total
    paid_with_points = sum(p.amount for p in sale.payments if p.method == "loyalty")
    # A tip (a line that is no revenue) earns nothing, nor dilutes the part paid with points.
    for_others = {line.key for line in cart.lines if not line.revenue}
    goods_total = sale.total - sum(x.total for x in sale.lines if x.position in for_others)
    eligible_total = sum(eligible.values())
    if not eligible_total:
        return 0
    _ensure_account(sale.customer_id)
    _points, lifetime = _locked_account(sale.customer_id)
    tier = tier_for(lifetime, values["tiers"])
    multiplier = Decimal(tier["multiplier"]) if tier else Decimal("1")
    points = points_earned(
        eligible_total,
        goods_total,
        paid_with_points,
        Decimal(values["points_per_unit"]),
        multiplier,
        sale.currency,
    )
    if points <= 0:
        return 0
    after = _add_points(sale.customer_id, points, points)
    _record(
        sale.customer_id,
        EARN,
        points,
        points,
        after,
        sale_id=sale.id,
        data={
            "eligible": eligible,
            "eligible_total": eligible_total,
            "paid_with_points": paid_with_points,
            "tier": tier["name"] if tier else None,
            "multiplier": str(multiplier),
        },
    )
    return points


def _refunded_eligible(sale: SaleView, eligible: dict[str, int]) -> int:
    """Money refunded so far on the lines that earned points: ``sale.refunds`` holds every
    refund of the sale, the one being completed included."""
    return sum(
        line.total
        for refund in sale.refunds
        for line in refund.lines
        if str(line.sale_line_id) in eligible
    )


def unearn_for_refund(refund: RefundView, sale: SaleView) -> int:
    """Take back the points a refunded sale earned, in proportion to the refunded part of
    its earning lines (the last refund takes what remains). Never below zero: when the
    customer already spent them, the balance is clipped at 0 and the entry records what
    was asked. Returns the points taken."""
    entries = entries_for_sale(sale.id)
    earned = next((e for e in entries if e.kind == EARN), None)
    if earned is None or sale.customer_id is None:
        return 0
    eligible = earned.data.get("eligible", {})
    eligible_total = int(earned.data.get("eligible_total", 0))
    if not any(str(line.sale_line_id) in eligible for line in refund.lines):
        return 0
    refunded = _refunded_eligible(sale, eligible)
    if refunded >= eligible_total:
        target = earned.points
    else:
        target = share_half_up(earned.points, refunded, eligible_total)
    already = -sum(e.requested for e in entries if e.kind == UNEARN)
    wanted = max(0, target - already)
    if not wanted:
        return 0
    _ensure_account(sale.customer_id)
    points, _lifetime = _locked_account(sale.customer_id)
    taken = min(points, wanted)
    after = _take_points(sale.customer_id, taken) if taken else points
    if after is None:
        raise Rejected(_("the points balance changed; try again"), code="loyalty_conflict")
    db.session.execute(
        sa.update(LoyaltyAccount)
        .where(LoyaltyAccount.customer_id == sale.customer_id)
        .values(
            lifetime_points=sa.case(
                (LoyaltyAccount.lifetime_points >= wanted, LoyaltyAccount.lifetime_points - wanted),
                else_=0,
            )
        )
    )
    _record(
        sale.customer_id,
        UNEARN,
        -taken,
        -wanted,
        after,
        sale_id=sale.id,
        refund_id=refund.id,
        data={"clipped": wanted - taken},
    )
    return taken


# -- redeeming -----------------------------------------------------------------------------


def points_for_amount(amount: int) -> int:
    return amount // settings()["point_value"]


def redeem(customer_id: int, points: int, sale_id: str, tender: Tender) -> None:
    """Spend ``points`` on a sale: one guarded ``UPDATE``; refused when the balance is
    short at that instant (another till spent them first)."""
    after = _take_points(customer_id, points)
    if after is None:
        raise Rejected(
            f"not enough loyalty points: {balance(customer_id)} left, {points} needed",
            code="loyalty_insufficient_points",
            field="payments",
        )
    _record(
        customer_id,
        REDEEM,
        -points,
        -points,
        after,
        sale_id=sale_id,
        data={"amount": tender.amount, "payment_id": tender.id},
    )


def give_back(tender: Tender, refund: RefundView) -> int:
    """Give back the points of money refunded on ``loyalty``, at the rate they were spent
    at, never more than the sale spent. Returns the points given back."""
    sale = refund.sale
    assert sale is not None  # a refund handed to a payment method carries its sale
    if sale.customer_id is None:
        raise Rejected(_("this sale has no customer to give points back to"), code="loyalty_refund")
    entries = entries_for_sale(sale.id)
    spent = -sum(e.points for e in entries if e.kind == REDEEM)
    spent_amount = sum(int(e.data.get("amount", 0)) for e in entries if e.kind == REDEEM)
    returned = sum(e.points for e in entries if e.kind == UNREDEEM)
    if not spent:
        raise Rejected(
            "this sale was not paid with loyalty points; refund it another way",
            code="loyalty_refund",
            field="payments",
        )
    points = share_half_up(spent, tender.amount, spent_amount)
    if points > spent - returned:
        raise Rejected(
            f"at most {spent - returned} loyalty points can be given back for this sale",
            code="loyalty_refund",
            field="payments",
        )
    _ensure_account(sale.customer_id)
    after = _add_points(sale.customer_id, points, 0)
    _record(sale.customer_id, UNREDEEM, points, points, after, sale_id=sale.id, refund_id=refund.id)
    return points


# -- reading and adjusting -----------------------------------------------------------------


def account_summary(customer_id: int, limit: int = 50, offset: int = 0) -> dict[str, t.Any]:
    """The balance, lifetime points, tier and the ledger (newest first) of a customer."""
    if get_customer(customer_id) is None:
        raise NotFound(_("no customer %(id)s", id=customer_id))
    account = get_account(customer_id)
    points = int(account.points) if account else 0
    lifetime = int(account.lifetime_points) if account else 0
    values = settings()
    tier = tier_for(lifetime, values["tiers"])
    stmt = sa.select(LoyaltyEntry).where(LoyaltyEntry.customer_id == customer_id)
    count = db.session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery())) or 0
    entries = db.session.scalars(
        stmt.order_by(LoyaltyEntry.id.desc()).limit(limit).offset(offset)
    ).all()
    return {
        "customer_id": customer_id,
        "points": points,
        "lifetime_points": lifetime,
        "tier": tier["name"] if tier else None,
        "point_value": values["point_value"],
        "worth": points * values["point_value"],
        "entries_count": count,
        "entries": list(entries),
    }


def list_accounts(limit: int = 100, offset: int = 0) -> tuple[list[dict[str, t.Any]], int]:
    """Accounts with the customer's name, points and tier (most points first), and the count."""
    count = db.session.scalar(sa.select(sa.func.count()).select_from(LoyaltyAccount)) or 0
    rows = db.session.scalars(
        sa.select(LoyaltyAccount)
        .order_by(LoyaltyAccount.points.desc(), LoyaltyAccount.customer_id)
        .limit(limit)
        .offset(offset)
    ).all()
    names = customer_names(account.customer_id for account in rows)
    tiers = settings()["tiers"]
    accounts = []
    for account in rows:
        name = names.get(account.customer_id, f"#{account.customer_id}")
        tier = tier_for(int(account.lifetime_points), tiers)
        accounts.append(
            {
                "customer_id": account.customer_id,
                "name": name,
                "points": int(account.points),
                "lifetime_points": int(account.lifetime_points),
                "tier": tier["name"] if tier else None,
            }
        )
    return accounts, count


def adjust(customer_id: int, points: int, reason: str) -> LoyaltyEntry:
    """A manager's correction or gift: ``points`` added (positive) or taken (negative,
    refused beyond the balance). The caller commits."""
    customer = get_customer(customer_id)
    if customer is None or customer.erased:
        raise NotFound(_("no customer %(id)s", id=customer_id))
    begin_write()
    _ensure_account(customer_id)
    after = (
        _add_points(customer_id, points, 0) if points >= 0 else _take_points(customer_id, -points)
    )
    if after is None:
        db.session.rollback()
        raise Rejected(
            f"not enough loyalty points: {balance(customer_id)} left",
            code="loyalty_insufficient_points",
        )
    # This entry, not "the newest one": another writer may commit one in between.
    return _record(customer_id, ADJUST, points, points, after, data={"reason": reason})
