"""Customers: customers, groups and group discounts, purchase history, GDPR export and
erasure.

Other plugins read customers through its public module, :mod:`plugins.crm.public` (the
only module of crm they may import), and add fields to the customer API with the
``crm_customer_fields`` hook (:mod:`plugins.crm.hookspecs`).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from core.plugins import PluginInfo

# Imported with the plugin, enabled or not, so that its tables are in the metadata.
from . import hookspecs, models  # noqa: F401
from .hooks import (  # noqa: F401 - the hook implementations pluggy finds here
    pos_price_line,
    pos_receipt_sections,
    pos_register_admin_menu,
    pos_register_api,
    pos_register_assets,
    pos_register_blueprints,
    pos_register_event_loaders,
    pos_register_permissions,
    pos_register_settings,
    pos_register_till_actions,
    pos_register_till_strings,
    pos_sale_validate,
)

plugin_info = PluginInfo(
    name="crm",
    title=_l("Customers"),
    description=_l(
        "Customers, groups and group discounts, purchase history, GDPR export and erasure."
    ),
    depends=(),
    migrations="migrations",
    hookspecs=hookspecs,
    public="public",
)
