"""Golf: tee sheets with blocked times, bookings of 1 to 4 players (members are crm
customers), green fees by rule charged at check-in in the pro shop's sale, the starter's
list and no-shows, and an API for a booking website.

Other plugins add fields to a booking with the ``golf_booking_fields`` hook
(:mod:`plugins.golf.hookspecs`).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from core.plugins import PluginInfo

# Imported with the plugin, enabled or not, so that its tables are in the metadata.
from . import hookspecs, models  # noqa: F401
from .hooks import (  # noqa: F401 - the hook implementations pluggy finds here
    pos_refund_completing,
    pos_register_admin_menu,
    pos_register_api,
    pos_register_assets,
    pos_register_blueprints,
    pos_register_line_kinds,
    pos_register_permissions,
    pos_register_settings,
    pos_register_till_actions,
    pos_register_till_strings,
    pos_sale_completing,
    pos_sale_validate,
)

plugin_info = PluginInfo(
    name="golf",
    title=_l("Golf"),
    description=_l(
        "Tee sheets, bookings, green fees charged at check-in, the starter's list and"
        " online booking."
    ),
    depends=("crm",),
    # Rain checks become store credit (gift cards) when gift cards are on.
    optional=("giftcards",),
    migrations="migrations",
    hookspecs=hookspecs,
)
