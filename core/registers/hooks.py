"""Registers' registrations with the core hooks: the first register, the API, the
back-office pages and the journal kinds of cash sessions."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..db import db
from ..plugins.info import EventLoader, MenuItem
from ..plugins.markers import hookimpl
from ..stock.models import Location
from .api import api
from .journal import JOURNAL_KINDS
from .models import CashSession, Register
from .views import bp


@hookimpl
def pos_seed(demo):
    if db.session.scalar(sa.select(Register.id).limit(1)) is None:
        location = db.session.scalar(sa.select(Location).where(Location.is_default))
        db.session.add(Register(code="R1", name="Register 1", location_id=location.id))
        db.session.flush()


@hookimpl
def pos_register_api():
    return [api]


@hookimpl
def pos_register_journal_kinds():
    return list(JOURNAL_KINDS)


@hookimpl
def pos_register_blueprints():
    return [bp]


@hookimpl
def pos_register_admin_menu():
    return [
        MenuItem(_l("Registers"), "registers.index", "registers.view", order=400, section="sales")
    ]


def _closed(payload: dict) -> dict:
    session = db.session.get(CashSession, payload["session_id"])
    return {
        "register_id": session.register_id if session else None,
        "session_id": payload["session_id"],
        "report": session.z_report if session else None,
    }


@hookimpl
def pos_register_event_loaders():
    """``pos_cash_session_closed`` receives the Z report as it was stored at closing."""
    return [EventLoader("pos_cash_session_closed", _closed)]
