"""Restaurant: floor plans, table orders shared by several devices, courses sent to the
kitchen and the bar, split bills.

Offers the ``restaurant_*`` hooks of :mod:`plugins.restaurant.hookspecs`.
"""

from flask_babel import lazy_gettext as _l

from core.plugins import PluginInfo

from . import hookspecs, models  # noqa: F401  (the tables belong to the shared metadata)
from .hooks import (  # noqa: F401  (the entry point's namespace holds the hooks)
    pos_adjust_cart,
    pos_line_tax_rate,
    pos_refund_completing,
    pos_register_admin_menu,
    pos_register_api,
    pos_register_assets,
    pos_register_blueprints,
    pos_register_cart_data,
    pos_register_line_kinds,
    pos_register_permissions,
    pos_register_settings,
    pos_register_till_actions,
    pos_register_till_pricing,
    pos_register_till_strings,
    pos_sale_completing,
    pos_sale_validate,
    pos_session_report_sections,
)
from .tips import models as tip_models  # noqa: F401

plugin_info = PluginInfo(
    name="restaurant",
    title=_l("Restaurant"),
    description=_l("Floor plans, shared table orders, courses to the kitchen, split bills."),
    depends=(),
    migrations="migrations",
    hookspecs=hookspecs,
)
