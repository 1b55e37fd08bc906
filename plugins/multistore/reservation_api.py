"""``/api/v1/reservations``: goods a shop keeps for a customer.

Any till may ask any shop to keep goods (the customer is going there); only the holding
shop's staff (or a user of every store) list, collect and cancel its reservations.
"""

from __future__ import annotations

from core.plugins import ApiBlueprint, Page, audit, current_user

from . import reservations
from .access import check_store, my_store_ids
from .reservation_schemas import ReservationInSchema, ReservationQuerySchema, ReservationSchema

api = ApiBlueprint("multistore_reservations_api", __name__, tag="multistore")


def _user_id() -> int:
    user = current_user()
    assert user is not None  # the permission guard let a signed-in user in
    return user.id


@api.endpoint(
    "/reservations",
    permission="multistore.reserve",
    query=ReservationQuerySchema,
    response=ReservationSchema,
    many=True,
)
def list_reservations(query):
    """The reservations held by the user's stores (or ``store_id``'s), the ones to
    collect first, soonest to expire first; filter by ``status``. The total is in
    ``X-Total-Count``."""
    mine = my_store_ids()
    if "store_id" in query:
        check_store(query["store_id"])
        mine = {query["store_id"]}
    rows, total = reservations.find_reservations(
        mine, query.get("status"), query["limit"], query["offset"]
    )
    return Page([reservations.describe(row) for row in rows], total)


@api.endpoint(
    "/reservations",
    methods=["POST"],
    permission="multistore.reserve",
    body=ReservationInSchema,
    response=ReservationSchema,
    status=201,
)
def create_reservation(body):
    """Ask a shop (any shop: the customer is going there) to keep ``quantity`` of a
    product for a customer until the ``reservation_days`` setting has passed. It holds
    stock: the shop's ``available`` quantity drops. 409 ``insufficient_stock`` when the
    shop has less available."""
    reservation = reservations.reserve(body, _user_id())
    audit("multistore.reservation_create", f"reservation:{reservation.id}", dict(body))
    return reservations.describe(reservation)


@api.endpoint(
    "/reservations/<int:reservation_id>",
    permission="multistore.reserve",
    response=ReservationSchema,
)
def get_reservation(reservation_id: int):
    """One reservation; 403 ``other_store`` unless it is held by one of the user's
    stores."""
    reservation = reservations.get_reservation(reservation_id)
    check_store(reservation.store_id)
    return reservations.describe(reservation)


def _close(reservation_id: int, outcome: str):
    check_store(reservations.get_reservation(reservation_id).store_id)
    reservation = reservations.close(reservation_id, outcome, _user_id())
    audit(f"multistore.reservation_{outcome}", f"reservation:{reservation.id}", {})
    return reservations.describe(reservation)


@api.endpoint(
    "/reservations/<int:reservation_id>/collect",
    methods=["POST"],
    permission="multistore.reserve",
    response=ReservationSchema,
)
def collect_reservation(reservation_id: int):
    """The customer came: the hold ends (the sale is made at the till as any other).
    409 ``reservation_collected``, ``reservation_cancelled`` or ``reservation_expired``
    when it is not active."""
    return _close(reservation_id, "collected")


@api.endpoint(
    "/reservations/<int:reservation_id>/cancel",
    methods=["POST"],
    permission="multistore.reserve",
    response=ReservationSchema,
)
def cancel_reservation(reservation_id: int):
    """The customer will not come: the hold ends. 409 as for collecting."""
    return _close(reservation_id, "cancelled")
