"""The golf plugin's hook implementations."""

from __future__ import annotations

from pathlib import Path

from flask_babel import lazy_gettext as _l

from core.plugins import (
    AssetFolders,
    MenuItem,
    Permission,
    SettingsSchema,
    hookimpl,
)

from . import checkin, memberships
from .settings import GolfSettingsSchema

HERE = Path(__file__).parent


@hookimpl
def pos_register_permissions():
    return [
        Permission(
            "golf.view",
            _l("See tee sheets, bookings and the starter's list"),
            ("cashier", "manager"),
        ),
        # A booking website's API token holds golf.book (and nothing else it needs).
        Permission(
            "golf.book", _l("Book tee times, cancel, record no-shows"), ("cashier", "manager")
        ),
        Permission("golf.manage", _l("Set up courses, blocked times and green fees"), ("manager",)),
    ]


@hookimpl
def pos_register_settings():
    return [SettingsSchema("golf", GolfSettingsSchema, _l("Golf"))]


@hookimpl
def pos_register_line_kinds():
    return [checkin.GreenFeeLine(), memberships.MembershipLine()]


@hookimpl
def pos_register_api():
    from .api import api

    return [api]


@hookimpl
def pos_register_blueprints():
    from .views import pages

    return [pages]


@hookimpl
def pos_register_assets():
    return [
        AssetFolders(
            "golf",
            templates=str(HERE / "templates"),
            static=str(HERE / "static"),
            translations=str(HERE / "translations"),
        )
    ]


@hookimpl
def pos_register_admin_menu():
    return [MenuItem(_l("Tee sheet"), "golf.index", "golf.view", order=60)]


@hookimpl
def pos_sale_validate(cart, store, actor):
    return checkin.validate_cart(cart)


@hookimpl
def pos_sale_completing(sale, cart, store):
    checkin.complete(sale)
    memberships.complete(sale)
