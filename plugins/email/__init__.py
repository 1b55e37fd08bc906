"""E-mail: receipts by e-mail through the shop's SMTP server, the consented customers'
export, a sync hook for mailing services and signed unsubscribe links.

Every message goes through the outbox (:mod:`.delivery`): the sale or the request that
asks for it only writes a queued message; the SMTP conversation happens after commit and
is retried with backoff while the server is away, so a mail server down never slows or
loses a sale.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from core.plugins import PluginInfo

# Imported with the plugin, enabled or not, so that its tables are in the metadata.
from . import hookspecs, models  # noqa: F401
from .hooks import (  # noqa: F401 - the hook implementations pluggy finds here
    email_send,
    pos_register_admin_menu,
    pos_register_api,
    pos_register_assets,
    pos_register_blueprints,
    pos_register_permissions,
    pos_register_settings,
    pos_register_till_actions,
    pos_register_till_strings,
)

plugin_info = PluginInfo(
    name="email",
    title=_l("E-mail"),
    description=_l(
        "Receipts by e-mail in the customer's language, the consented customers' export "
        "and unsubscribe links."
    ),
    depends=("crm",),
    migrations="migrations",
    hookspecs=hookspecs,
)
