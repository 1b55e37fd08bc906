"""The multistore plugin's hook implementations."""

from __future__ import annotations

from pathlib import Path

from flask_babel import lazy_gettext as _l

from core.plugins import (
    AssetFolders,
    MenuItem,
    Permission,
    RegisterGroup,
    SettingsSchema,
    StoreSettings,
    TillAction,
    hookimpl,
)

from . import store_pricing, stores
from .pricing import shelf_prices
from .settings import MultistoreSettingsSchema

HERE = Path(__file__).resolve().parent

__all__ = [
    "pos_access_scope",
    "pos_register_admin_menu",
    "pos_register_api",
    "pos_register_assets",
    "pos_register_blueprints",
    "pos_report_register_groups",
    "pos_register_permissions",
    "pos_register_settings",
    "pos_shelf_prices",
    "pos_store_of_register",
    "pos_register_till_actions",
    "pos_register_till_strings",
    "pos_seed",
]


@hookimpl
def pos_register_permissions():
    return [
        Permission("multistore.view", _l("See the stores"), ("cashier", "manager")),
        # Owners' decisions: which shops exist, who works where, their prices.
        Permission("multistore.manage", _l("Add and change stores, their staff and prices")),
        Permission(
            "multistore.lookup", _l("Look up an item's stock in every shop"), ("cashier", "manager")
        ),
        Permission("multistore.transfer", _l("Send and receive goods between shops"), ("manager",)),
        Permission(
            "multistore.reserve",
            _l("Keep goods for a customer at a shop, collect and cancel reservations"),
            ("cashier", "manager"),
        ),
        # No default role: a user holding it sees every shop, as admins do.
        Permission("multistore.all_stores", _l("Work in every store")),
    ]


@hookimpl
def pos_register_settings():
    return [SettingsSchema("multistore", MultistoreSettingsSchema, _l("Stores"))]


@hookimpl
def pos_register_blueprints():
    from .reservation_views import pages as reservation_pages
    from .views import pages

    return [pages, reservation_pages]


@hookimpl
def pos_register_api():
    from .api import api
    from .reservation_api import api as reservation_api

    return [api, reservation_api]


@hookimpl
def pos_register_assets():
    return [
        AssetFolders(
            "multistore",
            templates=str(HERE / "templates"),
            static=str(HERE / "static"),
            translations=str(HERE / "translations"),
        )
    ]


@hookimpl
def pos_register_admin_menu():
    return [
        MenuItem(_l("Stores"), "multistore.index", "multistore.view", order=210, section="stock"),
        MenuItem(
            _l("Reservations"),
            "multistore_reservations.index",
            "multistore.reserve",
            order=215,
            section="stock",
        ),
    ]


@hookimpl
def pos_register_till_actions():
    return [
        TillAction(
            code="multistore.lookup",
            title=_l("Other shops"),
            permission="multistore.lookup",
            script="/static/plugins/multistore/lookup.js",
            order=60,
        )
    ]


@hookimpl
def pos_register_till_strings():
    """The words of the till's Other shops action (static/lookup.js)."""
    return {
        "other_shops": _l("Other shops"),
        "barcode_or_sku": _l("Barcode or SKU"),
        "no_such_item": _l("No such item"),
        "this_shop": _l("%(name)s (this shop)"),
        "in_stock": _l("%(quantity)s in stock"),
        "stock_of": _l("Stock of %(name)s"),
        "pick_a_shop": _l("Pick the shop the customer will go to"),
        "keep_it": _l("%(shop)s has %(name)s: call them to keep it for the customer."),
        "available_of": _l("%(available)s available of %(quantity)s in stock"),
        "reserve_at": _l("Keep %(name)s at %(shop)s"),
        "quantity": _l("Quantity"),
        "customer_name": _l("Customer's name"),
        "customer_phone": _l("Phone number"),
        "reserved": _l("%(shop)s keeps %(quantity)s × %(name)s for %(customer)s until %(until)s."),
        "quantity_above_zero": _l("Type a quantity above zero."),
        "none_there": _l("%(shop)s has no %(name)s left."),
    }


@hookimpl
def pos_seed():
    """The shop as it is becomes the first store (once)."""
    stores.ensure_first_store()


@hookimpl
def pos_access_scope(user):
    return stores.scope_for(user)


@hookimpl
def pos_store_of_register(register_id, store):
    return store_settings(register_id, store)


def store_settings(register_id: int, store: StoreSettings) -> StoreSettings | None:
    """The register's store's name, address, VAT number, receipt texts and pricing
    settings over the shop-wide settings."""
    store_id = stores.store_of_register(register_id)
    if store_id is None:
        return None
    own = stores.request_store_map().stores.get(store_id) or stores.get_store(store_id)
    values = store_pricing.over_shop(own, store.values)
    for key in stores.RECEIPT_FIELDS:
        values[key] = getattr(own, key)
    if own.receipt_footer:
        values["receipt_footer"] = own.receipt_footer
    return StoreSettings.from_values(values)


@hookimpl
def pos_report_register_groups(user):
    """Each of the user's stores as a filter of the reports (a store = its registers)."""
    mine = stores.visible_store_ids(user)
    found = stores.store_map()
    return [
        RegisterGroup(store.name, tuple(sorted(found.registers_of({store.id}))))
        for store in stores.list_stores()
        if mine is None or store.id in mine
    ]


@hookimpl
def pos_shelf_prices(register_id, product_ids):
    """The register's store's own prices (higher or lower than the catalog's)."""
    return shelf_prices(register_id, product_ids)
