"""Webhooks: subscriptions per event (sales, refunds, stock low, new customers, registers
closed, and the events other plugins declare), each delivered signed, by the outbox,
with retries, a delivery log and "send again".

A receiver is called after the business transaction is committed, from the outbox
(:mod:`.delivery`): a receiver down never slows or undoes a sale.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from core.plugins import PluginInfo

# Imported with the plugin, enabled or not, so that its tables are in the metadata.
from . import hookspecs, models  # noqa: F401
from .hooks import (  # noqa: F401 - the hook implementations pluggy finds here
    crm_customer_created,
    pos_cash_session_closed,
    pos_refund_completed,
    pos_register_admin_menu,
    pos_register_api,
    pos_register_assets,
    pos_register_blueprints,
    pos_register_event_filters,
    pos_register_permissions,
    pos_register_settings,
    pos_sale_completed,
    pos_stock_low,
    webhooks_event,
    webhooks_redeliver,
)

plugin_info = PluginInfo(
    name="webhooks",
    title=_l("Webhooks"),
    description=_l("Tell other systems what happens in the shop, signed, with retries."),
    depends=(),
    migrations="migrations",
    hookspecs=hookspecs,
)
