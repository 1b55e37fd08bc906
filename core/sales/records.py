"""Read-only views of sales and refunds for plugins, and the reads that return them.

Hooks receive these (``pos_sale_completing``, ``pos_receipt_sections``, a payment method's
``apply``...), never the models, so the core may change its tables freely. Every value is
frozen except the ``data`` dicts of lines and payments, which are the plugins' own: a
change made to one inside ``pos_sale_completing`` (or a refund's hook) is saved with the
sale.
"""

from __future__ import annotations

import datetime as dt
import typing as t
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType

import sqlalchemy as sa

from ..db import db
from ..paging import Page
from .models import Payment, Refund, RefundLine, RefundPayment, Sale, SaleLine


def receipt_number(register_code: str, number: int) -> str:
    """What is printed on receipts and typed to find a sale: ``R1-000042``."""
    return f"{register_code}-{number:06d}"


@dataclass(frozen=True, slots=True)
class SaleLineView:
    """One line as sold. Money in minor units: ``base`` is ``unit_price`` x ``quantity``,
    ``discount`` all the money taken off, ``total`` what the customer paid (tax included),
    ``net`` and ``tax`` its parts. ``kind`` is ``product`` or a plugin's kind; ``source``
    names the plugin that added the line on the server (``pos_add_lines``, a surcharge),
    ``for_line`` the position of the line it was added for. ``adjustments`` are the plugin
    discounts applied, as ``{"amount", "label", "source"}``. ``data`` is the plugins' dict.

    Example::

        @hookimpl
        def pos_sale_completing(sale, cart, store):
            for line in sale.lines:
                if line.kind == "gift_card":
                    line.data["code"] = issue_card(line.total)  # kept on the line
    """

    id: int
    position: int
    kind: str
    product_id: int | None
    sku: str
    name: str
    barcode: str | None
    quantity: Decimal
    unit_price: int
    base: int
    adjustments: tuple[t.Mapping[str, t.Any], ...]
    line_discount: int
    cart_discount: int
    discount: int
    total: int
    net: int
    tax: int
    tax_rate: Decimal
    refunded_quantity: Decimal
    source: str | None
    for_line: int | None
    data: dict[str, t.Any] = field(hash=False, compare=False)


@dataclass(frozen=True, slots=True)
class PaymentView:
    """A tender: ``amount`` (negative when money was handed out), the ``fields`` the
    method keeps (masked ones as ``****WXYZ``), and ``data``, the method's own record.

    Example::

        paid_by_card = sum(p.amount for p in sale.payments if p.method == "gift_card")
    """

    id: int
    position: int
    method: str
    amount: int
    fields: t.Mapping[str, t.Any]
    data: dict[str, t.Any] = field(hash=False, compare=False)


@dataclass(frozen=True, slots=True)
class SaleTaxView:
    """One row of the tax breakdown: every line at ``rate`` (a percent).

    Example::

        vat = {str(row.rate): row.tax for row in sale.taxes}
    """

    rate: Decimal
    base: int
    tax: int
    total: int


@dataclass(frozen=True, slots=True)
class RefundLineView:
    """How much of a sale line came back, and the money for it.

    Example::

        refunded = {line.sale_line_id: line.total for line in refund.lines}
    """

    id: int
    sale_line_id: int
    quantity: Decimal
    total: int
    net: int
    tax: int
    tax_rate: Decimal


@dataclass(frozen=True, slots=True)
class RefundPaymentView(PaymentView):
    """Money handed back on a method (negative when a void takes back money a sale had
    handed out); the same values as a :class:`PaymentView`.

    Example::

        on_cards = [p for p in refund.payments if p.method == "gift_card"]
    """


