"""The accounting plugin's hook implementations: every operation booked inside its own
transaction, plus the registrations (permissions, settings, API, pages)."""

from __future__ import annotations

from pathlib import Path

from flask_babel import lazy_gettext as _l

from core.plugins import AssetFolders, MenuItem, Permission, SettingsSchema, hookimpl

from . import services

HERE = Path(__file__).resolve().parent


@hookimpl
def pos_register_permissions():
    return [
        Permission("accounting.view", _l("See the books and export them"), ("manager",)),
        Permission("accounting.manage", _l("Change the chart of accounts mapping"), ()),
    ]


@hookimpl
def pos_register_settings():
    from .settings import AccountingSettingsSchema

    return [SettingsSchema("accounting", AccountingSettingsSchema, "Accounting")]


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
            "accounting",
            templates=str(HERE / "templates"),
            translations=str(HERE / "translations"),
        )
    ]


@hookimpl
def pos_register_admin_menu():
    return [
        MenuItem(
            _l("Accounting"), "accounting.index", "accounting.view", order=620, section="sales"
        )
    ]


# -- inside the operations' transactions -------------------------------------------------------


@hookimpl
def pos_sale_completing(sale, store):
    services.record_sale(sale, store)


@hookimpl
def pos_refund_completing(refund, sale, store):
    services.record_refund(refund, sale, store)


@hookimpl
def pos_cash_session_opening(session, store):
    services.record_float(session, store)


@hookimpl
def pos_cash_movement_completing(movement, session, store):
    services.record_movement(movement, session, store)


@hookimpl
def pos_cash_session_closing(session, store):
    services.record_closing(session, store)
