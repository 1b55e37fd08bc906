"""Paying a table: its order becomes core sales through the normal sale path.

The device asks for a bill (the whole table, one seat, or chosen lines) and gets the
body of ``POST /api/v1/sales`` without its payments: the products, a
``restaurant_modifier`` line for each priced modifier, and ``plugin_data.restaurant``
naming the order and its lines. It adds the payments (several, for equal parts) and
posts it. Inside the sale's transaction :func:`mark_paid` sets each line's paid marker
with one guarded ``UPDATE``: a line is paid by one sale only, so two devices paying the
same lines at once see exactly one sale go through; the other is refused and rolls
back whole.
"""

from __future__ import annotations

import typing as t
from collections import Counter
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _

from core.plugins import (
    Invalid,
    Problem,
    Rejected,
    call_hook,
    db,
    decimal_text,
    get_product,
    get_products,
    list_registers,
    quote_sale,
    utcnow,
)

from . import orders, pricing
from .models import Order, OrderLine, OrderSale
from .tips.lines import CODE as TIP

NAME = "restaurant"


def unpaid_lines(order: Order) -> list[OrderLine]:
    return [line for line in orders.lines_of(order) if line.sale_id is None and line.quantity > 0]


def bill(order_id: int, seat: int | None = None, line_ids: list[int] | None = None) -> dict:
    """The sale body for the order's unpaid lines (of one seat, or the lines named),
    with ``expected_total``: what it comes to at the catalog's prices, before any
    discount (quote the body for the exact total)."""
    order = orders.get_order(order_id)
    if order.status != "open":
        raise orders.OrderClosed(_("this order is closed"))
    lines = unpaid_lines(order)
    if seat is not None:
        lines = [line for line in lines if line.seat == seat]
    if line_ids is not None:
        wanted = set(line_ids)
        lines = [line for line in lines if line.id in wanted]
        if len(lines) != len(wanted):
            raise Invalid(_("some of these lines are paid or not on the order"), field="line_ids")
    if not lines:
        raise Invalid(_("nothing left to pay here"), field="seat" if seat is not None else None)
    products = get_products(line.product_id for line in lines)
    body_lines: list[dict[str, t.Any]] = []
    expected = 0
    for line in lines:
        quantity = decimal_text(line.quantity)
        body_lines.append({"product_id": line.product_id, "quantity": quantity})
        product = products.get(line.product_id)
        expected += _times(product.price if product else 0, line.quantity)
        for modifier in line.modifiers or []:
            if modifier["price"]:
                body_lines.append(
                    {
                        "restaurant_modifier": {
                            "order_line_id": line.id,
                            "modifier_id": modifier["id"],
                        },
                        "quantity": quantity,
                    }
                )
                expected += _times(modifier["price"], line.quantity)
    return {
        "order_id": order.id,
        "version": order.version,
        # Who a tip of this bill goes to unless the till says otherwise: the table's waiter.
        "waiter_id": order.opened_by,
        "expected_total": expected,
        "body": {
            "lines": body_lines,
            "plugin_data": {NAME: pricing.bill_data(order, [x.id for x in lines])},
        },
    }


def _times(amount: int, quantity: Decimal) -> int:
    return int((Decimal(amount) * quantity).to_integral_value())


def priced_parts(body: dict, parts: int, register_id: int | None = None) -> dict[str, t.Any]:
    """What the sale ``body`` will charge at the register ``register_id`` (else the first
    active one), priced as the sale will be (promotions, surcharges, taxes on tax-exclusive
    prices), and in ``parts`` equal payments: catalog prices would leave the parts short
    of, or over, what is charged."""
    if register_id is None:
        register_id = next((r.id for r in list_registers() if r.active), None)
    if register_id is None:
        raise Invalid(_("no active register to price the bill"), field="register_id")
    quoted = quote_sale({**body, "register_id": register_id})
    return {
        "total": quoted["total"],
        "cash_total": quoted["cash_total"],
        "parts": equal_parts(quoted["total"], parts),
        "cash_parts": equal_parts(quoted["cash_total"], parts),
    }


def equal_parts(total: int, parts: int) -> list[int]:
    """``total`` in ``parts`` payments that differ by a cent at most and add up exactly
    (the first ones take the odd cents)."""
    if parts < 1:
        raise Invalid(_("at least one part"), field="parts")
    share, rest = divmod(total, parts)
    return [share + (1 if index < rest else 0) for index in range(parts)]


