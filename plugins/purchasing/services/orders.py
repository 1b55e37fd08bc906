"""Purchase orders: drafted, sent, received in one or more parts, or cancelled.

Receiving is safe under concurrency: the order's row is locked first (two deliveries
of one order are booked one after the other) and each line's received quantity only
grows through a guarded ``UPDATE`` that refuses to pass what was ordered, so two
clerks booking the same delivery at once never take in more than the order.
"""

from __future__ import annotations

import typing as t
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from core.plugins import (
    Conflict,
    Invalid,
    NotFound,
    audit,
    db,
    get_products,
    get_settings,
    move_stock,
    set_product_cost,
    utcnow,
    write_transaction,
)

from ..models import PurchaseOrder, PurchaseOrderLine, PurchaseReceipt, SupplierProduct
from .common import check_location, text, user_id
from .suppliers import get_supplier

OPEN = ("draft", "sent", "partly_received")

#: An order's status in a sentence ("purchase order PO-3 is cancelled").
STATUS_WORDS = {
    "draft": _l("a draft"),
    "sent": _l("sent"),
    "partly_received": _l("partly received"),
    "received": _l("received"),
    "cancelled": _l("cancelled"),
}


def _is_now(order: PurchaseOrder) -> Conflict:
    return Conflict(
        _(
            "purchase order %(ref)s is %(status)s",
            ref=order.reference,
            status=STATUS_WORDS.get(order.status, order.status),
        ),
        code="purchase_order_status",
    )


RECEIVABLE = ("sent", "partly_received")


def list_orders(
    *, status: str | None = None, supplier_id: int | None = None, limit: int = 50, offset: int = 0
) -> tuple[list[PurchaseOrder], int]:
    stmt = sa.select(PurchaseOrder)
    if status is not None:
        stmt = stmt.where(PurchaseOrder.status == status)
    if supplier_id is not None:
        stmt = stmt.where(PurchaseOrder.supplier_id == supplier_id)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery())) or 0
    rows = db.session.scalars(
        stmt.order_by(PurchaseOrder.id.desc()).limit(limit).offset(offset)
    ).all()
    return list(rows), total


def get_order(order_id: int) -> PurchaseOrder:
    order = db.session.get(PurchaseOrder, order_id)
    if order is None:
        raise NotFound(_("no purchase order %(id)s", id=order_id), code="unknown_purchase_order")
    return order


def create_order(values: dict[str, t.Any]) -> PurchaseOrder:
    """A draft order. A line without ``unit_cost`` costs what the supplier's offer says,
    else the product's cost; one with neither is refused."""
    supplier = get_supplier(values["supplier_id"])
    if not supplier.active:
        raise Invalid(_("this supplier is no longer active"), field="supplier_id")
    check_location(values["location_id"])
    items = values["lines"]
    if not items:
        raise Invalid(_("an order needs at least one line"), field="lines")
    products = get_products(item["product_id"] for item in items)
    offers = {
        offer.product_id: offer
        for offer in db.session.scalars(
            sa.select(SupplierProduct).where(
                SupplierProduct.supplier_id == supplier.id,
                SupplierProduct.product_id.in_(list(products)),
            )
        )
    }
    lines = []
    for index, item in enumerate(items):
        product = products.get(item["product_id"])
        if product is None:
            raise Invalid(
                _("no product %(id)s", id=item["product_id"]), field=f"lines.{index}.product_id"
            )
        offer = offers.get(product.id)
        cost = item.get("unit_cost")
        if cost is None:
            cost = offer.cost if offer is not None and offer.cost is not None else product.cost
        if cost is None:
            raise Invalid(
                _("the cost of %(name)s is not known: give it", name=product.name),
                field=f"lines.{index}.unit_cost",
            )
        lines.append(
            PurchaseOrderLine(
                product_id=product.id,
                sku=product.sku,
                name=product.name,
                supplier_reference=offer.reference if offer is not None else "",
                quantity=item["quantity"],
                unit_cost=cost,
            )
        )
    write_transaction()
    order = PurchaseOrder(
        supplier_id=supplier.id,
        location_id=values["location_id"],
        note=values.get("note", ""),
        user_id=user_id(),
        lines=lines,
    )
    db.session.add(order)
    db.session.flush()
    audit(
        "purchasing.order.created",
        f"purchase_order:{order.id}",
        {"supplier": supplier.name, "lines": len(lines), "total": order.total},
    )
    return order


