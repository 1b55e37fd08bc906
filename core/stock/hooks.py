"""Stock's registrations with the core hooks: its API, its back-office pages and their
menu entry, its seed (the default location)."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..db import db
from ..plugins.info import EventLoader, MenuItem
from ..plugins.markers import hookimpl
from .models import Location

DEFAULT_LOCATION_CODE = "main"


@hookimpl
def pos_register_api():
    from .api import api

    return [api]


@hookimpl
def pos_register_blueprints():
    from .views import pages

    return [pages]


@hookimpl
def pos_register_admin_menu():
    return [MenuItem(_l("Stock"), "stock_admin.levels", "stock.view", order=200, section="stock")]


@hookimpl
def pos_seed(demo):
    if db.session.scalar(sa.select(Location.id).where(Location.is_default)) is None:
        db.session.add(Location(code=DEFAULT_LOCATION_CODE, name="Shop", is_default=True))
        db.session.flush()


def _low(payload: dict) -> dict:
    from decimal import Decimal

    from ..catalog.records import get_product

    return {
        "product": get_product(payload["product_id"]),
        "location_id": payload["location_id"],
        "quantity": Decimal(payload["quantity"]),
        "level": Decimal(payload["level"]),
    }


@hookimpl
def pos_register_event_loaders():
    """``pos_stock_low`` receives the product, freshly loaded, and the figures of the
    move that took it low."""
    return [EventLoader("pos_stock_low", _low)]