@dataclass(frozen=True, slots=True)
class RefundView:
    """A refund or a void (``kind``) of the sale ``sale_id``; ``sale`` is that sale when
    a hook is given the refund (``None`` in ``SaleView.refunds``).

    Example::

        @hookimpl
        def pos_refund_completing(refund, sale, store):
            earned_lines = {line.id for line in sale.lines if line.product_id is not None}
            back = sum(line.total for line in refund.lines if line.sale_line_id in earned_lines)
            ...
    """

    id: str
    sale_id: str
    kind: str
    number: int
    receipt_number: str
    register_id: int
    cash_session_id: int | None
    user_id: int
    reason: str
    total: int
    net_total: int
    tax_total: int
    created_at: dt.datetime
    lines: tuple[RefundLineView, ...]
    payments: tuple[RefundPaymentView, ...]
    sale: SaleView | None = None


@dataclass(frozen=True, slots=True)
class SaleView:
    """A completed sale. Money in minor units of ``currency``; ``total`` may be negative
    (money handed out). ``status`` is ``completed`` or ``voided``. ``customer_id`` is set by
    a customer plugin; ``plugin_data`` holds each plugin's part of the cart
    (:class:`core.plugins.CartData`).

    Example, in a receipt section::

        @hookimpl
        def pos_receipt_sections(sale, store):
            bottles = sum(line.quantity for line in sale.lines if line.kind == "deposit")
            ...
    """

    id: str
    number: int
    receipt_number: str
    register_id: int
    register_code: str
    location_id: int
    cash_session_id: int | None
    user_id: int
    customer_id: int | None
    currency: str
    prices_include_tax: bool
    subtotal: int
    discount_total: int
    net_total: int
    tax_total: int
    total: int
    rounding: int
    paid_total: int
    change: int
    status: str
    completed_at: dt.datetime
    offline: bool
    plugin_data: t.Mapping[str, t.Any]
    #: Plugins' money off the whole cart, as applied: ``{"amount", "label", "source"}``.
    cart_adjustments: tuple[t.Mapping[str, t.Any], ...]
    lines: tuple[SaleLineView, ...]
    payments: tuple[PaymentView, ...]
    taxes: tuple[SaleTaxView, ...]
    refunds: tuple[RefundView, ...]


def _frozen(mapping: t.Mapping[str, t.Any] | None) -> t.Mapping[str, t.Any]:
    return MappingProxyType(dict(mapping or {}))


def line_view(line: SaleLine) -> SaleLineView:
    return SaleLineView(
        id=line.id,
        position=line.position,
        kind=line.kind,
        product_id=line.product_id,
        sku=line.sku,
        name=line.name,
        barcode=line.barcode,
        quantity=line.quantity,
        unit_price=line.unit_price,
        base=line.base,
        adjustments=tuple(_frozen(a) for a in line.adjustments or ()),
        line_discount=line.line_discount,
        cart_discount=line.cart_discount,
        discount=line.discount,
        total=line.total,
        net=line.net,
        tax=line.tax,
        tax_rate=line.tax_rate,
        refunded_quantity=line.refunded_quantity,
        source=line.source,
        for_line=line.for_line,
        data=dict(line.data or {}),
    )


def payment_view(
    payment: Payment | RefundPayment, position: int, cls: type[PaymentView] = PaymentView
) -> PaymentView:
    return cls(
        id=payment.id,
        position=position,
        method=payment.method,
        amount=payment.amount,
        fields=_frozen(payment.fields),
        data=dict(payment.data or {}),
    )


def refund_view(refund: Refund, *, with_sale: bool = True) -> RefundView:
    return RefundView(
        id=refund.id,
        sale_id=refund.sale_id,
        kind=refund.kind,
        number=refund.number,
        receipt_number=receipt_number(refund.register.code, refund.number),
        register_id=refund.register_id,
        cash_session_id=refund.cash_session_id,
        user_id=refund.user_id,
        reason=refund.reason,
        total=refund.total,
        net_total=refund.net_total,
        tax_total=refund.tax_total,
        created_at=refund.created_at,
        lines=tuple(
            RefundLineView(
                id=line.id,
                sale_line_id=line.sale_line_id,
                quantity=line.quantity,
                total=line.total,
                net=line.net,
                tax=line.tax,
                tax_rate=line.tax_rate,
            )
            for line in refund.lines
        ),
        payments=tuple(
            payment_view(payment, position, RefundPaymentView)
            for position, payment in enumerate(refund.payments)
        ),
        sale=sale_view(refund.sale) if with_sale else None,
    )


