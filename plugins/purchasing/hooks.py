"""The purchasing plugin's hook implementations."""

from __future__ import annotations

from pathlib import Path

from core.plugins import (
    AssetFolders,
    MenuItem,
    Permission,
    SettingsSchema,
    hookimpl,
)
from core.plugins import (
    lazy_gettext as _l,
)

HERE = Path(__file__).resolve().parent


@hookimpl
def pos_register_permissions():
    return [
        Permission(
            "purchasing.view", _l("See suppliers, purchase orders and reordering"), ("manager",)
        ),
        Permission(
            "purchasing.manage",
            _l("Manage suppliers and reorder points, draft, send and cancel purchase orders"),
            ("manager",),
        ),
        Permission(
            "purchasing.receive", _l("Book goods received on purchase orders"), ("manager",)
        ),
    ]


@hookimpl
def pos_register_settings():
    from .settings import PurchasingSettingsSchema

    return [SettingsSchema("purchasing", PurchasingSettingsSchema, "Purchasing")]


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
            "purchasing",
            templates=str(HERE / "templates"),
            translations=str(HERE / "translations"),
        )
    ]


@hookimpl
def pos_register_admin_menu():
    return [
        MenuItem(
            _l("Purchasing"), "purchasing.index", "purchasing.view", order=230, section="stock"
        )
    ]
