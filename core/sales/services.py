"""Completing a sale: everything between the till's "pay" and the receipt.

One transaction holds the sale, its lines, taxes and payments, the stock movements, the
receipt number, the plugins' ``pos_sale_completing`` writes, the journal entry and the
outbox deliveries. Anything failing rolls all of it back, the receipt number included.
The client's sale id makes it idempotent: a retry, even at the same instant, returns the
sale that was made.
"""

from __future__ import annotations

import datetime as dt
import logging
import typing as t
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from ..audit.services import record as audit
from ..auth.approvals import check_approver
from ..auth.models import User
from ..auth.records import user_view
from ..db import begin_write, db, utcnow
from ..errors import Forbidden, Invalid, NotFound
from ..persist import insert_new
from ..plugins import outbox
from ..plugins.context import current_runtime, register_store
from ..registers.models import Register
from ..stock.services import move_stock_many
from ..stores.settings import StoreSettings
from .cart import Cart, build_cart
from .journal import append_sale_entry
from .models import Payment, Sale, SaleLine, SaleTax
from .numbers import open_session_id, reserve
from .offline_check import check_offline_sale
from .payment_methods import kept_fields
from .pricing import PricedCart
from .quote import chosen_discount_percents, price
from .records import sale_view, save_plugin_data
from .tenders import Settled, carry_out, check_methods, resolve, settle_sale

log = logging.getLogger("comptoir.sales")


@dataclass
class Completed:
    sale: Sale
    created: bool


def load_sale(sale_id: str) -> Sale | None:
    return db.session.get(Sale, sale_id)


def get_register(register_id: int) -> Register:
    register = db.session.get(Register, register_id)
    if register is None or not register.active:
        raise Invalid(
            _("no active register %(id)s", id=register_id),
            code="unknown_register",
            fields={"register_id": [_("unknown register")]},
        )
    return register


def check_discounts(
    cart: Cart,
    priced: PricedCart,
    store: StoreSettings,
    actor: User,
    approval: dict[str, t.Any] | None,
) -> User | None:
    """Manual discounts need ``sales.discount``; any discount the cashier chose (manual,
    or a customer's group discount) beyond the cashier's limit needs a user with
    ``sales.discount_override`` (the actor, or a manager typing their PIN). Returns the
    approving manager when there was one."""
    percents = chosen_discount_percents(cart, priced)
    if not percents:
        return None
    if any(manual for _where, _percent, manual in percents) and not actor.can("sales.discount"):
        raise Forbidden(_("you may not give discounts"))
    limit = store.cashier_discount_limit
    beyond = [where for where, percent, _manual in percents if percent > limit]
    if not beyond or actor.can("sales.discount_override"):
        return None
    if approval is None:
        raise Forbidden(
            _(
                "discounts beyond %(limit)s%% need a manager's approval",
                limit=store.cashier_discount_limit,
            ),
            code="approval_required",
            fields={where: [_("needs approval")] for where in beyond},
        )
    values = store.values
    return check_approver(
        actor,
        "sales.discount_override",
        approval,
        max_attempts=values["pin_max_attempts"],
        lockout=dt.timedelta(minutes=values["pin_lockout_minutes"]),
        refused_message=lambda manager: _(
            "%(name)s may not approve discounts", name=manager.full_name
        ),
    )


def _audit_discounts(
    sale: Sale, cart: Cart, priced: PricedCart, store: StoreSettings, approver: User
) -> None:
    """Discounts beyond the cashier's limit go to the audit log, with who allowed them."""
    limit = store.cashier_discount_limit
    # Which discounts went beyond is the limit's question (least percents); what they
    # were is shown as each amount's share of its base (50 % off reads 50.00, not 49.88).
    over = {
        where
        for where, percent, _manual in chosen_discount_percents(cart, priced)
        if percent > limit
    }
    beyond = {
        where: str(round(percent, 2))
        for where, percent, _manual in chosen_discount_percents(cart, priced, least=False)
        if where in over
    }
    if beyond:
        changes = {"limit": str(limit), "discounts": beyond, "allowed_by": approver.username}
        audit("sales.discount", f"sale:{sale.id}", changes)


# Built once: they run on every sale. The register and the idempotency check (was this
# sale made already?) are read together, a round trip less on PostgreSQL.
_SALE_EXISTS = sa.select(Sale.id).where(Sale.id == sa.bindparam("sale"))
_REGISTER_AND_SALE = sa.select(Register, sa.exists().where(Sale.id == sa.bindparam("sale"))).where(
    Register.id == sa.bindparam("register")
)


