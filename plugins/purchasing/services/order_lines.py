"""Changing a draft order's lines: add a product, change a line's quantity or cost,
remove a line. Only while the order is a draft: once sent, the supplier has the order as
it was (409 ``purchase_order_status``).

Each change first moves the order's ``updated_at`` with a guarded ``UPDATE ... WHERE
status = 'draft'``: it locks the order's row, so a change and a send at the same instant
happen one after the other, and a change after the send is refused.
"""

from __future__ import annotations

import typing as t

import sqlalchemy as sa
from flask_babel import gettext as _

from core.plugins import Conflict, Invalid, NotFound, audit, db, get_products, utcnow
from core.plugins import write_transaction as lock_for_writing

from ..models import PurchaseOrder, PurchaseOrderLine, SupplierProduct
from .common import text
from .orders import _is_now, get_order


def _draft_locked(order_id: int) -> PurchaseOrder:
    order = get_order(order_id)
    lock_for_writing()
    changed = db.session.execute(
        sa.update(PurchaseOrder)
        .where(PurchaseOrder.id == order.id, PurchaseOrder.status == "draft")
        .values(updated_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.refresh(order)
    if changed != 1:
        raise _is_now(order)
    return order


def _line(order: PurchaseOrder, line_id: int) -> PurchaseOrderLine:
    line = next((line for line in order.lines if line.id == line_id), None)
    if line is None:
        raise NotFound(_("line %(id)s is not on this order", id=line_id), code="unknown_order_line")
    return line


def add_line(order_id: int, values: dict[str, t.Any]) -> PurchaseOrder:
    """A product more on a draft; its cost as when drafting (the supplier's offer, else
    the product's). 409 ``duplicate`` when the product is on the order already: change
    that line's quantity."""
    order = _draft_locked(order_id)
    product = get_products([values["product_id"]]).get(values["product_id"])
    if product is None:
        raise Invalid(_("no product %(id)s", id=values["product_id"]), field="product_id")
    if any(line.product_id == product.id for line in order.lines):
        raise Conflict(
            _("%(name)s is on the order already: change its quantity", name=product.name),
            code="duplicate",
            field="product_id",
        )
    offer = db.session.scalar(
        sa.select(SupplierProduct).where(
            SupplierProduct.supplier_id == order.supplier_id,
            SupplierProduct.product_id == product.id,
        )
    )
    cost = values.get("unit_cost")
    if cost is None:
        cost = offer.cost if offer is not None and offer.cost is not None else product.cost
    if cost is None:
        raise Invalid(
            _("the cost of %(name)s is not known: give it", name=product.name), field="unit_cost"
        )
    line = PurchaseOrderLine(
        order_id=order.id,
        product_id=product.id,
        sku=product.sku,
        name=product.name,
        supplier_reference=offer.reference if offer is not None else "",
        quantity=values["quantity"],
        unit_cost=cost,
    )
    db.session.add(line)
    db.session.flush()
    db.session.refresh(order)
    audit(
        "purchasing.order.line_added",
        f"purchase_order:{order.id}",
        {"product": product.name, "quantity": text(line.quantity), "unit_cost": cost},
    )
    return order


def change_line(order_id: int, line_id: int, values: dict[str, t.Any]) -> PurchaseOrder:
    """A draft line's ``quantity`` and/or ``unit_cost``."""
    order = _draft_locked(order_id)
    line = _line(order, line_id)
    changes: dict[str, list[t.Any]] = {}
    if values.get("quantity") is not None and values["quantity"] != line.quantity:
        changes["quantity"] = [text(line.quantity), text(values["quantity"])]
        line.quantity = values["quantity"]
    if values.get("unit_cost") is not None and values["unit_cost"] != line.unit_cost:
        changes["unit_cost"] = [line.unit_cost, values["unit_cost"]]
        line.unit_cost = values["unit_cost"]
    db.session.flush()
    if changes:
        audit(
            "purchasing.order.line_changed",
            f"purchase_order:{order.id}",
            {"product": line.name, **changes},
        )
    return order


def remove_line(order_id: int, line_id: int) -> PurchaseOrder:
    """Take a line off a draft; the last line stays (cancel the order instead): 409
    ``last_line``."""
    order = _draft_locked(order_id)
    line = _line(order, line_id)
    if len(order.lines) == 1:
        raise Conflict(
            _("an order needs at least one line: cancel the order instead"), code="last_line"
        )
    name = line.name
    db.session.delete(line)
    db.session.flush()
    db.session.expire(order, ["lines"])
    audit("purchasing.order.line_removed", f"purchase_order:{order.id}", {"product": name})
    return order
