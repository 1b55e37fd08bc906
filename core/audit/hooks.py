"""The audit log's registrations: its permission, page and menu entry."""

from flask_babel import lazy_gettext as _l

from ..plugins.info import MenuItem, Permission
from ..plugins.markers import hookimpl
from .views import bp


@hookimpl
def pos_register_permissions():
    return [Permission("audit.view", "See the audit log", ("manager",))]


@hookimpl
def pos_register_blueprints():
    return [bp]


@hookimpl
def pos_register_admin_menu():
    return [MenuItem(_l("Audit log"), "audit.index", "audit.view", order=800, section="settings")]
