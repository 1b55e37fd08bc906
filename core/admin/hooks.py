"""The core's admin pages and menu entries."""

from flask_babel import lazy_gettext as _l

from ..plugins.info import MenuItem
from ..plugins.markers import hookimpl
from . import plugin_pages, settings_pages
from .reports import bp as reports_bp
from .users import bp as users_bp
from .views import bp


@hookimpl
def pos_register_blueprints():
    return [bp, users_bp, reports_bp, plugin_pages.bp, settings_pages.bp]


@hookimpl
def pos_register_admin_menu():
    return [
        MenuItem(_l("Dashboard"), "admin.index", "admin.access", order=0),
        MenuItem(_l("Reports"), "admin_reports.index", "reports.view", order=100, section="sales"),
        MenuItem(_l("Users"), "admin_users.users", "users.view", order=700, section="staff"),
        MenuItem(
            _l("Store settings"),
            "admin_settings.store_settings",
            "settings.manage",
            order=850,
            section="settings",
        ),
        MenuItem(
            _l("Plugins"), "admin_plugins.plugins", "plugins.view", order=900, section="settings"
        ),
    ]
