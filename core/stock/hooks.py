"""Stock's registrations with the core hooks."""

import sqlalchemy as sa

from ..db import db
from ..plugins.markers import hookimpl
from .models import Location

DEFAULT_LOCATION_CODE = "main"


@hookimpl
def pos_register_api():
    from .api import api

    return [api]


@hookimpl
def pos_seed(demo):
    if db.session.scalar(sa.select(Location.id).where(Location.is_default)) is None:
        db.session.add(Location(code=DEFAULT_LOCATION_CODE, name="Shop", is_default=True))
        db.session.flush()
