"""Reservations: a cashier of one shop asks another shop (or their own) to keep N of an
item for a customer until a date ("shall we keep it for you?").

An active reservation holds stock: what a shop can still promise of a product, its
*available* quantity, is what it has on hand minus its active reservations. Nothing is
taken out of stock: the customer buys the goods normally at the holding shop's till,
and marking the reservation collected (or cancelling it) releases the hold.

Expiry is lazy: an active reservation whose ``expires_at`` has passed stops holding stock
and reads as ``expired`` at once; no job rewrites it.

Two tills reserving the last units at once: each reservation first locks its store's row
(``SELECT ... FOR UPDATE``; on SQLite the write lock does the same), then counts what is
available, so the second sees the first's hold and gets a 409 ``insufficient_stock``.
"""

from __future__ import annotations

import datetime as dt
import typing as t
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _

from core.plugins import Conflict, NotFound, db, get_product, get_settings, stock_at, utcnow
from core.plugins import write_transaction as lock_for_writing

from .models import Store
from .reservation_models import StoreReservation
from .stores import StoreMap, get_store, store_map


def _holding(now: dt.datetime) -> sa.ColumnElement[bool]:
    """The reservations that hold stock at ``now``."""
    return sa.and_(StoreReservation.status == "active", StoreReservation.expires_at > now)


def reserved(product_id: int, store_ids: t.Collection[int] | None = None) -> dict[int, Decimal]:
    """The quantity of a product held by active reservations, per store."""
    select = (
        sa.select(StoreReservation.store_id, sa.func.sum(StoreReservation.quantity))
        .where(StoreReservation.product_id == product_id, _holding(utcnow()))
        .group_by(StoreReservation.store_id)
    )
    if store_ids is not None:
        select = select.where(StoreReservation.store_id.in_(list(store_ids)))
    return {store_id: Decimal(total) for store_id, total in db.session.execute(select)}


def on_hand(product_id: int, store_id: int, stores: StoreMap | None = None) -> Decimal:
    """What the store has of the product, over all its locations."""
    stores = stores or store_map()
    return sum(
        (
            stock_at([product_id], location_id).get(product_id, Decimal(0))
            for location_id in stores.locations_of({store_id})
        ),
        Decimal(0),
    )


def available(product_id: int, store_id: int) -> Decimal:
    """On hand minus what active reservations hold."""
    held = reserved(product_id, {store_id}).get(store_id, Decimal(0))
    return on_hand(product_id, store_id) - held


def status_of(reservation: StoreReservation, now: dt.datetime | None = None) -> str:
    """``active``, ``expired``, ``collected`` or ``cancelled``."""
    now = now or utcnow()
    if reservation.status == "active" and reservation.expires_at <= now:
        return "expired"
    return reservation.status


def get_reservation(reservation_id: int) -> StoreReservation:
    reservation = db.session.get(StoreReservation, reservation_id)
    if reservation is None:
        raise NotFound(_("no reservation %(id)s", id=reservation_id))
    return reservation


def find_reservations(
    store_ids: t.Collection[int] | None, status: str | None, limit: int, offset: int
) -> tuple[list[StoreReservation], int]:
    """Reservations soonest to expire first (the ones still to collect on top); of
    ``store_ids`` when given; ``status`` as :func:`status_of` reads it."""
    now = utcnow()
    select = sa.select(StoreReservation)
    if store_ids is not None:
        select = select.where(StoreReservation.store_id.in_(list(store_ids)))
    if status == "active":
        select = select.where(_holding(now))
    elif status == "expired":
        select = select.where(
            StoreReservation.status == "active", StoreReservation.expires_at <= now
        )
    elif status is not None:
        select = select.where(StoreReservation.status == status)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(select.subquery())) or 0
    still_open = sa.case((_holding(now), 0), else_=1)
    ordered = select.order_by(still_open, StoreReservation.expires_at, StoreReservation.id)
    rows = db.session.scalars(ordered.limit(limit).offset(offset)).all()
    return list(rows), total


def reservation_days(store: Store) -> int:
    """How long a reservation made at ``store`` holds: its own period, else the
    plugin's ``reservation_days`` setting."""
    if store.reservation_days is not None:
        return store.reservation_days
    return get_settings("multistore")["reservation_days"]


def reserve(body: dict[str, t.Any], user_id: int) -> StoreReservation:
    """Hold ``quantity`` of a product at a store for a customer, until the store's
    reservation period (the store's own, else the ``reservation_days`` setting) has passed. 409
    ``insufficient_stock`` when the store has less available than that."""
    lock_for_writing()
    store = get_store(body["store_id"])
    product = get_product(body["product_id"])
    if product is None:
        raise NotFound(_("no product %(id)s", id=body["product_id"]))
    # One reservation of the store at a time from here to the commit: the count below
    # then sees every hold committed before it.
    db.session.execute(sa.select(Store.id).where(Store.id == store.id).with_for_update())
    quantity = Decimal(body["quantity"])
    left = available(product.id, store.id)
    if quantity > left:
        raise Conflict(
            _(
                "%(store)s has %(available)s of %(name)s to reserve",
                store=store.name,
                available=max(left, Decimal(0)).normalize(),
                name=product.name,
            ),
            code="insufficient_stock",
        )
    days = reservation_days(store)
    now = utcnow()
    reservation = StoreReservation(
        store_id=store.id,
        product_id=product.id,
        quantity=quantity,
        customer_name=body["customer_name"],
        customer_phone=body.get("customer_phone", ""),
        note=body.get("note", ""),
        status="active",
        expires_at=now + dt.timedelta(days=days),
        created_by=user_id,
        created_at=now,
    )
    db.session.add(reservation)
    db.session.flush()
    return reservation


def close(reservation_id: int, outcome: str, user_id: int) -> StoreReservation:
    """Mark an active reservation ``collected`` or ``cancelled`` (its hold ends), once:
    a guarded ``UPDATE`` so that two people closing it at once close it once; 409
    ``reservation_<status>`` when it is not active (expired included)."""
    lock_for_writing()
    reservation = get_reservation(reservation_id)
    now = utcnow()
    changed = db.session.execute(
        sa.update(StoreReservation)
        .where(StoreReservation.id == reservation.id, _holding(now))
        .values(status=outcome, closed_by=user_id, closed_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.refresh(reservation)
    if changed != 1:
        status = status_of(reservation, now)
        raise Conflict(
            _("the reservation is %(status)s", status=_status_word(status)),
            code="reservation_" + status,
        )
    return reservation


def _status_word(status: str) -> str:
    return {
        "active": _("active"),
        "expired": _("expired"),
        "collected": _("collected"),
        "cancelled": _("cancelled"),
    }[status]


def describe(reservation: StoreReservation) -> dict[str, t.Any]:
    product = get_product(reservation.product_id)
    return {
        "id": reservation.id,
        "store_id": reservation.store_id,
        "product_id": reservation.product_id,
        "product_name": product.name if product else "",
        "quantity": reservation.quantity,
        "customer_name": reservation.customer_name,
        "customer_phone": reservation.customer_phone,
        "note": reservation.note,
        "status": status_of(reservation),
        "expires_at": reservation.expires_at,
        "created_by": reservation.created_by,
        "created_at": reservation.created_at,
        "closed_by": reservation.closed_by,
        "closed_at": reservation.closed_at,
    }
