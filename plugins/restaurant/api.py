"""``/api/v1/restaurant/...``: floor plans, modifiers, table orders, courses sent to the
kitchen, the kitchen display's tickets, bills and the restaurant's report.

A change of an order names the ``version`` it was made from. Made from an old one, new
lines (and a change to a line nobody touched since) are merged: the answer is the order
with ``changes``, what others did since that version. Anything else is answered 409 with
the error (its message naming those changes), the order as it is now (``order``) and the
same ``changes`` (:mod:`.history`), so the device shows what changed.
"""

from __future__ import annotations

import types
import typing as t

from flask import jsonify

from core.plugins import (
    ApiBlueprint,
    current_store,
    get_settings,
    pin_users,
    sign_in_by_pin,
    utcnow,
)

from . import billing, floor, history, kitchen, orders, pricing, reports
from . import modifiers as modifier_services
from .models import Order
from .schemas import (
    AddLinesSchema,
    BillRequestSchema,
    BillSchema,
    ChangedOrderSchema,
    ChangeLineSchema,
    ChangesQuerySchema,
    FloorRoomSchema,
    KitchenSignInSchema,
    KitchenUserSchema,
    MergeSchema,
    ModifierChangeSchema,
    ModifierSchema,
    OpenOrderSchema,
    OrderChangeSchema,
    OrderOptionsSchema,
    OrderSchema,
    ReportQuerySchema,
    ReportSchema,
    RoomChangeSchema,
    RoomSchema,
    SendSchema,
    TableChangeSchema,
    TableSchema,
    TicketQuerySchema,
    TicketSchema,
    TillSettingsSchema,
    TipsReportSchema,
    TransferSchema,
    VersionSchema,
)
from .tips import report as tip_report

api = ApiBlueprint("restaurant_api", __name__, tag="restaurant")


def with_lines(order: Order) -> types.SimpleNamespace:
    """The order as :class:`OrderSchema` dumps it: its columns and its lines."""
    columns = {
        column: getattr(order, column) for column in OrderSchema().fields if column != "lines"
    }
    return types.SimpleNamespace(**columns, lines=orders.lines_of(order))


def _stale(stale: orders.StaleOrder | orders.OrderClosed):
    changes = history.describe(stale.changes)
    message = stale.message
    if changes:
        message = f"{message} — {history.summary(changes)}"
    body = {
        "error": {"code": stale.code, "message": message, "fields": stale.fields},
        "order": OrderSchema().dump(with_lines(stale.order)),
        "changes": OrderChangeSchema(many=True).dump(changes),
    }
    response = jsonify(body)
    response.status_code = 409
    return response


def _answer(change: t.Callable[[], t.Any]):
    """Run a change of an order; a stale version (or an order closed meanwhile) is
    answered 409 with the order now and what changed since."""
    try:
        result = change()
    except orders.StaleOrder as stale:
        return _stale(stale)
    except orders.OrderClosed as closed:
        if closed.order is None:
            raise
        return _stale(closed)
    return with_lines(result) if isinstance(result, Order) else result


def _merged(change: t.Callable[[], Order], version: int, request_id: str | None = None):
    """Run a change that merges; its answer carries what others changed since
    ``version`` (the change's own rows left out)."""
    answer = _answer(change)
    if not isinstance(answer, types.SimpleNamespace):
        return answer
    order = orders.get_order(answer.id)
    if order.version <= version + 1:
        # Made from the version before this change's own (or sent again just after it):
        # nobody else changed anything between, no need to look.
        answer.changes = []
        return answer
    if request_id is not None:
        # Its own rows are known by their key (also when it was sent again, the order
        # not moving).
        done = history.since(order, version, request_id=request_id)
    else:
        done = history.since(order, version, before=order.version)
    answer.changes = history.describe(done)
    return answer


# -- floor plans -------------------------------------------------------------------


