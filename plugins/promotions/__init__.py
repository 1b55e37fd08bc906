"""Promotions: Timed promotions, bundles, buy X get Y and coupon codes."""

from flask_babel import lazy_gettext as _l

from core.plugins import PluginInfo

from . import models  # noqa: F401  (the tables belong to the shared metadata)
from .hooks import (  # noqa: F401  (the entry point's namespace holds the hooks)
    pos_adjust_cart,
    pos_price_line,
    pos_receipt_sections,
    pos_register_admin_menu,
    pos_register_api,
    pos_register_assets,
    pos_register_blueprints,
    pos_register_cart_data,
    pos_register_permissions,
    pos_register_settings,
    pos_register_till_actions,
    pos_register_till_strings,
    pos_sale_completing,
    pos_sale_validate,
)

plugin_info = PluginInfo(
    name="promotions",
    title=_l("Promotions"),
    description=_l("Timed promotions, bundles, buy X get Y and coupon codes."),
    depends=(),
    migrations="migrations",
)
