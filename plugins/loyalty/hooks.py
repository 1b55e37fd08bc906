"""The loyalty plugin's hook implementations."""

from __future__ import annotations

from pathlib import Path

from flask_babel import lazy_gettext as _l

from core.plugins import (
    AssetFolders,
    MenuItem,
    Permission,
    SettingsSchema,
    TillAction,
    hookimpl,
)

from . import services
from .payment import LoyaltyPayment
from .receipts import loyalty_section
from .rules import tier_for
from .settings import LoyaltySettingsSchema

HERE = Path(__file__).parent

__all__ = [
    "crm_customer_fields",
    "pos_receipt_sections",
    "pos_refund_completing",
    "pos_register_admin_menu",
    "pos_register_api",
    "pos_register_assets",
    "pos_register_blueprints",
    "pos_register_payment_methods",
    "pos_register_permissions",
    "pos_register_settings",
    "pos_register_till_actions",
    "pos_sale_completing",
]


@hookimpl
def pos_register_permissions():
    return [
        Permission("loyalty.view", _l("See customers' loyalty points"), ("cashier", "manager")),
        Permission("loyalty.adjust", _l("Add or take back loyalty points by hand"), ("manager",)),
    ]


@hookimpl
def pos_register_settings():
    return [SettingsSchema("loyalty", LoyaltySettingsSchema, _l("Loyalty"))]


@hookimpl
def pos_register_payment_methods():
    return [LoyaltyPayment()]


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
            "loyalty",
            templates=str(HERE / "templates"),
            static=str(HERE / "static"),
            translations=str(HERE / "translations"),
        )
    ]


@hookimpl
def pos_register_admin_menu():
    return [
        MenuItem(_l("Loyalty"), "loyalty.index", "loyalty.view", order=210, section="customers")
    ]


@hookimpl
def pos_register_till_strings():
    """The words of the till's Points action (static/points.js)."""
    return {
        "no_customer": _l("No customer attached to this sale."),
        "points_of": _l("%(name)s: %(points)s pts (%(worth)s)"),
    }


@hookimpl
def pos_register_till_actions():
    return [
        TillAction(
            "loyalty.points",
            _l("Points"),
            "loyalty.view",
            "/static/plugins/loyalty/points.js",
            order=20,
        )
    ]


@hookimpl
def pos_sale_completing(sale, cart, store):
    services.earn_for_sale(sale, cart)


@hookimpl
def pos_refund_completing(refund, sale, store):
    services.unearn_for_refund(refund, sale)


@hookimpl
def pos_receipt_sections(sale, store):
    return loyalty_section(sale)


@hookimpl
def crm_customer_fields(customer):
    account = services.get_account(customer.id)
    lifetime = int(account.lifetime_points) if account else 0
    tier = tier_for(lifetime, services.settings()["tiers"])
    return {
        "loyalty_points": int(account.points) if account else 0,
        "loyalty_tier": tier["name"] if tier else None,
    }
