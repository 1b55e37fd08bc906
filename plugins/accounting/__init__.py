"""Accounting: every sale, refund, void and cash movement booked as a balanced
double entry inside its own transaction, on a chart of accounts the merchant maps (French
PCG or Dutch defaults), exported as CSV, FEC and a ledger journal.

Connectors to accounting software are further plugins: they depend on ``accounting``,
read :mod:`plugins.accounting.public` and implement the hooks of
:mod:`plugins.accounting.hookspecs`.
"""

from flask_babel import lazy_gettext as _l

from core.plugins import PluginInfo

from . import hookspecs, models  # noqa: F401  (the tables belong to the shared metadata)
from .hooks import (  # noqa: F401  (the entry point's namespace holds the hooks)
    pos_cash_movement_completing,
    pos_cash_session_closing,
    pos_cash_session_opening,
    pos_refund_completing,
    pos_register_admin_menu,
    pos_register_api,
    pos_register_assets,
    pos_register_blueprints,
    pos_register_permissions,
    pos_register_settings,
    pos_sale_completing,
)

plugin_info = PluginInfo(
    name="accounting",
    title=_l("Accounting"),
    description=_l(
        "Every sale, refund, void and cash movement booked as a balanced double entry; "
        "FEC, CSV and ledger exports."
    ),
    depends=(),
    migrations="migrations",
    hookspecs=hookspecs,
    public="public",
)
