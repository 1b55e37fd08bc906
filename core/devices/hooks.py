"""Devices' registrations with the core hooks: permissions, the API, the back-office
pages and the ``no_sale`` journal kind."""

from flask_babel import lazy_gettext as _l

from ..plugins.info import MenuItem, Permission
from ..plugins.markers import hookimpl
from .api import api
from .nosale import JOURNAL_KINDS
from .views import bp


@hookimpl
def pos_register_permissions():
    return [
        Permission("till.no_sale", _l("Open the cash drawer without a sale"), ("manager",)),
        Permission("devices.view", _l("See registers' devices and their jobs"), ("manager",)),
        Permission(
            "devices.manage", _l("Set up devices, pair agents and retry jobs"), ("manager",)
        ),
    ]


@hookimpl
def pos_register_api():
    return [api]


@hookimpl
def pos_register_journal_kinds():
    return list(JOURNAL_KINDS)


@hookimpl
def pos_register_blueprints():
    return [bp]


@hookimpl
def pos_register_admin_menu():
    return [MenuItem(_l("Devices"), "devices.index", "devices.view", order=410, section="settings")]
