"""Reading and verifying the journal over the API."""

from __future__ import annotations

import sqlalchemy as sa

from ..api.blueprint import ApiBlueprint
from ..db import db
from ..registers.services import get_register
from .models import JournalEntry
from .schemas import JournalEntrySchema, JournalQuerySchema, VerifyQuerySchema
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
    select = select.order_by(JournalEntry.register_id, JournalEntry.sequence)
    return db.session.scalars(select.limit(query["limit"])).all()


@api.endpoint("/journal/verify", permission="journal.view", query=VerifyQuerySchema)
def verify_journal(query):
    """Check every chain (or one register's) and the business records behind it:
    ``ok``, ``checked`` and the ``problems`` found, in order."""
    if query["register_id"] is not None:
        get_register(query["register_id"])
    return verify(query["register_id"]).as_dict()
