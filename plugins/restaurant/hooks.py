"""The restaurant plugin's implementations of the core's hooks."""

from __future__ import annotations

from pathlib import Path

from flask_babel import lazy_gettext as _l

from core.plugins import (
    AssetFolders,
    CartData,
    MenuItem,
    Permission,
    SettingsSchema,
    hookimpl,
)

from . import billing

HERE = Path(__file__).resolve().parent


@hookimpl
def pos_register_permissions():
    return [
        Permission(
            "restaurant.serve",
            _l("Seat tables, take orders, send courses and bill tables"),
            ("cashier", "manager"),
        ),
        Permission("restaurant.kitchen", _l("See the kitchen display"), ("cashier", "manager")),
        Permission("restaurant.manage", _l("Draw floor plans and set modifiers"), ("manager",)),
        Permission("restaurant.reports", _l("See the restaurant's report"), ("manager",)),
    ]


@hookimpl
def pos_register_settings():
    from .settings import RestaurantSettingsSchema

    return [SettingsSchema("restaurant", RestaurantSettingsSchema, _l("Restaurant"))]


@hookimpl
def pos_register_api():
    from .api import api

    return [api]


@hookimpl
def pos_register_blueprints():
    from .views import bp

    return [bp]


@hookimpl
def pos_register_assets():
    return [
        AssetFolders(
            "restaurant",
            templates=str(HERE / "templates"),
            static=str(HERE / "static"),
            translations=str(HERE / "translations"),
        )
    ]


@hookimpl
def pos_register_admin_menu():
    return [
        MenuItem(_l("Floor plan"), "restaurant.floor", "restaurant.manage", order=60),
        MenuItem(_l("Kitchen display"), "restaurant.kitchen", "restaurant.kitchen", order=61),
    ]


@hookimpl
def pos_register_line_kinds():
    from .lines import ModifierLine

    return [ModifierLine()]


@hookimpl
def pos_register_cart_data():
    from .schemas import RestaurantCartSchema

    return [CartData("restaurant", RestaurantCartSchema)]


@hookimpl
def pos_sale_validate(cart, store, actor):
    return billing.validate_cart(cart)


@hookimpl
def pos_sale_completing(sale, cart, store):
    """Mark the order lines this sale pays, once (a second payment of them rolls back)."""
    billing.mark_paid(sale, cart)