def _register_unless_made(body: dict[str, t.Any]) -> tuple[Register | None, bool]:
    """The sale's register, or whether the sale was made already (a retry: its answer
    is the sale that was made, whatever became of the register since)."""
    params = {"register": body["register_id"], "sale": body["id"]}
    row = db.session.execute(_REGISTER_AND_SALE, params).one_or_none()
    if row is None:  # no such register; a retry may still name one
        if db.session.scalar(_SALE_EXISTS, {"sale": body["id"]}) is not None:
            return None, True
        return get_register(body["register_id"]), False  # raises
    register, made = row
    if made:
        return None, True
    return get_register(register.id), False  # from the identity map: checks it is active


def complete_sale(body: dict[str, t.Any], actor: User) -> Completed:
    """Complete the sale of ``body`` (the loaded ``SaleInSchema``) for ``actor``."""
    register, made = _register_unless_made(body)
    if made:
        return Completed(load_sale(body["id"]), False)
    # The register's shop's settings: with several shops, each prices with or without
    # tax and rounds cash its own way (pos_store_of_register).
    store = register_store(register.id)
    cart = build_cart(body)
    if cart.offline:
        check_offline_sale(cart, body["completed_at"].astimezone(dt.UTC), store)
    priced = price(cart, store, with_plugins=not cart.offline)
    approver = check_discounts(cart, priced, store, actor, body.get("approval"))
    tenders = resolve(body["payments"], store, selling=True)
    check_methods(tenders, cart, store)
    settled = settle_sale(tenders, priced.total, store)
    hooks = current_runtime().hooks
    if hooks.has("pos_sale_validate"):
        problems = hooks.collect(
            "pos_sale_validate", cart=cart, store=store, actor=user_view(actor)
        )
        if problems:
            raise Invalid(
                "; ".join(f"{p.plugin}: {p.message}" for p in problems),
                code=problems[0].code,
                fields={p.field or "_": [p.message] for p in problems},
            )

    session_id = open_session_id(register.id)
    # Reads are done: end their transaction and take the write lock up front.
    begin_write()
    try:
        # A concurrent retry of the same sale fails on the primary key below and is
        # answered with the sale that won (IntegrityError).
        slot = reserve(register.id, session_id, body.get("number"), register.location_id)
        sale = _write_sale(
            body=body,
            actor=actor,
            approver=approver,
            store=store,
            register=register,
            slot=slot,
            cart=cart,
            priced=priced,
            settled=settled,
        )
        # The sale's entry first: it holds the sequence number taken with the receipt
        # number, and an entry a plugin appends next must chain after it.
        append_sale_entry(sale, slot.chain, slot.location_code, slot.session_opened_at)
        _audit_discounts(sale, cart, priced, store, approver or actor)
        if hooks.has("pos_sale_completing"):
            view = sale_view(sale)
            hooks.call("pos_sale_completing", sale=view, cart=cart, store=store)
            save_plugin_data(sale.lines, view.lines)
        outbox.emit("pos_sale_completed", {"sale_id": sale.id})
        # Written now, so that a lost race shows here and the deliveries have their ids.
        db.session.flush()
        # Last, right before the caller commits: the stock rows stay locked the least.
        _take_stock(sale, cart, store, actor)
    except sa.exc.IntegrityError:
        db.session.rollback()
        sale = load_sale(body["id"])
        if sale is None:
            raise
        return Completed(sale, False)
    except BaseException:
        db.session.rollback()
        raise
    return Completed(sale, True)


