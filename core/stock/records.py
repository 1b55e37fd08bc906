"""The stock API plugins use: locations as small frozen values, levels, and moves.

Plugins that move goods (``purchasing`` receiving an order, ``multistore`` sending and
receiving a transfer) call :func:`move_stock`, which writes the movement into the same
ledger as sales and back-office adjustments, atomically, inside the caller's transaction.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _

from ..db import db, write_transaction
from ..errors import Conflict, Invalid
from . import services
from .models import Location

#: The reasons a plugin may give a move; the sales engine keeps ``sale``, ``refund`` and
#: ``void`` to itself, and ``initial`` belongs to a product's creation.
PLUGIN_REASONS = frozenset({"receipt", "adjustment", "transfer_out", "transfer_in"})


@dataclass(frozen=True, slots=True)
class LocationView:
    """A place that holds stock. The core has one, ``is_default`` (the one its registers
    sell from until a plugin says otherwise).

    Example::

        shop = next(location for location in list_locations() if location.is_default)
    """

    id: int
    code: str
    name: str
    is_default: bool


def _view(location: Location) -> LocationView:
    return LocationView(location.id, location.code, location.name, location.is_default)


def list_locations() -> list[LocationView]:
    """Every stock location, by id.

    Example::

        names = {location.id: location.name for location in list_locations()}
    """
    return [_view(row) for row in db.session.scalars(sa.select(Location).order_by(Location.id))]


def get_location(location_id: int) -> LocationView | None:
    """One location, or ``None``.

    Example::

        location = get_location(location_id)
        if location is None:
            raise NotFound(f"no location {location_id}")
    """
    location = services.get_location(location_id)
    return _view(location) if location is not None else None


def create_location(code: str, name: str) -> LocationView:
    """Add a stock location (a second shop's back room). ``code`` is unique.

    Example::

        with begin_write():
            back_room = create_location("north", "North shop")

    :raises Conflict: ``location_code_taken`` when the code is used.
    """
    write_transaction()
    if db.session.scalar(sa.select(Location.id).where(Location.code == code)) is not None:
        raise Conflict(
            _("the location code %(code)s is taken", code=code), code="location_code_taken"
        )
    location = Location(code=code, name=name, is_default=False)
    db.session.add(location)
    db.session.flush()
    return _view(location)


def stock_at(product_ids: t.Iterable[int], location_id: int) -> dict[int, Decimal]:
    """Quantities of ``product_ids`` at one location, in one query (zero for products
    that never moved there).

    Example::

        on_hand = stock_at([line.product_id for line in order.lines], location.id)
    """
    return services.stock_levels(product_ids, location_id)


def move_stock(
    product_id: int,
    location_id: int,
    delta: Decimal,
    *,
    reason: str,
    reference: str | None = None,
    note: str = "",
    user_id: int | None = None,
    allow_negative: bool = True,
) -> Decimal:
    """Add ``delta`` (negative to take away) to a product's stock at a location and write
    the movement to the ledger, in the caller's transaction. Atomic under concurrency: a
    single ``UPDATE ... SET quantity = quantity + :delta``.

    ``reason`` is one of ``receipt`` (goods received), ``adjustment``, ``transfer_out``,
    ``transfer_in``; ``reference`` names the plugin's record (``"PO-12"``), shown in the
    ledger.

    Example::

        move_stock(product.id, location.id, Decimal("12"), reason="receipt",
                   reference=f"PO-{order.id}", user_id=current_user().id)

    :return: the new quantity.
    :raises Invalid: an unknown reason.
    :raises Conflict: ``insufficient_stock`` when ``allow_negative`` is false and the
        move would take the level below zero; nothing is written.
    """
    if reason not in PLUGIN_REASONS:
        raise Invalid(_("unknown stock movement reason %(reason)s", reason=reason), field="reason")
    try:
        return services.move_stock(
            product_id,
            location_id,
            Decimal(delta),
            reason=reason,
            user_id=user_id,
            reference=reference,
            note=note,
            allow_negative=allow_negative,
        )
    except services.InsufficientStock as exc:
        raise Conflict(exc.message, code="insufficient_stock") from None