def validate_cart(cart: t.Any) -> list[Problem]:
    """Before anything is written: the order is open, the lines are its own and unpaid,
    and the cart sells at least what they hold (a bill cannot mark lines paid that the
    customer did not pay for)."""
    data = cart.plugin_data.get(NAME)
    modifiers = [line for line in cart.lines if line.kind == "restaurant_modifier"]
    paid_with = set(data.get("line_ids") or []) if data else set()
    if any(line.data.get("order_line_id") not in paid_with for line in modifiers):
        # A priced modifier is sold with the order line it belongs to, never alone.
        return [
            Problem(
                "modifier_without_line",
                _("a modifier is paid with its order line"),
                "plugin_data.restaurant",
            )
        ]
    if not data or "order_id" not in data:
        return []
    order = db.session.get(Order, data["order_id"])
    if order is None or order.status != "open":
        return [Problem("order_closed", _("this order is closed"), "plugin_data.restaurant")]
    ids = set(data["line_ids"])
    lines = [line for line in unpaid_lines(order) if line.id in ids]
    if len(lines) != len(ids):
        return [
            Problem(
                "order_paid",
                _("some of these lines are paid or not on the order"),
                "plugin_data.restaurant.line_ids",
            )
        ]
    needed: Counter[int] = Counter()
    for line in lines:
        needed[line.product_id] += line.quantity
    sold: Counter[int] = Counter()
    for cart_line in cart.lines:
        if cart_line.kind == "product" and cart_line.product is not None:
            sold[cart_line.product.id] += cart_line.quantity
    if any(sold[product_id] < quantity for product_id, quantity in needed.items()):
        return [
            Problem(
                "bill_incomplete",
                _("the sale does not hold every item of the lines it pays"),
                "lines",
            )
        ]
    return []


def validate_tips(cart: t.Any) -> list[Problem]:
    """A tip is one line of its amount (a quantity would multiply it unseen)."""
    return [
        Problem("tip_quantity", _("a tip is sold once, its amount given"), f"lines.{line.key}")
        for line in cart.lines
        if line.kind == TIP and line.quantity != 1
    ]


def mark_paid(sale: t.Any, cart: t.Any) -> None:
    """Inside the sale's transaction: mark the lines paid by this sale, once."""
    data = cart.plugin_data.get(NAME)
    if not data or "order_id" not in data:
        return
    order_id, ids = data["order_id"], sorted(set(data["line_ids"]))
    # The order's row first: payments of one order take their turn, and devices holding
    # the old version learn that something changed.
    db.session.execute(
        sa.update(Order)
        .where(Order.id == order_id)
        .values(version=Order.version + 1)
        .execution_options(synchronize_session=False)
    )
    marked = db.session.execute(
        sa.update(OrderLine)
        .where(
            OrderLine.id.in_(ids),
            OrderLine.order_id == order_id,
            OrderLine.sale_id.is_(None),
            OrderLine.quantity > 0,
        )
        .values(sale_id=sale.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    if marked != len(ids):
        raise Rejected(_("these lines were paid meanwhile"), code="order_paid")
    db.session.add(
        OrderSale(
            sale_id=sale.id,
            order_id=order_id,
            # What the table spent: its tips are the staff's.
            total=sale.total - sum(line.total for line in sale.lines if line.kind == "tip"),
            user_id=sale.user_id,
        )
    )
    db.session.flush()
    left = db.session.scalar(
        sa.select(sa.func.count(OrderLine.id)).where(
            OrderLine.order_id == order_id, OrderLine.sale_id.is_(None), OrderLine.quantity > 0
        )
    )
    if left == 0:
        order = db.session.get(Order, order_id)
        db.session.refresh(order)
        order.status = "paid"
        order.open_table_id = None
        order.closed_at = utcnow()
        db.session.flush()
        sale_ids = list(
            db.session.scalars(
                sa.select(OrderSale.sale_id)
                .where(OrderSale.order_id == order_id)
                .order_by(OrderSale.created_at, OrderSale.sale_id)
            )
        )
        sale_ids.remove(sale.id)
        call_hook("restaurant_order_paid", order_id=order_id, sale_ids=[*sale_ids, sale.id])


def modifier_price(payload: dict) -> tuple[str, int, Decimal]:
    """A priced modifier's line: its name, unit price and the item's tax rate."""
    line = db.session.get(OrderLine, payload["order_line_id"])
    chosen = None
    if line is not None:
        chosen = next((m for m in line.modifiers if m["id"] == payload["modifier_id"]), None)
    if line is None or chosen is None:
        raise Rejected(_("no such modifier on the order"), code="unknown_modifier")
    product = get_product(line.product_id)
    if product is None:
        raise Rejected(_("no such modifier on the order"), code="unknown_modifier")
    return chosen["name"], chosen["price"], product.tax_rate
