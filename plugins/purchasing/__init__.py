"""Purchasing: suppliers, reorder points and suggestions, purchase orders received into
stock."""

from core.plugins import PluginInfo
from core.plugins import lazy_gettext as _l

from . import models  # noqa: F401  (the tables belong to the shared metadata)
from .hooks import (  # noqa: F401  (the entry point's namespace holds the hooks)
    pos_register_admin_menu,
    pos_register_api,
    pos_register_assets,
    pos_register_blueprints,
    pos_register_permissions,
    pos_register_settings,
)

plugin_info = PluginInfo(
    name="purchasing",
    title=_l("Purchasing"),
    description=_l(
        "Suppliers, reorder points and suggestions from sales, purchase orders received into stock."
    ),
    depends=(),
    migrations="migrations",
)