@api.endpoint(
    "/restaurant/floor", permission="restaurant.serve", response=FloorRoomSchema, many=True
)
def get_floor():
    """Every room with its tables, each with its state (``free``; ``seated``: nothing
    ordered yet; ``ordering``: items ordered; ``bill``: waiting for the bill), its open
    order and the time since the party sat."""
    seated = orders.open_orders()
    counts = orders.ordered_counts(order.id for order in seated.values())
    now = utcnow()
    answer = []
    for room in floor.rooms():
        tables = []
        for table in floor.tables(room.id):
            order = seated.get(table.id)
            row = TableSchema().dump(table)
            row.update(
                state=orders.table_state(order, counts.get(order.id, 0) if order else 0),
                order_id=order.id if order else None,
                covers=order.covers if order else None,
                seated_at=order.opened_at if order else None,
                seated_seconds=int((now - order.opened_at).total_seconds()) if order else None,
            )
            tables.append(row)
        answer.append(
            {"id": room.id, "name": room.name, "position": room.position, "tables": tables}
        )
    return answer


@api.endpoint("/restaurant/rooms", permission="restaurant.serve", response=RoomSchema, many=True)
def list_rooms():
    """The rooms, in their order."""
    return floor.rooms()


@api.endpoint(
    "/restaurant/rooms",
    methods=["POST"],
    permission="restaurant.manage",
    body=RoomSchema,
    response=RoomSchema,
    status=201,
)
def add_room(body):
    """Add a room."""
    return floor.add_room(body)


@api.endpoint(
    "/restaurant/rooms/<int:room_id>",
    methods=["PATCH"],
    permission="restaurant.manage",
    body=RoomChangeSchema,
    response=RoomSchema,
)
def change_room(room_id: int, body):
    """Rename or reorder a room."""
    return floor.update_room(room_id, body)


@api.endpoint(
    "/restaurant/rooms/<int:room_id>",
    methods=["DELETE"],
    permission="restaurant.manage",
    status=204,
)
def delete_room(room_id: int):
    """Delete an empty room."""
    floor.delete_room(room_id)
    return "", 204


@api.endpoint("/restaurant/tables", permission="restaurant.serve", response=TableSchema, many=True)
def list_tables():
    """Every table of every room."""
    return floor.tables()


@api.endpoint(
    "/restaurant/tables",
    methods=["POST"],
    permission="restaurant.manage",
    body=TableSchema,
    response=TableSchema,
    status=201,
)
def add_table(body):
    """Add a table to a room: its name, seats, shape and place on the plan."""
    return floor.add_table(body)


@api.endpoint(
    "/restaurant/tables/<int:table_id>",
    methods=["PATCH"],
    permission="restaurant.manage",
    body=TableChangeSchema,
    response=TableSchema,
)
def change_table(table_id: int, body):
    """Move, resize or rename a table, or change its seats or shape."""
    return floor.update_table(table_id, body)


@api.endpoint(
    "/restaurant/tables/<int:table_id>",
    methods=["DELETE"],
    permission="restaurant.manage",
    status=204,
)
def delete_table(table_id: int):
    """Delete a table that never had an order."""
    floor.delete_table(table_id)
    return "", 204


# -- modifiers ---------------------------------------------------------------------


@api.endpoint(
    "/restaurant/modifiers", permission="restaurant.serve", response=ModifierSchema, many=True
)
def list_modifiers():
    """The modifiers a line may carry."""
    return modifier_services.all_modifiers()


@api.endpoint(
    "/restaurant/modifiers",
    methods=["POST"],
    permission="restaurant.manage",
    body=ModifierSchema,
    response=ModifierSchema,
    status=201,
)
def add_modifier(body):
    """Add a modifier (price 0: free, as "no onions")."""
    return modifier_services.add_modifier(body)


@api.endpoint(
    "/restaurant/modifiers/<int:modifier_id>",
    methods=["PATCH"],
    permission="restaurant.manage",
    body=ModifierChangeSchema,
    response=ModifierSchema,
)
def change_modifier(modifier_id: int, body):
    """Rename or reprice a modifier, or switch it off (``active: false``); lines
    ordered before keep what they were given."""
    return modifier_services.update_modifier(modifier_id, body)


# -- orders ------------------------------------------------------------------------


@api.endpoint(
    "/restaurant/orders",
    methods=["POST"],
    permission="restaurant.serve",
    body=OpenOrderSchema,
    response=OrderSchema,
    status=201,
)
def open_order(body):
    """Seat a party at a free table (409 ``table_busy`` when it is seated already); a
    party of ``service_min_covers`` guests or more gets the service charge."""
    return with_lines(orders.open_order(body["table_id"], body["covers"])), 201


