"""The crm plugin's hook implementations."""

from __future__ import annotations

from pathlib import Path

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from core.plugins import (
    AssetFolders,
    EventLoader,
    MenuItem,
    Permission,
    Problem,
    SettingsSchema,
    TillAction,
    hookimpl,
)

from .pricing import group_adjustment
from .receipts import customer_section
from .services import get_customer
from .settings import CrmSettingsSchema

HERE = Path(__file__).parent

__all__ = [
    "pos_price_line",
    "pos_receipt_sections",
    "pos_register_admin_menu",
    "pos_register_api",
    "pos_register_assets",
    "pos_register_blueprints",
    "pos_register_event_loaders",
    "pos_register_permissions",
    "pos_register_settings",
    "pos_register_till_actions",
    "pos_sale_validate",
]


@hookimpl
def pos_register_permissions():
    return [
        Permission("crm.view", _l("See and search customers"), ("cashier", "manager")),
        Permission("crm.create", _l("Add customers (at the till)"), ("cashier", "manager")),
        Permission("crm.edit", _l("Change customers and groups, export their data"), ("manager",)),
        # A group's discount comes off every sale to its members: a manager's decision.
        Permission("crm.assign_group", _l("Put customers in discount groups"), ("manager",)),
        # No default role: erasing personal data is the admin's decision.
        Permission("crm.erase", _l("Erase a customer's personal data (GDPR)")),
    ]


@hookimpl
def pos_register_settings():
    return [SettingsSchema("crm", CrmSettingsSchema, _l("Customers"))]


@hookimpl
def pos_register_blueprints():
    from .views import pages

    return [pages]


@hookimpl
def pos_register_api():
    from .api import api

    return [api]


@hookimpl
def pos_register_assets():
    return [
        AssetFolders(
            "crm",
            templates=str(HERE / "templates"),
            static=str(HERE / "static"),
            translations=str(HERE / "translations"),
        )
    ]


@hookimpl
def pos_register_event_loaders():
    """``crm_customer_created`` receives the customer, freshly loaded, from its id."""
    from .public import get_customer as customer_view

    return [
        EventLoader("crm_customer_created", lambda p: {"customer": customer_view(p["customer_id"])})
    ]


@hookimpl
def pos_register_admin_menu():
    return [MenuItem(_l("Customers"), "crm.index", "crm.view", order=200, section="customers")]


@hookimpl
def pos_register_till_strings():
    """The words of the till's Customer action (static/customer.js)."""
    return {
        "create": _l("Create"),
        "create_question": _l('No customer "%(text)s". Create one?'),
        "customer": _l("Customer"),
        "email_optional": _l("E-mail (optional)"),
        "many_found": _l('%(count)s customers match "%(text)s"'),
        "name": _l("Customer name"),
        "new_customer": _l("New customer"),
        "none_found": _l('No customer "%(text)s"'),
        "phone_optional": _l("Phone (optional)"),
        "points": _l("%(points)s pts"),
        "remove": _l("Remove"),
        "remove_from_sale": _l("Remove %(name)s from this sale?"),
        "removed": _l("%(name)s removed"),
        "search": _l("Search"),
        "search_label": _l("Name, e-mail, phone, or scan the card"),
    }


@hookimpl
def pos_register_till_actions():
    return [
        TillAction(
            "crm.customer",
            _l("Customer"),
            "crm.view",
            "/static/plugins/crm/customer.js",
            order=10,
            hotkey="F6",
        )
    ]


@hookimpl
def pos_price_line(line, cart, store):
    return group_adjustment(line, cart)


@hookimpl
def pos_sale_validate(cart, store, actor):
    if cart.customer_id is None:
        return None
    customer = get_customer(cart.customer_id)
    if customer is None:
        return [
            Problem("unknown_customer", _("no customer %(id)s", id=cart.customer_id), "customer_id")
        ]
    if customer.erased:
        return [
            Problem(
                "unknown_customer",
                _("customer %(id)s was erased", id=cart.customer_id),
                "customer_id",
            )
        ]
    return None


@hookimpl
def pos_receipt_sections(sale, store):
    return customer_section(sale, store)
