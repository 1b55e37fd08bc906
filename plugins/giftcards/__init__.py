"""Gift cards: Sell, redeem, reload and refund gift cards."""

from flask_babel import lazy_gettext as _l

from core.plugins import PluginInfo

from . import models  # noqa: F401  (the tables belong to the shared metadata)
from .hooks import (  # noqa: F401  (the entry point's namespace holds the hooks)
    pos_receipt_sections,
    pos_refund_completing,
    pos_register_admin_menu,
    pos_register_api,
    pos_register_assets,
    pos_register_blueprints,
    pos_register_line_kinds,
    pos_register_payment_methods,
    pos_register_permissions,
    pos_register_settings,
    pos_register_till_actions,
    pos_register_till_strings,
    pos_sale_completing,
    pos_sale_validate,
)

plugin_info = PluginInfo(
    name="giftcards",
    title=_l("Gift cards"),
    description=_l("Sell, redeem, reload and refund gift cards."),
    depends=(),
    migrations="migrations",
    public="public",
)