@api.endpoint(
    "/restaurant/orders/<int:order_id>", permission="restaurant.serve", response=OrderSchema
)
def get_order(order_id: int):
    """An order with its lines and its version."""
    return with_lines(orders.get_order(order_id))


@api.endpoint(
    "/restaurant/orders/<int:order_id>/changes",
    permission="restaurant.serve",
    query=ChangesQuerySchema,
    response=OrderChangeSchema,
    many=True,
)
def order_changes(order_id: int, query):
    """What changed on an order after version ``since``, oldest first: who, when, what
    (with the payments taken since), each said as a sentence in the reader's language."""
    order = orders.get_order(order_id)
    return history.describe(history.since(order, query["since"]))


@api.endpoint(
    "/restaurant/orders/<int:order_id>/lines",
    methods=["POST"],
    permission="restaurant.serve",
    body=AddLinesSchema,
    response=ChangedOrderSchema,
    statuses=[409],
)
def add_lines(order_id: int, body):
    """Add items, each for a seat and a course, with modifiers and a note. From an old
    version they are merged (``changes``: what others did since it), unless the bill was
    asked or the party moved since: 409 ``stale_version`` with ``order`` and ``changes``
    (409 ``order_closed`` likewise when it was paid, freed or merged). Sent again with
    the same ``request_id``, nothing is added twice."""
    request_id = body.get("request_id")
    return _merged(
        lambda: orders.add_lines(order_id, body["version"], body["lines"], request_id),
        body["version"],
        request_id,
    )


@api.endpoint(
    "/restaurant/orders/<int:order_id>/lines/<int:line_id>",
    methods=["PATCH"],
    permission="restaurant.serve",
    body=ChangeLineSchema,
    response=ChangedOrderSchema,
    statuses=[409],
)
def change_line(order_id: int, line_id: int, body):
    """Change a line's quantity (0 cancels it), seat, course or note. From an old version
    it applies (``changes``: what others did since) unless that line was changed or
    cancelled since, the bill asked or the party moved: 409 ``stale_version`` with the
    order and the ``changes``."""
    values = {key: value for key, value in body.items() if key != "version"}
    return _merged(
        lambda: orders.change_line(order_id, line_id, body["version"], values), body["version"]
    )


@api.endpoint(
    "/restaurant/orders/<int:order_id>/send",
    methods=["POST"],
    permission="restaurant.serve",
    body=SendSchema,
    response=TicketSchema,
    many=True,
    statuses=[409],
)
def send_course(order_id: int, body):
    """Send a course: one ticket per station with what is new, changed or cancelled
    since it was last told, printed on the station's printer."""
    return _answer(lambda: kitchen.send_course(order_id, body["version"], body["course"]))


@api.endpoint(
    "/restaurant/orders/<int:order_id>/options",
    methods=["POST"],
    permission="restaurant.serve",
    body=OrderOptionsSchema,
    response=OrderSchema,
    statuses=[409],
)
def order_options(order_id: int, body):
    """Add or take off the service charge (``service_charge``), mark the order taken away
    or eaten in (``take_away``: its items take their take-away tax rates)."""
    values = {key: value for key, value in body.items() if key != "version"}
    return _answer(lambda: orders.set_options(order_id, body["version"], values))


@api.endpoint(
    "/restaurant/orders/<int:order_id>/bill-request",
    methods=["POST"],
    permission="restaurant.serve",
    body=VersionSchema,
    response=OrderSchema,
    statuses=[409],
)
def request_bill(order_id: int, body):
    """The table asked for the bill (the floor shows it waiting)."""
    return _answer(lambda: orders.request_bill(order_id, body["version"]))


@api.endpoint(
    "/restaurant/orders/<int:order_id>/free",
    methods=["POST"],
    permission="restaurant.serve",
    body=VersionSchema,
    response=OrderSchema,
    statuses=[409],
)
def free_table(order_id: int, body):
    """Close an order with nothing left to pay (the party left without ordering) and
    free its table; 409 ``order_unpaid`` while items are unpaid."""
    return _answer(lambda: orders.free_table(order_id, body["version"]))


@api.endpoint(
    "/restaurant/orders/<int:order_id>/transfer",
    methods=["POST"],
    permission="restaurant.serve",
    body=TransferSchema,
    response=OrderSchema,
    statuses=[409],
)
def transfer(order_id: int, body):
    """Move the party to another, free table."""
    return _answer(lambda: orders.transfer(order_id, body["version"], body["table_id"]))