def sale_view(sale: Sale) -> SaleView:
    refunds = tuple(refund_view(refund, with_sale=False) for refund in sale.refunds)
    return SaleView(
        id=sale.id,
        number=sale.number,
        receipt_number=receipt_number(sale.register.code, sale.number),
        register_id=sale.register_id,
        register_code=sale.register.code,
        location_id=sale.location_id,
        cash_session_id=sale.cash_session_id,
        user_id=sale.user_id,
        customer_id=sale.customer_id,
        currency=sale.currency,
        prices_include_tax=sale.prices_include_tax,
        subtotal=sale.subtotal,
        discount_total=sale.discount_total,
        net_total=sale.net_total,
        tax_total=sale.tax_total,
        total=sale.total,
        rounding=sale.rounding,
        paid_total=sale.paid_total,
        change=sale.change,
        status="voided" if any(r.kind == "void" for r in refunds) else "completed",
        completed_at=sale.completed_at,
        offline=bool((sale.data or {}).get("offline")),
        plugin_data=_frozen(sale.plugin_data),
        cart_adjustments=tuple(_frozen(a) for a in (sale.data or {}).get("cart_adjustments", ())),
        lines=tuple(line_view(line) for line in sale.lines),
        payments=tuple(payment_view(p, position) for position, p in enumerate(sale.payments)),
        taxes=tuple(SaleTaxView(t_.rate, t_.base, t_.tax, t_.total) for t_ in sale.taxes),
        refunds=refunds,
    )


def save_plugin_data(
    rows: t.Sequence[SaleLine | Payment | RefundPayment], views: t.Sequence[t.Any]
) -> None:
    """Write back the ``data`` dicts that plugins changed in the views of ``rows``."""
    for row, view in zip(rows, views, strict=True):
        if view.data != (row.data or {}):
            row.data = dict(view.data)


# -- reads -----------------------------------------------------------------------------------


def get_sale(sale_id: str) -> SaleView | None:
    """The sale with this id, or ``None``.

    Example::

        sale = get_sale(sale_id)
        if sale is not None and sale.status == "voided":
            ...
    """
    sale = db.session.get(Sale, sale_id)
    return sale_view(sale) if sale is not None else None


def get_refund(refund_id: str) -> RefundView | None:
    """The refund or void with this id (with its sale), or ``None``.

    Example::

        refund = get_refund(refund_id)
    """
    refund = db.session.get(Refund, refund_id)
    return refund_view(refund) if refund is not None else None


def find_sales(
    *,
    customer_id: int | None = None,
    register_id: int | None = None,
    user_id: int | None = None,
    completed_from: dt.datetime | None = None,
    completed_to: dt.datetime | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Page:
    """Completed sales, newest first, filtered; a :class:`core.plugins.Page` of
    :class:`SaleView` (``items``) and how many match in all (``total``).

    Example::

        page = find_sales(customer_id=customer.id, limit=20)
        history = [(sale.receipt_number, sale.total) for sale in page.items]
    """
    stmt = sa.select(Sale)
    for column, value in (
        (Sale.customer_id, customer_id),
        (Sale.register_id, register_id),
        (Sale.user_id, user_id),
    ):
        if value is not None:
            stmt = stmt.where(column == value)
    if completed_from is not None:
        stmt = stmt.where(Sale.completed_at >= completed_from)
    if completed_to is not None:
        stmt = stmt.where(Sale.completed_at < completed_to)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery())) or 0
    rows = db.session.scalars(
        stmt.order_by(Sale.completed_at.desc(), Sale.id).limit(limit).offset(offset)
    ).all()
    return Page([sale_view(sale) for sale in rows], total)


