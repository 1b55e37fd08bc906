"""Stock endpoints: levels, adjustments and counts, the movement ledger."""

from __future__ import annotations

from types import SimpleNamespace

from flask_babel import gettext as _
from flask_login import current_user

from ..api.blueprint import ApiBlueprint
from ..catalog.models import Product
from ..db import db
from ..errors import NotFound
from ..paging import Page
from ..plugins.scope import current_scope, home_location
from ..stores.settings import current_store
from . import services
from .schemas import (
    AdjustmentResultSchema,
    AdjustmentSchema,
    MovementQuerySchema,
    MovementSchema,
    StockLevelSchema,
    StockQuerySchema,
)

api = ApiBlueprint("stock_api", __name__, tag="stock")


def _location_id(location_id: int | None) -> int:
    if location_id is None:
        return home_location(services.default_location().id)
    if services.get_location(location_id) is None:
        raise NotFound(_("no location %(id)s", id=location_id))
    return location_id


def _check_product(product_id: int) -> None:
    if db.session.get(Product, product_id) is None:
        raise NotFound(_("no product %(id)s", id=product_id))


@api.endpoint(
    "/stock", permission="stock.view", query=StockQuerySchema, response=StockLevelSchema, many=True
)
def stock_levels(query):
    """Stock levels at a location (the default one unless ``location_id``), of one
    product with ``product_id`` (zero if it never moved), or of all, by product id."""
    location_id = _location_id(query.get("location_id"))
    product_id = query.get("product_id")
    if product_id is not None:
        _check_product(product_id)
        level = SimpleNamespace(
            product_id=product_id,
            location_id=location_id,
            quantity=services.stock_level(product_id, location_id),
        )
        return Page([level], 1)
    rows, total = services.levels(
        location_id=location_id, limit=query["limit"], offset=query["offset"]
    )
    return Page(rows, total)


@api.endpoint(
    "/stock/adjustments",
    methods=["POST"],
    permission="stock.adjust",
    body=AdjustmentSchema,
    response=AdjustmentResultSchema,
    status=201,
)
def adjust_stock(body):
    """Adjust a product's stock by a ``delta`` (``reason`` adjustment, or receipt for
    goods received) or set it to what was ``counted``. Refused with a 409 when it would
    go below zero and the store refuses negative stock."""
    product_id = body["product_id"]
    _check_product(product_id)
    location_id = _location_id(body.get("location_id"))
    movement, quantity = services.adjust_stock(
        product_id,
        location_id,
        delta=body.get("delta"),
        counted=body.get("counted"),
        reason=body["reason"],
        user_id=current_user.id,
        note=body["note"],
        allow_negative=current_store().allow_negative_stock,
    )
    movement.quantity = quantity  # type: ignore[attr-defined]  # for the answer only
    return movement


@api.endpoint(
    "/stock/movements",
    permission="stock.view",
    query=MovementQuerySchema,
    response=MovementSchema,
    many=True,
)
def stock_movements(query):
    """The ledger of stock movements, newest first, with reasons, users and references;
    the total is in ``X-Total-Count``."""
    product_id = query.get("product_id")
    if product_id is not None:
        _check_product(product_id)
    location_id = query.get("location_id")
    scope = current_scope()
    if location_id is None and scope is not None:
        # The ledger of the user's stores only: their locations, or nothing.
        location_id = tuple(sorted(scope.location_ids))
    rows, total = services.movements(
        product_id=product_id,
        location_id=location_id,
        limit=query["limit"],
        offset=query["offset"],
    )
    return Page(rows, total)