def _move(order: PurchaseOrder, allowed: tuple[str, ...], new_status: str) -> PurchaseOrder:
    """Change an order's status, guarded in SQL so that two clicks cannot both pass."""
    write_transaction()
    moved = db.session.execute(
        sa.update(PurchaseOrder)
        .where(PurchaseOrder.id == order.id, PurchaseOrder.status.in_(allowed))
        .values(status=new_status, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        db.session.refresh(order)
        raise _is_now(order)
    db.session.refresh(order)
    return order


def send_order(order_id: int) -> PurchaseOrder:
    """Mark a draft as sent to the supplier (its PDF and CSV are what is sent)."""
    order = _move(get_order(order_id), ("draft",), "sent")
    order.sent_at = utcnow()
    db.session.flush()
    audit("purchasing.order.sent", f"purchase_order:{order.id}", {"status": ["draft", "sent"]})
    return order


def cancel_order(order_id: int) -> PurchaseOrder:
    """Give an order up: what was received stays in stock; nothing more is expected."""
    order = get_order(order_id)
    before = order.status
    order = _move(order, OPEN, "cancelled")
    order.cancelled_at = utcnow()
    db.session.flush()
    audit(
        "purchasing.order.cancelled",
        f"purchase_order:{order.id}",
        {"status": [before, "cancelled"]},
    )
    return order


_RECEIVE_LINE = (
    sa.update(PurchaseOrderLine)
    .where(
        PurchaseOrderLine.id == sa.bindparam("line_key"),
        PurchaseOrderLine.order_id == sa.bindparam("order_key"),
        PurchaseOrderLine.received_quantity + sa.bindparam("amount") <= PurchaseOrderLine.quantity,
    )
    .values(received_quantity=PurchaseOrderLine.received_quantity + sa.bindparam("amount"))
    .execution_options(synchronize_session=False)
)


def _already_booked(order: PurchaseOrder, receipt_id: str | None) -> bool:
    """Whether the delivery ``receipt_id`` was booked on this order (a retry); 409
    ``receipt_id_taken`` when it was booked on another."""
    if receipt_id is None:
        return False
    booked = db.session.get(PurchaseReceipt, receipt_id, populate_existing=True)
    if booked is None:
        return False
    if booked.order_id != order.id:
        raise Conflict(
            _("this delivery was booked on another purchase order"), code="receipt_id_taken"
        )
    return True


def receive_order(
    order_id: int,
    items: list[dict[str, t.Any]],
    note: str = "",
    receipt_id: str | None = None,
) -> PurchaseOrder:
    """Take goods in: each item names a line and the quantity that came (all that is
    still expected when ``items`` is empty), optionally at another ``unit_cost`` (the
    invoice's). Stock comes in at the order's location with reason ``receipt`` and
    reference ``PO-<id>``; the product's cost follows (settings: last price or moving
    average). Refused whole, with nothing written, when a line would pass its order.

    ``receipt_id``, the client's id for the delivery, makes it idempotent: a retry (a
    network error after the server booked it) is answered with the order as it is, and
    books nothing again, even when the order is now received in full.
    """
    order = get_order(order_id)
    if _already_booked(order, receipt_id):
        return order
    if order.status not in RECEIVABLE:
        raise _is_now(order)
    lines = {line.id: line for line in order.lines}
    if not items:
        items = [
            {"line_id": line.id, "quantity": line.outstanding}
            for line in order.lines
            if line.outstanding > 0
        ]
    seen: set[int] = set()
    for index, item in enumerate(items):
        if item["line_id"] not in lines:
            raise Invalid(
                _("line %(id)s is not on this order", id=item["line_id"]),
                field=f"lines.{index}.line_id",
            )
        if item["line_id"] in seen:
            raise Invalid(_("a line is given twice"), field=f"lines.{index}.line_id")
        seen.add(item["line_id"])
    costs = {item["line_id"]: item.get("unit_cost") for item in items}
    write_transaction()
    # The order's row lock puts two receipts of one order one after the other.
    locked = db.session.execute(
        sa.update(PurchaseOrder)
        .where(PurchaseOrder.id == order.id, PurchaseOrder.status.in_(RECEIVABLE))
        .values(updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    # Under the lock: the same delivery sent twice at once was booked by the first.
    if _already_booked(order, receipt_id):
        db.session.refresh(order)
        return order
    if locked.rowcount != 1:
        raise Conflict(
            _("purchase order %(ref)s is closed", ref=order.reference), code="purchase_order_status"
        )
    if receipt_id is not None:
        db.session.add(PurchaseReceipt(id=receipt_id, order_id=order.id, user_id=user_id()))
        db.session.flush()
    method = get_settings("purchasing")["cost_method"]
    who = user_id()
    received = {}
    for index, item in enumerate(items):
        line = lines[item["line_id"]]
        quantity = Decimal(item["quantity"])
        done = db.session.execute(
            _RECEIVE_LINE, {"line_key": line.id, "order_key": order.id, "amount": quantity}
        )
        if done.rowcount != 1:
            raise Conflict(
                _("more of %(name)s than was ordered and not yet received", name=line.name),
                code="above_ordered",
                field=f"lines.{index}.quantity",
            )
        level = move_stock(
            line.product_id,
            order.location_id,
            quantity,
            reason="receipt",
            reference=order.reference,
            note=note,
            user_id=who,
        )
        cost = costs[line.id] if costs[line.id] is not None else line.unit_cost
        _update_cost(line.product_id, cost, quantity, level, method, who)
        received[line.name] = text(quantity)
    db.session.refresh(order)
    for line in order.lines:
        db.session.refresh(line)
    complete = all(line.outstanding <= 0 for line in order.lines)
    order.status = "received" if complete else "partly_received"
    if complete:
        order.received_at = utcnow()
    db.session.flush()
    audit("purchasing.order.received", f"purchase_order:{order.id}", {"received": received})
    return order


def _update_cost(
    product_id: int, cost: int, quantity: Decimal, level: Decimal, method: str, who: int | None
) -> None:
    """``last``: the product costs what was just paid. ``average``: the moving average of
    the stock on hand before the receipt and the goods received."""
    if method == "average":
        before = level - quantity
        current = get_products([product_id])[product_id].cost
        if current is not None and before > 0:
            cost = int(
                ((before * current + quantity * cost) / level).quantize(
                    Decimal("1"), "ROUND_HALF_UP"
                )
            )
    set_product_cost(product_id, cost, who)


def on_order(product_ids: t.Iterable[int], location_id: int) -> dict[int, Decimal]:
    """Units ordered and not yet received (drafts included), per product, for one
    location: a reorder suggestion counts them as coming."""
    rows = db.session.execute(
        sa.select(
            PurchaseOrderLine.product_id,
            sa.func.sum(PurchaseOrderLine.quantity - PurchaseOrderLine.received_quantity),
        )
        .join(PurchaseOrder)
        .where(
            PurchaseOrder.status.in_(OPEN),
            PurchaseOrder.location_id == location_id,
            PurchaseOrderLine.product_id.in_(list(product_ids)),
        )
        .group_by(PurchaseOrderLine.product_id)
    )
    return {product_id: Decimal(str(quantity)) for product_id, quantity in rows}