@api.endpoint(
    "/restaurant/orders/<int:order_id>/merge",
    methods=["POST"],
    permission="restaurant.serve",
    body=MergeSchema,
    response=OrderSchema,
    statuses=[409],
)
def merge(order_id: int, body):
    """Put this order's unpaid lines onto another table's order and free this table;
    answers the order that took them."""
    return _answer(
        lambda: orders.merge(order_id, body["version"], body["into"], body["into_version"])
    )


@api.endpoint(
    "/restaurant/orders/<int:order_id>/bill",
    methods=["POST"],
    permission="restaurant.serve",
    body=BillRequestSchema,
    response=BillSchema,
)
def bill(order_id: int, body):
    """The body of ``POST /api/v1/sales`` (without payments) for the unpaid lines of the
    whole table, one ``seat`` or the ``line_ids`` chosen; its ``total`` as the sale will
    charge it (priced by the server: promotions, surcharges, taxes added to tax-exclusive
    prices), and that total in ``parts`` equal payments adding up to it to the cent
    (``cash_parts``: of ``cash_total``, rounded for cash). Writes nothing."""
    answer = billing.bill(order_id, body.get("seat"), body.get("line_ids"))
    answer.update(billing.priced_parts(answer["body"], body["parts"], body.get("register_id")))
    return answer, 200


# -- kitchen -----------------------------------------------------------------------


@api.endpoint("/restaurant/kitchen/users", permission=None, response=KitchenUserSchema, many=True)
def kitchen_users():
    """Who may sign in to the kitchen display by PIN (names only, for its sign-in)."""
    return pin_users("restaurant.kitchen")


@api.endpoint(
    "/restaurant/kitchen/sign-in",
    methods=["POST"],
    permission=None,
    body=KitchenSignInSchema,
    response=KitchenUserSchema,
)
def kitchen_sign_in(body):
    """Sign the kitchen's screen in by PIN: the user needs ``restaurant.kitchen`` only,
    not the till (403 ``wrong_pin`` or ``not_allowed``; 429 after too many wrong PINs)."""
    return sign_in_by_pin(body["user_id"], body["pin"], "restaurant.kitchen")


@api.endpoint(
    "/restaurant/tickets",
    permission="restaurant.kitchen",
    query=TicketQuerySchema,
    response=TicketSchema,
    many=True,
)
def list_tickets(query):
    """Tickets not marked done yet, oldest first (what the kitchen display shows)."""
    return kitchen.pending(query.get("station"))


@api.endpoint(
    "/restaurant/tickets/<int:ticket_id>/done",
    methods=["POST"],
    permission="restaurant.kitchen",
    response=TicketSchema,
)
def ticket_done(ticket_id: int):
    """The cooks are done with a ticket (a second tap keeps the first time)."""
    return kitchen.mark_done(ticket_id)


# -- reports -----------------------------------------------------------------------


@api.endpoint(
    "/restaurant/till-settings", permission="restaurant.serve", response=TillSettingsSchema
)
def till_settings():
    """What the till's restaurant scripts need of the settings: the take-away rates, so
    that a sale taken away at the counter is priced right if it ends up offline, and
    whether the till opens on the floor plan."""
    return {
        "takeaway_rates": pricing.rate_pairs(),
        "open_on_floor": get_settings("restaurant")["open_on_floor"],
    }


@api.endpoint(
    "/restaurant/report",
    permission="restaurant.reports",
    query=ReportQuerySchema,
    response=ReportSchema,
)
def report(query):
    """Covers, spend per cover, table turnover and seating time of the orders paid in
    ``[from, to)``; the kitchen's and bar's preparation times of the tickets sent then."""
    return reports.summary(query["from"], query["to"])


@api.endpoint(
    "/restaurant/tips",
    permission="restaurant.tips.view",
    query=ReportQuerySchema,
    response=TipsReportSchema,
)
def tips(query):
    """Tips per employee and local day taken in ``[from, to)``: ``cash`` (kept from the
    change, in the drawer until handed out), ``card`` and ``total``; a tip refunded
    subtracts on the day of the refund."""
    return tip_report.per_employee_day(query["from"], query["to"], current_store().timezone)
