"""Parked sales: a cart put aside at one register and resumed at any register."""

from __future__ import annotations

import typing as t

import sqlalchemy as sa
from flask_babel import gettext as _

from ..auth.models import User
from ..db import begin_write, db
from ..errors import Conflict, NotFound
from ..plugins.context import register_store
from .cart import build_cart
from .models import ParkedSale
from .quote import price
from .services import get_register


def park(body: dict[str, t.Any], raw_cart: dict[str, t.Any], actor: User) -> ParkedSale:
    """Keep the cart as the till sent it (it is priced again when resumed)."""
    existing = db.session.get(ParkedSale, body["id"])
    if existing is not None:
        raise Conflict(_("this cart is already parked"), code="already_parked")
    get_register(body["register_id"])
    # Refuses carts that cannot sell.
    priced = price(build_cart(body), register_store(body["register_id"]))
    parked = ParkedSale(
        id=body["id"],
        register_id=body["register_id"],
        user_id=actor.id,
        label=body.get("label", ""),
        cart=raw_cart,
        total=priced.total,
    )
    db.session.add(parked)
    return parked


def list_parked(register_ids: t.Collection[int] | None = None) -> list[ParkedSale]:
    """Parked carts, oldest first (of ``register_ids``, a store's, when given)."""
    select = sa.select(ParkedSale).order_by(ParkedSale.created_at)
    if register_ids is not None:
        select = select.where(ParkedSale.register_id.in_(list(register_ids)))
    return list(db.session.scalars(select))


def resume(parked_id: str) -> ParkedSale:
    """Take a parked cart back; a second register resuming it at the same time gets a
    404, never a copy."""
    begin_write()
    parked = db.session.get(ParkedSale, parked_id)
    if parked is None:
        db.session.rollback()
        raise NotFound(_("no such parked sale (already resumed?)"))
    deleted = db.session.execute(sa.delete(ParkedSale).where(ParkedSale.id == parked_id)).rowcount
    if not deleted:
        db.session.rollback()
        raise NotFound(_("no such parked sale (already resumed?)"))
    return parked
