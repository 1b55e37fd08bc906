"""Time clock: staff clock in and out at the till with their PIN, take breaks, and
managers correct times, plan shifts and export hours for payroll."""

from flask_babel import lazy_gettext as _l

from core.plugins import PluginInfo

from . import models  # noqa: F401  (the tables belong to the shared metadata)
from .hooks import (  # noqa: F401  (the entry point's namespace holds the hooks)
    pos_register_admin_menu,
    pos_register_api,
    pos_register_assets,
    pos_register_blueprints,
    pos_register_permissions,
    pos_register_settings,
    pos_register_till_actions,
    pos_register_till_strings,
    pos_report_sections,
)

plugin_info = PluginInfo(
    name="timeclock",
    title=_l("Time clock"),
    description=_l("Clock in and out at the till, breaks, shifts, hours and payroll."),
    depends=(),
    migrations="migrations",
)