@dataclass(frozen=True, slots=True)
class SalesTotals:
    """What a set of sales comes to: how many, their total, what was refunded of them
    (all minor units) and when the last one was made.

    Example::

        totals = sales_totals(customer_id=customer.id)
        spent = totals.total - totals.refunded
    """

    count: int
    total: int
    refunded: int
    last_sale_at: dt.datetime | None


def sales_totals(
    *,
    customer_id: int | None = None,
    register_ids: t.Collection[int] | None = None,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
) -> SalesTotals:
    """Totals of the completed sales (of one customer; at some registers, a shop's;
    completed in ``[start, end)``), aggregated in SQL. Refunds count where and when they
    were made.

    Example::

        totals = sales_totals(customer_id=42)
        north = sales_totals(register_ids=[3, 4], start=monday, end=now)
    """
    sales = sa.select(
        sa.func.count(Sale.id),
        sa.func.coalesce(sa.func.sum(Sale.total), 0),
        sa.func.max(Sale.completed_at),
    )
    refunds = sa.select(sa.func.coalesce(sa.func.sum(Refund.total), 0)).join(
        Sale, Sale.id == Refund.sale_id
    )
    if customer_id is not None:
        sales = sales.where(Sale.customer_id == customer_id)
        refunds = refunds.where(Sale.customer_id == customer_id)
    if register_ids is not None:
        sales = sales.where(Sale.register_id.in_(list(register_ids)))
        refunds = refunds.where(Refund.register_id.in_(list(register_ids)))
    if start is not None:
        sales = sales.where(Sale.completed_at >= start)
        refunds = refunds.where(Refund.created_at >= start)
    if end is not None:
        sales = sales.where(Sale.completed_at < end)
        refunds = refunds.where(Refund.created_at < end)
    count, total, last = db.session.execute(sales).one()
    if last is not None and last.tzinfo is None:
        # Aggregates bypass the column type; SQLite hands back a naive UTC value.
        last = last.replace(tzinfo=dt.UTC)
    return SalesTotals(int(count), int(total), int(db.session.scalar(refunds) or 0), last)


def refunded_by_line(sale_id: str) -> dict[int, int]:
    """Money refunded so far on each line of a sale (``sale_line_id -> total``)."""
    rows = db.session.execute(
        sa.select(RefundLine.sale_line_id, sa.func.sum(RefundLine.total))
        .join(Refund, Refund.id == RefundLine.refund_id)
        .where(Refund.sale_id == sale_id)
        .group_by(RefundLine.sale_line_id)
    )
    return {line_id: int(total or 0) for line_id, total in rows}


def product_sales(
    product_ids: t.Iterable[int],
    since: dt.datetime,
    location_id: int | None = None,
) -> dict[int, Decimal]:
    """Quantities of ``product_ids`` sold since ``since`` (completed sales, net of what
    was refunded or voided of them), by product, in one query; zero for a product not
    sold. ``location_id`` counts only the sales made from that stock location (a shop).

    Example::

        since = utcnow() - dt.timedelta(days=28)
        sold = product_sales([product.id], since, location_id=location.id)
        per_day = sold[product.id] / 28
    """
    ids = sorted(set(product_ids))
    if not ids:
        return {}
    stmt = (
        sa.select(
            SaleLine.product_id,
            sa.func.coalesce(sa.func.sum(SaleLine.quantity - SaleLine.refunded_quantity), 0),
        )
        .join(Sale, Sale.id == SaleLine.sale_id)
        .where(SaleLine.product_id.in_(ids), Sale.completed_at >= since)
        .group_by(SaleLine.product_id)
    )
    if location_id is not None:
        stmt = stmt.where(Sale.location_id == location_id)
    sold = {product_id: Decimal("0") for product_id in ids}
    for product_id, quantity in db.session.execute(stmt):
        # SQLite sums NUMERIC columns as floats: back to three decimals, as stored.
        sold[product_id] = Decimal(str(quantity)).quantize(Decimal("0.001"))
    return sold
