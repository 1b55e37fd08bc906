"""Reorder points and reorder suggestions.

A product is suggested at a location when what it will have when an order sent today
arrives (stock, plus what is already on order, less what it sells during the
supplier's lead time) falls to its reorder point or below. The suggested quantity
brings it back above the point, at least the reorder quantity, rounded up to whole
packs. Fast sellers (units sold per day over the window) come first.
"""

from __future__ import annotations

import datetime as dt
import typing as t
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal

import sqlalchemy as sa
from flask_babel import gettext as _

from core.plugins import (
    Conflict,
    Invalid,
    NotFound,
    ProductView,
    audit,
    db,
    get_product,
    get_products,
    product_sales,
    stock_at,
    utcnow,
    write_transaction,
)

from ..models import ReorderPoint, Supplier, SupplierProduct
from .common import check_location, text
from .orders import create_order, on_order
from .suppliers import best_offer

ZERO = Decimal("0")


def reorder_points(location_id: int | None = None) -> list[ReorderPoint]:
    stmt = sa.select(ReorderPoint).order_by(ReorderPoint.location_id, ReorderPoint.product_id)
    if location_id is not None:
        stmt = stmt.where(ReorderPoint.location_id == location_id)
    return list(db.session.scalars(stmt))


def set_reorder_point(values: dict[str, t.Any]) -> ReorderPoint:
    """Add or change the reorder point and quantity of a product at a location."""
    product_id, location_id = values["product_id"], values["location_id"]
    if get_product(product_id) is None:
        raise NotFound(_("no product %(id)s", id=product_id), field="product_id")
    check_location(location_id)
    write_transaction()
    row = db.session.scalar(
        sa.select(ReorderPoint).where(
            ReorderPoint.product_id == product_id, ReorderPoint.location_id == location_id
        )
    )
    before = [None, None] if row is None else [row.reorder_point, row.reorder_quantity]
    if row is None:
        row = ReorderPoint(product_id=product_id, location_id=location_id)
        db.session.add(row)
    row.reorder_point = values["reorder_point"]
    row.reorder_quantity = values["reorder_quantity"]
    db.session.flush()
    audit(
        "purchasing.reorder_point",
        f"product:{product_id}",
        {
            "location": location_id,
            "reorder_point": [_text(before[0]), text(row.reorder_point)],
            "reorder_quantity": [_text(before[1]), text(row.reorder_quantity)],
        },
    )
    return row


def remove_reorder_point(product_id: int, location_id: int) -> None:
    row = db.session.scalar(
        sa.select(ReorderPoint).where(
            ReorderPoint.product_id == product_id, ReorderPoint.location_id == location_id
        )
    )
    if row is None:
        raise NotFound(_("no reorder point for product %(id)s here", id=product_id))
    write_transaction()
    db.session.delete(row)
    audit(
        "purchasing.reorder_point",
        f"product:{product_id}",
        {"location": location_id, "reorder_point": [text(row.reorder_point), None]},
    )


def _text(value: Decimal | None) -> str | None:
    return None if value is None else text(value)


@dataclass
class Suggestion:
    """One product to reorder at one location."""

    product: ProductView
    location_id: int
    stock: Decimal
    on_order: Decimal
    reorder_point: Decimal
    reorder_quantity: Decimal
    #: Units sold per day over the window (net of refunds).
    velocity: Decimal
    #: Days the stock and what is on order last at that pace (``None``: not selling).
    days_of_cover: Decimal | None
    quantity: Decimal
    pack_size: Decimal
    unit_cost: int | None
    offer: SupplierProduct | None

    @property
    def product_id(self) -> int:
        return self.product.id

    @property
    def supplier_id(self) -> int | None:
        return self.offer.supplier_id if self.offer is not None else None

    @property
    def supplier_reference(self) -> str:
        return self.offer.reference if self.offer is not None else ""

    @property
    def packs(self) -> Decimal:
        return (self.quantity / self.pack_size).quantize(Decimal("1"), ROUND_CEILING)

    @property
    def total(self) -> int:
        cost = self.unit_cost or 0
        return int((self.quantity * cost).quantize(Decimal("1"), "ROUND_HALF_UP"))


@dataclass
class SupplierGroup:
    """The suggestions to order from one supplier (``supplier`` is ``None`` for the
    products no active supplier sells)."""

    supplier: Supplier | None
    suggestions: list[Suggestion] = field(default_factory=list)

    @property
    def supplier_id(self) -> int | None:
        return self.supplier.id if self.supplier is not None else None

    @property
    def total(self) -> int:
        return sum(item.total for item in self.suggestions)


