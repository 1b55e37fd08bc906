"""Catalog endpoints: products, categories, tax rates."""

from __future__ import annotations

import json
import typing as t

from flask import current_app
from flask_login import current_user

from ..api.blueprint import ApiBlueprint
from ..plugins.scope import home_location
from ..stock.services import default_location
from . import services
from .schemas import (
    CategoryCreateSchema,
    CategorySchema,
    CategoryUpdateSchema,
    DeletedSchema,
    ProductCreateSchema,
    ProductQuerySchema,
    ProductSchema,
    ProductSyncQuerySchema,
    ProductSyncSchema,
    ProductUpdateSchema,
    TaxRateCreateSchema,
    TaxRateSchema,
    TaxRateUpdateSchema,
)
from .sync import changed_products

api = ApiBlueprint("catalog_api", __name__, tag="catalog")


def _stock_location() -> int | None:
    """Where a product's ``stock`` is counted: the shop's default location, or the
    user's store's when it is another (``pos_access_scope``)."""
    default = default_location().id
    home = home_location(default)
    return None if home == default else home


def _with_stock(product: t.Any) -> t.Any:
    services.attach_stock([product], _stock_location())
    return product


# -- products -------------------------------------------------------------------------------


@api.endpoint(
    "/products",
    permission="catalog.view",
    query=ProductQuerySchema,
    response=ProductSchema,
    many=True,
)
def list_products(query):
    """Products, filtered and paginated; the total is in ``X-Total-Count``, counted up to
    10,000: beyond, ``X-Total-Count`` is 10000 and ``X-Total-Count-More: true`` says more
    match (a short word in a catalog of a million matches tens of thousands, and counting
    them all cost more than the page).

    ``?barcode=`` finds the product of a barcode, ``?q=`` searches barcodes, SKUs and
    names, ``?updated_since=`` gives what changed since the till's last sync (inactive
    products included, so the till can drop them), oldest change first. With
    ``&after_id=`` (the id of the last product of the previous page) it is a cursor on
    ``(updated_at, id)``: products changed after ``updated_since``, or at that instant
    with a greater id, so that a sync pages with ``offset=0`` and never fetches a product
    twice nor misses one, even after a bulk import where thousands share an ``updated_at``.
    """
    active = query.get("active", None if "updated_since" in query else True)
    page = services.list_products(
        q=query.get("q"),
        barcode=query.get("barcode"),
        category_id=query.get("category_id"),
        active=active,
        updated_since=query.get("updated_since"),
        after_id=query.get("after_id"),
        limit=query["limit"],
        offset=query["offset"],
    )
    services.attach_stock(page.items, _stock_location())
    return page


@api.endpoint(
    "/products/sync",
    permission="catalog.view",
    query=ProductSyncQuerySchema,
    response=ProductSyncSchema,
    many=True,
)
def sync_products(query):
    """The till's catalog download: products changed after the cursor ``(updated_since,
    after_id)``, inactive ones included, oldest change first, up to 5,000 a page, in the
    fields the till keeps. Give the last product's ``updated_at`` and ``id`` for the next
    page; a page shorter than ``limit`` is the last. No ``X-Total-Count``: counting what
    is left would cost more than the page."""
    products = changed_products(query["updated_since"], query["after_id"], query["limit"])
    # Dumped as built: the rows are already in the schema's shape, and a schema's dump of
    # a million products is most of a first sync's time on the server.
    body = json.dumps(products, ensure_ascii=False, separators=(",", ":"))
    return current_app.response_class(body, mimetype="application/json")


@api.endpoint(
    "/products",
    methods=["POST"],
    permission="catalog.edit",
    body=ProductCreateSchema,
    response=ProductSchema,
    status=201,
)
def create_product(body):
    """Add a product, with its barcodes and an optional initial stock."""
    return _with_stock(services.create_product(body, current_user.id))


@api.endpoint("/products/<int:product_id>", permission="catalog.view", response=ProductSchema)
def get_product(product_id: int):
    """One product, active or not."""
    return _with_stock(services.get_product(product_id))


@api.endpoint(
    "/products/<int:product_id>",
    methods=["PATCH"],
    permission="catalog.edit",
    body=ProductUpdateSchema,
    response=ProductSchema,
)
def update_product(product_id: int, body):
    """Change some fields of a product; ``barcodes`` replaces the whole list."""
    return _with_stock(services.update_product(product_id, body, current_user.id))


@api.endpoint(
    "/products/<int:product_id>",
    methods=["DELETE"],
    permission="catalog.edit",
    response=DeletedSchema,
)
def delete_product(product_id: int):
    """Delete a product; one that was ever sold is deactivated instead (``outcome``)."""
    outcome = services.delete_product(product_id)
    return {"id": product_id, "outcome": outcome}


# -- categories -----------------------------------------------------------------------------


@api.endpoint("/categories", permission="catalog.view", response=CategorySchema, many=True)
def list_categories():
    """Every category, by position then name."""
    return services.list_categories()


@api.endpoint(
    "/categories",
    methods=["POST"],
    permission="catalog.edit",
    body=CategoryCreateSchema,
    response=CategorySchema,
    status=201,
)
def create_category(body):
    """Add a category."""
    return services.create_category(body)


@api.endpoint(
    "/categories/<int:category_id>",
    methods=["PATCH"],
    permission="catalog.edit",
    body=CategoryUpdateSchema,
    response=CategorySchema,
)
def update_category(category_id: int, body):
    """Rename, move or recolour a category."""
    return services.update_category(category_id, body)


@api.endpoint("/categories/<int:category_id>", methods=["DELETE"], permission="catalog.edit")
def delete_category(category_id: int):
    """Remove a category; its products are left without one."""
    services.delete_category(category_id)
    return {"id": category_id, "outcome": "deleted"}


# -- tax rates ------------------------------------------------------------------------------


@api.endpoint("/tax-rates", permission="catalog.view", response=TaxRateSchema, many=True)
def list_tax_rates():
    """Every tax rate, highest first."""
    return services.list_tax_rates()


@api.endpoint(
    "/tax-rates",
    methods=["POST"],
    permission="catalog.edit",
    body=TaxRateCreateSchema,
    response=TaxRateSchema,
    status=201,
)
def create_tax_rate(body):
    """Add a tax rate (``is_default`` makes it the rate of new products)."""
    return services.create_tax_rate(
        body["name"], body["rate"], is_default=body.get("is_default", False)
    )


@api.endpoint(
    "/tax-rates/<int:rate_id>",
    methods=["PATCH"],
    permission="catalog.edit",
    body=TaxRateUpdateSchema,
    response=TaxRateSchema,
)
def update_tax_rate(rate_id: int, body):
    """Rename a rate, change its percentage, or make it the default."""
    return services.update_tax_rate(rate_id, body)