def _write_sale(
    *,
    body: dict[str, t.Any],
    actor: User,
    approver: User | None,
    store: StoreSettings,
    register: Register,
    slot: t.Any,
    cart: Cart,
    priced: PricedCart,
    settled: Settled,
) -> Sale:
    now = utcnow()
    data: dict[str, t.Any] = {}
    if approver is not None:
        data["discount_approved_by"] = approver.username
    completed_at = now
    if cart.offline:
        data["offline"] = True
        completed_at = body["completed_at"].astimezone(dt.UTC)
    if priced.cart_adjustments:
        data["cart_adjustments"] = [
            {"amount": a.amount, "label": a.label, "source": a.source}
            for a in priced.cart_adjustments
        ]
    sale = Sale(
        id=body["id"],
        register_id=register.id,
        register=register,
        cash_session_id=slot.cash_session_id,
        location_id=register.location_id,
        number=slot.number,
        user_id=actor.id,
        customer_id=cart.customer_id,
        currency=store.currency,
        prices_include_tax=store.prices_include_tax,
        subtotal=priced.subtotal,
        discount_total=priced.discount_total,
        net_total=priced.net_total,
        tax_total=priced.tax_total,
        total=priced.total,
        rounding=settled.rounding,
        paid_total=settled.due + settled.change,
        change=settled.change,
        data=data,
        plugin_data=dict(cart.plugin_data),
        created_at=now,
        completed_at=completed_at,
    )
    firsts = _first_of_product(cart.lines)
    sale.lines = [
        SaleLine(
            sale_id=sale.id,
            register_id=register.id,
            completed_at=completed_at,
            first_of_product=position in firsts,
            position=position,
            kind=line.kind,
            product_id=line.product.id if line.product is not None else None,
            sku=line.sku,
            name=line.name,
            barcode=line.barcode,
            quantity=line.quantity,
            unit_price=p.unit_price,
            base=p.base,
            adjustments=[
                {"amount": a.amount, "label": a.label, "source": a.source} for a in p.adjustments
            ],
            line_discount=p.line_discount,
            cart_discount=p.cart_discount,
            discount=p.discount,
            total=p.total,
            net=p.net,
            tax=p.tax,
            tax_rate=p.tax_rate,
            source=line.source,
            for_line=line.for_line,
            data=dict(line.data),
        )
        for position, (line, p) in enumerate(zip(cart.lines, priced.lines, strict=True))
    ]
    sale.taxes = [
        SaleTax(sale_id=sale.id, rate=r.rate, base=r.base, tax=r.tax, total=r.total)
        for r in priced.taxes
    ]
    sale.payments = [
        Payment(
            sale_id=sale.id,
            method=method.code,
            amount=tender.amount,
            fields=kept_fields(method.fields, tender.fields),
            data={},
        )
        for method, tender in settled.tenders
    ]
    sale.refunds = []
    insert_new([sale], sale.lines, sale.taxes, sale.payments)
    carry_out(settled.tenders, sale.payments, "apply", lambda: sale_view(sale))
    return sale


def _first_of_product(lines: t.Sequence[t.Any]) -> set[int]:
    """The positions of the first line of each product and SKU of a cart."""
    firsts: dict[tuple[int | None, str], int] = {}
    for position, line in enumerate(lines):
        key = (line.product.id if line.product is not None else None, line.sku)
        firsts.setdefault(key, position)
    return set(firsts.values())


def _take_stock(sale: Sale, cart: Cart, store: StoreSettings, actor: User) -> None:
    """Take the sold goods out of stock: the last write before COMMIT.

    Every till sells the same few products, so their stock rows are the hottest rows of
    the database: on PostgreSQL a sale holds them locked from this UPDATE to its commit,
    and any sale selling one of them waits meanwhile. Taken last, they are held for two
    statements and the commit rather than for the whole sale (plugins included). In
    product order, so that two sales sharing products lock them in the same order and
    cannot deadlock each other.
    """
    move_stock_many(
        sorted((line.product.id, -line.quantity) for line in cart.lines if line.product),
        sale.location_id,
        reason="sale",
        user_id=actor.id,
        reference=sale.id,
        # What a till sold offline has left the shop: the count must follow.
        allow_negative=store.allow_negative_stock or cart.offline,
    )


def find_sales(query: dict[str, t.Any]) -> tuple[list[Sale], int]:
    stmt = sa.select(Sale)
    if query.get("from_"):
        stmt = stmt.where(Sale.completed_at >= query["from_"])
    if query.get("to"):
        stmt = stmt.where(Sale.completed_at < query["to"])
    if query.get("register_ids") is not None:
        stmt = stmt.where(Sale.register_id.in_(query["register_ids"]))
    for key in ("register_id", "user_id", "customer_id"):
        if query.get(key) is not None:
            stmt = stmt.where(getattr(Sale, key) == query[key])
    if query.get("receipt"):
        code, _dash, number = query["receipt"].strip().rpartition("-")
        if not number.isdigit() or not code:
            return [], 0
        stmt = stmt.join(Register).where(Register.code == code, Sale.number == int(number))
    total = db.session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery()))
    rows = db.session.scalars(
        stmt.order_by(Sale.completed_at.desc(), Sale.number.desc())
        .limit(query["limit"])
        .offset(query["offset"])
    ).all()
    return list(rows), total or 0


def get_sale_or_404(sale_id: str) -> Sale:
    sale = load_sale(sale_id)
    if sale is None:
        raise NotFound(_("no sale %(id)s", id=sale_id))
    return sale