def _round_up(quantity: Decimal, pack: Decimal) -> Decimal:
    packs = (quantity / pack).quantize(Decimal("1"), ROUND_CEILING)
    return max(packs, Decimal("1")) * pack


def suggestions(location_id: int, window_days: int) -> list[Suggestion]:
    """What to reorder at ``location_id``, fast sellers first (then the fewest days of
    cover, then by name); sales velocity over the last ``window_days`` days."""
    check_location(location_id)
    if not 1 <= window_days <= 365:
        raise Invalid(_("the window is 1 to 365 days"), field="days")
    points = {row.product_id: row for row in reorder_points(location_id)}
    if not points:
        return []
    ids = list(points)
    products = get_products(ids)
    stock = stock_at(ids, location_id)
    coming = on_order(ids, location_id)
    since = utcnow() - dt.timedelta(days=window_days)
    sold = product_sales(ids, since, location_id=location_id)
    offers: dict[int, list[SupplierProduct]] = {}
    for offer in db.session.scalars(
        sa.select(SupplierProduct).where(SupplierProduct.product_id.in_(ids))
    ):
        offers.setdefault(offer.product_id, []).append(offer)
    found = []
    for product_id, point in points.items():
        product = products.get(product_id)
        if product is None or not product.active:
            continue
        offer = best_offer(offers.get(product_id, []))
        velocity = (sold[product_id] / window_days).quantize(Decimal("0.001"))
        lead_days = offer.supplier.lead_time_days if offer is not None else 0
        available = stock[product_id] + coming.get(product_id, ZERO)
        expected = available - velocity * lead_days
        if expected > point.reorder_point:
            continue
        need = max(point.reorder_point - expected, point.reorder_quantity, Decimal("0.001"))
        pack = offer.pack_size if offer is not None and offer.pack_size > 0 else Decimal("1")
        cost = offer.cost if offer is not None and offer.cost is not None else product.cost
        found.append(
            Suggestion(
                product=product,
                location_id=location_id,
                stock=stock[product_id],
                on_order=coming.get(product_id, ZERO),
                reorder_point=point.reorder_point,
                reorder_quantity=point.reorder_quantity,
                velocity=velocity,
                days_of_cover=(
                    (max(available, ZERO) / velocity).quantize(Decimal("0.1")) if velocity else None
                ),
                quantity=_round_up(need, pack),
                pack_size=pack,
                unit_cost=cost,
                offer=offer,
            )
        )
    found.sort(
        key=lambda s: (
            -s.velocity,
            s.days_of_cover if s.days_of_cover is not None else Decimal("Infinity"),
            s.product.name.lower(),
        )
    )
    return found


def by_supplier(found: list[Suggestion]) -> list[SupplierGroup]:
    """The suggestions grouped by supplier, each group in the ranking's order; groups by
    supplier name, the products without a supplier last."""
    groups: dict[int | None, SupplierGroup] = {}
    for item in found:
        key = item.supplier_id
        if key not in groups:
            groups[key] = SupplierGroup(item.offer.supplier if item.offer is not None else None)
        groups[key].suggestions.append(item)
    return sorted(
        groups.values(),
        key=lambda group: (
            group.supplier is None,
            group.supplier.name.lower() if group.supplier else "",
        ),
    )


def create_orders(
    location_id: int, window_days: int, supplier_ids: t.Collection[int] | None = None
) -> list:
    """Draft one purchase order per supplier from the suggestions (of the suppliers
    named, or all); products without a supplier are left for the merchant."""
    groups = by_supplier(suggestions(location_id, window_days))
    orders = []
    for group in groups:
        if group.supplier is None:
            continue
        if supplier_ids is not None and group.supplier.id not in supplier_ids:
            continue
        lines = [
            {"product_id": item.product_id, "quantity": item.quantity, "unit_cost": item.unit_cost}
            for item in group.suggestions
            if item.unit_cost is not None
        ]
        if lines:
            orders.append(
                create_order(
                    {"supplier_id": group.supplier.id, "location_id": location_id, "lines": lines}
                )
            )
    if not orders:
        # A valid request at a moment with nothing to order: the shop's state, not the input.
        raise Conflict(_("nothing to order from these suppliers"), code="nothing_to_order")
    return orders
