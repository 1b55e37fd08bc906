"""Reading and verifying the journal over the API."""

from __future__ import annotations

import sqlalchemy as sa
from flask_login import current_user

from ..api.blueprint import ApiBlueprint
from ..db import db
from ..plugins.scope import scoped_registers
from ..registers.services import get_register
from .closings import close_period, list_closings
from .models import JournalEntry
from .schemas import (
    ClosingInSchema,
    ClosingQuerySchema,
    ClosingSchema,
    JournalEntrySchema,
    JournalQuerySchema,
    VerifyQuerySchema,
)
from .services import verify

api = ApiBlueprint("journal_api", __name__, tag="journal")


@api.endpoint(
    "/journal",
    permission="journal.view",
    query=JournalQuerySchema,
    response=JournalEntrySchema,
    many=True,
)
def list_entries(query):
    """Journal entries in chain order (register, then sequence); page with
    ``after_sequence`` and ``limit`` (at most 1000) for one ``register_id``."""
    select = sa.select(JournalEntry).where(JournalEntry.sequence > query["after_sequence"])
    if query["register_id"] is not None:
        get_register(query["register_id"])
        select = select.where(JournalEntry.register_id == query["register_id"])
    elif (registers := scoped_registers()) is not None:  # the user's stores' only
        select = select.where(JournalEntry.register_id.in_(registers))
    select = select.order_by(JournalEntry.register_id, JournalEntry.sequence)
    return db.session.scalars(select.limit(query["limit"])).all()


@api.endpoint("/journal/verify", permission="journal.view", query=VerifyQuerySchema, statuses=[409])
def verify_journal(query):
    """Check every chain (or one register's) and the business records behind it:
    ``ok``, ``checked`` and the ``problems`` found, in order."""
    if query["register_id"] is not None:
        get_register(query["register_id"])
    return verify(query["register_id"]).as_dict()


@api.endpoint(
    "/journal/closings",
    permission="journal.view",
    query=ClosingQuerySchema,
    response=ClosingSchema,
    many=True,
)
def closings(query):
    """The signed closings, oldest first (``kind``: ``day``, ``month`` or ``year``)."""
    return list_closings(query["kind"])


@api.endpoint(
    "/journal/closings",
    methods=["POST"],
    permission="journal.close",
    body=ClosingInSchema,
    response=ClosingSchema,
    status=201,
)
def close(body):
    """Close a period that is over (UTC): its totals and the grand totals since the first
    sale, chained and signed with the instance's Ed25519 key. 409 ``period_open``,
    ``already_closed`` or ``journal_key_missing``; 422 for a period written wrong."""
    return close_period(body["kind"], body["period"], current_user.username)
