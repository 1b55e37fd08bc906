"""Stores: several shops of one merchant, with their own registers, stock locations,
staff, receipts and prices; goods moved between them; reports per shop and together.

A user assigned to some stores sees and sells only there: the plugin answers the core's
``pos_access_scope`` hook, and the core refuses another store's registers, sales, stock
and reports on every endpoint and page.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from core.plugins import PluginInfo

# Imported with the plugin, enabled or not, so that its tables are in the metadata.
from . import models, reservation_models  # noqa: F401
from .hooks import (  # noqa: F401 - the hook implementations pluggy finds here
    pos_access_scope,
    pos_register_admin_menu,
    pos_register_api,
    pos_register_assets,
    pos_register_blueprints,
    pos_register_permissions,
    pos_register_settings,
    pos_register_till_actions,
    pos_register_till_strings,
    pos_report_register_groups,
    pos_seed,
    pos_shelf_prices,
    pos_store_of_register,
)

plugin_info = PluginInfo(
    name="multistore",
    title=_l("Stores"),
    description=_l(
        "Several shops: registers, stock, staff, receipts and prices per shop, transfers "
        "between them, reports per shop and together."
    ),
    depends=(),
    migrations="migrations",
)
