"""The journal's signing key, kept in the instance folder and never in the database.

Someone who can write to the database alone can recompute hashes but not signatures, so
they cannot rebuild a chain that :func:`core.journal.services.verify` accepts.
"""

from __future__ import annotations

from flask import current_app

from ..config import instance_secret

KEY_FILE = "journal.key"


def journal_key() -> bytes:
    """The instance's journal key (file ``journal.key``, created once with mode 0600).

    Back it up with the database: without it an intact journal can no longer be told
    from a forged one.
    """
    # Read once per app: the file never changes while the app runs, and every sale signs.
    cached = current_app.extensions.get("comptoir.journal_key")
    if cached is None:
        cached = instance_secret(current_app.instance_path, KEY_FILE)
        current_app.extensions["comptoir.journal_key"] = cached
    return cached
