"""Loyalty: points earned on sales and redeemed as a payment.

Needs crm: points belong to crm's customers, and the customer API shows the balance
through crm's ``crm_customer_fields`` hook.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from core.plugins import PluginInfo

# Imported with the plugin, enabled or not, so that its tables are in the metadata.
from . import models  # noqa: F401
from .hooks import (  # noqa: F401 - the hook implementations pluggy finds here
    crm_customer_fields,
    pos_receipt_sections,
    pos_refund_completing,
    pos_register_admin_menu,
    pos_register_api,
    pos_register_assets,
    pos_register_blueprints,
    pos_register_payment_methods,
    pos_register_permissions,
    pos_register_settings,
    pos_register_till_actions,
    pos_register_till_strings,
    pos_sale_completing,
)

plugin_info = PluginInfo(
    name="loyalty",
    title=_l("Loyalty"),
    description=_l("Points earned on sales and redeemed as a payment."),
    depends=("crm",),
    migrations="migrations",
)
