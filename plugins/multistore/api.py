"""``/api/v1/stores``, ``/api/v1/transfers`` and ``/api/v1/products/<id>/stock``."""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from flask import request
from flask_babel import gettext as _

from core.plugins import (
    ApiBlueprint,
    NotFound,
    Page,
    audit,
    current_store,
    current_user,
    db,
    get_product,
    get_settings,
)

from . import stock, stores, transfers
from .access import check_store, check_transfer, check_url_scope, my_store_ids
from .models import StorePrice
from .schemas import (
    ReceiveInSchema,
    ReportQuerySchema,
    StoreInSchema,
    StorePatchSchema,
    StorePriceInSchema,
    StorePriceSchema,
    StoreReportSchema,
    StoreSchema,
    StoreStockSchema,
    TransferInSchema,
    TransferQuerySchema,
    TransferSchema,
)

api = ApiBlueprint("multistore_api", __name__, tag="multistore")


@api.before_request
def _refuse_other_stores() -> None:
    """Another store's store or transfer is a 403 before anything else is read (the core
    does the same for registers, locations, sales and cash sessions)."""
    check_url_scope(request.endpoint or "", request.view_args or {})


def _user_id() -> int:
    user = current_user()
    assert user is not None  # the permission guard let a signed-in user in
    return user.id


@api.endpoint("/stores", permission="multistore.view", response=StoreSchema, many=True)
def list_stores():
    """The stores (only the user's own for a user assigned to some), with their
    locations, registers and users."""
    mine = my_store_ids()
    found = stores.store_map()
    return [
        stores.describe(store, found)
        for store in stores.list_stores()
        if mine is None or store.id in mine
    ]


@api.endpoint(
    "/stores",
    methods=["POST"],
    permission="multistore.manage",
    body=StoreInSchema,
    response=StoreSchema,
    status=201,
)
def create_store(body):
    """Add a store, with a new stock location of its own unless ``location_id`` names a
    free one; 409 ``duplicate`` when the code is taken. Its registers are those selling
    from its locations (``POST /api/v1/registers`` with its ``location_id``)."""
    store = stores.create_store(body)
    # Who works where decides who sees what: the audit log keeps it.
    audit("multistore.store_create", f"store:{store.id}", dict(body))
    return stores.describe(store)


@api.endpoint("/stores/<int:store_id>", permission="multistore.view", response=StoreSchema)
def get_store(store_id: int):
    """One store; 403 ``other_store`` for a store that is not the user's."""
    store = stores.get_store(store_id)
    check_store(store.id)
    return stores.describe(store)


@api.endpoint(
    "/stores/<int:store_id>",
    methods=["PATCH"],
    permission="multistore.manage",
    body=StorePatchSchema,
    response=StoreSchema,
)
def change_store(store_id: int, body):
    """Change a store's receipt details, adopt locations, set its users (``user_ids``:
    exactly these users work there)."""
    check_store(stores.get_store(store_id).id)
    store = stores.update_store(store_id, body)
    audit("multistore.store_change", f"store:{store.id}", dict(body))
    return stores.describe(store)


@api.endpoint(
    "/stores/<int:store_id>/prices/<int:product_id>",
    methods=["PUT"],
    permission="multistore.manage",
    body=StorePriceInSchema,
    response=StorePriceSchema,
)
def set_store_price(store_id: int, product_id: int, body):
    """Set a product's price in one store, higher or lower than the catalog's (its
    registers sell at it, online and offline), or ``null`` for the catalog's."""
    check_store(stores.get_store(store_id).id)
    if get_product(product_id) is None:
        raise NotFound(_("no product %(id)s", id=product_id))
    db.session.execute(
        sa.delete(StorePrice).where(
            StorePrice.store_id == store_id, StorePrice.product_id == product_id
        )
    )
    if body["price"] is not None:
        db.session.add(StorePrice(store_id=store_id, product_id=product_id, price=body["price"]))
    db.session.flush()
    return {"store_id": store_id, "product_id": product_id, "price": body["price"]}


@api.endpoint(
    "/products/<int:product_id>/stock",
    permission="multistore.lookup",
    response=StoreStockSchema,
    many=True,
)
def product_stock(product_id: int):
    """A product's stock in every store, with each store's locations: what the till
    shows when a customer asks whether another shop has it."""
    if get_product(product_id) is None:
        raise NotFound(_("no product %(id)s", id=product_id))
    return stock.product_stock(product_id)


@api.endpoint(
    "/stores/report",
    permission="reports.view",
    query=ReportQuerySchema,
    response=StoreReportSchema,
)
def store_report(query):
    """Sales between ``from`` and ``to`` per store (the user's own stores) and
    consolidated: count, total, refunded and net, in minor units."""
    return stock.store_figures(query["from"], query["to"], my_store_ids())


@api.endpoint(
    "/transfers",
    permission="multistore.transfer",
    query=TransferQuerySchema,
    response=TransferSchema,
    many=True,
)
def list_transfers(query):
    """Transfers newest first, those of the user's stores (sent or received); filter by
    ``status``. The total is in ``X-Total-Count``."""
    rows, total = transfers.find_transfers(
        my_store_ids(), query.get("status"), query["limit"], query["offset"]
    )
    return Page([transfers.describe(row) for row in rows], total)


@api.endpoint(
    "/transfers",
    methods=["POST"],
    permission="multistore.transfer",
    body=TransferInSchema,
    response=TransferSchema,
    status=201,
)
def create_transfer(body):
    """Draft a transfer of goods from one store to another (nothing moves yet)."""
    check_store(body["from_store_id"])
    return transfers.describe(transfers.create_transfer(body, _user_id()))


@api.endpoint(
    "/transfers/<int:transfer_id>", permission="multistore.transfer", response=TransferSchema
)
def get_transfer(transfer_id: int):
    """One transfer with its lines (sent, received, difference)."""
    transfer = transfers.get_transfer(transfer_id)
    check_transfer(transfer)
    return transfers.describe(transfer)


@api.endpoint(
    "/transfers/<int:transfer_id>/send",
    methods=["POST"],
    permission="multistore.transfer",
    response=TransferSchema,
)
def send_transfer(transfer_id: int):
    """The goods leave: stock is taken from the sending store (``transfer_out`` in the
    ledger). 409 ``transfer_sent``/``transfer_received`` if already done; 409
    ``insufficient_stock`` when the store refuses negative stock and lacks the goods."""
    check_transfer(transfers.get_transfer(transfer_id), side="from")
    allow_negative = (
        current_store().allow_negative_stock
        and not (get_settings("multistore")["transfers_need_stock"])
    )
    return transfers.describe(transfers.send_transfer(transfer_id, _user_id(), allow_negative))


@api.endpoint(
    "/transfers/<int:transfer_id>/receive",
    methods=["POST"],
    permission="multistore.transfer",
    body=ReceiveInSchema,
    response=TransferSchema,
)
def receive_transfer(transfer_id: int, body):
    """The goods arrive: stock is added to the receiving store (``transfer_in``), what
    was counted per product (``lines``; a product left out arrived whole). 409
    ``transfer_draft`` before it is sent, ``transfer_received`` when already received."""
    check_transfer(transfers.get_transfer(transfer_id), side="to")
    counted = {line["product_id"]: Decimal(line["quantity"]) for line in body["lines"]}
    return transfers.describe(transfers.receive_transfer(transfer_id, counted, _user_id()))
