"""Memberships: categories with included rounds and a discount, sold for a season as a
sale line (``{"golf_membership": {"category_id", "customer_id", "season_start",
"season_end"}}``: a renewal is the same line again), and what they change at check-in."""

from __future__ import annotations

import datetime as dt
import typing as t
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa
from flask_babel import gettext as _
from marshmallow import Schema, ValidationError, fields, validates_schema

from core.plugins import (
    Conflict,
    Id,
    LineKind,
    LinePrice,
    NotFound,
    Rejected,
    db,
    get_settings,
    write_transaction,
)
from plugins.crm.public import get_customer

from .models import Membership, MembershipCategory

USE_ROUND = sa.text(
    "UPDATE golf_membership SET rounds_used = rounds_used + 1"
    " WHERE id = :membership AND rounds_used < :included"
)


def list_categories() -> list[MembershipCategory]:
    return list(db.session.scalars(sa.select(MembershipCategory).order_by(MembershipCategory.name)))


def create_category(values: dict[str, t.Any]) -> MembershipCategory:
    taken = sa.select(MembershipCategory.id).where(MembershipCategory.name == values["name"])
    if db.session.scalar(taken):
        raise Conflict(
            _("a membership is already named %(name)s", name=values["name"]),
            code="membership_category_exists",
        )
    write_transaction()
    category = MembershipCategory(**values)
    db.session.add(category)
    db.session.flush()
    return category


def memberships_of(customer_id: int) -> list[Membership]:
    return list(
        db.session.scalars(
            sa.select(Membership)
            .where(Membership.customer_id == customer_id)
            .order_by(Membership.season_start.desc(), Membership.id.desc())
        )
    )


def active_membership(customer_id: int | None, day: dt.date) -> Membership | None:
    """The customer's membership whose season holds ``day`` (the newest if several)."""
    if customer_id is None:
        return None
    return db.session.scalars(
        sa.select(Membership)
        .where(
            Membership.customer_id == customer_id,
            Membership.season_start <= day,
            Membership.season_end >= day,
        )
        .order_by(Membership.id.desc())
        .limit(1)
    ).first()


def member_price(membership: Membership | None, price: int) -> tuple[int, bool]:
    """What a member pays for a round at ``price``: nothing while included rounds are
    left (the second value says so), else the category's discount off it."""
    if membership is None:
        return price, False
    if membership.rounds_left > 0:
        return 0, True
    off = Decimal(price) * membership.category.discount_percent / 100
    return price - int(off.quantize(Decimal(1), rounding=ROUND_HALF_UP)), False


def use_round(membership_id: int, included: int) -> bool:
    """Take one included round, inside the check-in sale; ``False`` when none is left
    (another till took the last one meanwhile)."""
    done = db.session.execute(USE_ROUND, {"membership": membership_id, "included": included})
    return done.rowcount == 1


class MembershipLineSchema(Schema):
    category_id = Id(required=True)
    customer_id = Id(required=True)
    season_start = fields.Date(required=True)
    season_end = fields.Date(required=True)

    @validates_schema
    def _season(self, data, **kwargs):
        start, end = data.get("season_start"), data.get("season_end")
        if start and end and not start <= end <= start + dt.timedelta(days=731):
            raise ValidationError("a season ends after it starts, within two years", "season_end")


class MembershipLine(LineKind):
    code = "golf_membership"
    title = "Membership"
    schema = MembershipLineSchema

    def build(self, payload: dict[str, t.Any], store: t.Any) -> LinePrice:
        category = db.session.get(MembershipCategory, payload["category_id"])
        if category is None or not category.active:
            raise Rejected(
                _("no membership %(id)s on sale", id=payload["category_id"]),
                code="unknown_membership_category",
                field="category_id",
            )
        customer = get_customer(payload["customer_id"])
        if customer is None or customer.erased:
            raise Rejected(
                _("no customer %(id)s", id=payload["customer_id"]),
                code="unknown_customer",
                field="customer_id",
            )
        return LinePrice(
            name=f"{category.name} {customer.name}",
            unit_price=category.price,
            tax_rate=Decimal(get_settings("golf")["green_fee_tax_rate"]),
            sku="MEMBERSHIP",
            data={
                "category_id": category.id,
                "customer_id": customer.id,
                "season_start": payload["season_start"].isoformat(),
                "season_end": payload["season_end"].isoformat(),
            },
        )


def complete(sale: t.Any) -> None:
    """Inside the sale's transaction: each membership line sold becomes a membership."""
    for line in sale.lines:
        if line.kind != MembershipLine.code:
            continue
        membership = Membership(
            customer_id=line.data["customer_id"],
            category_id=line.data["category_id"],
            season_start=dt.date.fromisoformat(line.data["season_start"]),
            season_end=dt.date.fromisoformat(line.data["season_end"]),
            sale_id=sale.id,
        )
        db.session.add(membership)
        db.session.flush()
        line.data["membership_id"] = membership.id


def get_category(category_id: int) -> MembershipCategory:
    category = db.session.get(MembershipCategory, category_id) if 0 < category_id < 2**31 else None
    if category is None:
        raise NotFound(
            _("no membership %(id)s", id=category_id), code="unknown_membership_category"
        )
    return category


def update_category(category: MembershipCategory, values: dict[str, t.Any]) -> MembershipCategory:
    """Change a category (memberships sold keep their season; the new included rounds
    and discount apply to them from now on). Unticking ``active`` takes it off sale."""
    taken = sa.select(MembershipCategory.id).where(
        MembershipCategory.name == values["name"], MembershipCategory.id != category.id
    )
    if db.session.scalar(taken):
        raise Conflict(
            _("a membership is already named %(name)s", name=values["name"]),
            code="membership_category_exists",
        )
    write_transaction()
    for name, value in values.items():
        setattr(category, name, value)
    db.session.flush()
    return category


def delete_category(category: MembershipCategory) -> None:
    """Delete a category nobody bought; refused (409) once memberships of it were sold
    (take it off sale instead)."""
    sold = sa.select(Membership.id).where(Membership.category_id == category.id).limit(1)
    if db.session.scalar(sold):
        raise Conflict(
            _(
                "memberships of %(name)s were sold: it cannot be deleted; untick On sale instead",
                name=category.name,
            ),
            code="membership_category_in_use",
        )
    write_transaction()
    db.session.delete(category)
    db.session.flush()
