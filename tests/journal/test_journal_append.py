"""Appending to a register's chain inside the caller's transaction."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

from core.db import db


def _entries(register_id):
    from core.journal.models import JournalEntry

    return db.session.scalars(
        sa.select(JournalEntry)
        .where(JournalEntry.register_id == register_id)
        .order_by(JournalEntry.sequence)
    ).all()


def test_entries_chain_from_genesis_to_the_register_head(app, register_id):
    """Each entry holds the previous entry's hash; the register keeps the last one."""
    from core.journal.chain import GENESIS_HASH
    from core.journal.services import append
    from core.registers.models import Register

    with app.app_context():
        for n in range(3):
            append(register_id, "note", f"ref-{n}", {"n": n})
        db.session.commit()
        entries = _entries(register_id)
        register = db.session.get(Register, register_id)
        assert [e.sequence for e in entries] == [1, 2, 3]
        assert [e.previous_hash for e in entries] == [
            GENESIS_HASH,
            entries[0].hash,
            entries[1].hash,
        ]
        assert (register.journal_sequence, register.journal_head) == (3, entries[2].hash)


def test_append_never_commits_and_a_rollback_gives_the_sequence_back(app, register_id):
    """The entry lives or dies with the caller's transaction, its sequence number too."""
    from core.journal.services import append, verify

    with app.app_context():
        append(register_id, "note", "gone", {"n": 1})
        db.session.rollback()
        entry = append(register_id, "note", "kept", {"n": 2})
        db.session.commit()
        assert [(e.sequence, e.reference) for e in _entries(register_id)] == [(1, "kept")]
        assert entry.sequence == 1
        assert verify().ok


def test_a_float_payload_is_refused_before_anything_is_written(app, register_id):
    """Money is never a float: the payload is refused and the chain does not move."""
    from core.journal.chain import NotCanonical
    from core.journal.services import append
    from core.registers.models import Register

    with app.app_context():
        with pytest.raises(NotCanonical):
            append(register_id, "note", "ref", {"amount": 12.5})
        db.session.commit()
        assert db.session.get(Register, register_id).journal_sequence == 0
        assert _entries(register_id) == []


def test_registers_have_independent_chains(app, register_id):
    """Each register numbers its own entries from 1."""
    from core.journal.services import append, verify
    from core.registers.models import Register

    with app.app_context():
        location = db.session.get(Register, register_id).location_id
        other = Register(code="R2", name="Register 2", location_id=location)
        db.session.add(other)
        db.session.flush()
        append(register_id, "note", "a", {})
        append(other.id, "note", "b", {})
        append(register_id, "note", "c", {})
        db.session.commit()
        assert [e.sequence for e in _entries(register_id)] == [1, 2]
        assert [e.sequence for e in _entries(other.id)] == [1]
        result = verify()
        assert result.ok and result.checked == 3 and result.registers == 2


def test_unknown_kinds_are_chained_but_not_checked_against_records(app, register_id):
    """An entry of a kind no one registered a rebuild for (an uninstalled plugin's)
    still has its chain checked and is counted as unchecked."""
    from core.journal.services import append, verify

    with app.app_context():
        append(register_id, "someplugin_thing", "x", {"a": 1})
        db.session.commit()
        result = verify()
    assert (result.ok, result.checked, result.unchecked) == (True, 1, 1)


def test_concurrent_appends_keep_one_gapless_chain(app, register_id):
    """Tills appending to the same register at once queue on its row: one chain, no gap,
    no fork."""
    from core.journal.services import append, verify

    errors: list[BaseException] = []
    start = threading.Barrier(6)

    def till(index: int) -> None:
        try:
            with app.app_context():
                start.wait()
                for n in range(10):
                    append(register_id, "note", f"{index}-{n}", {"till": index, "n": n})
                    db.session.commit()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=till, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    with app.app_context():
        assert [e.sequence for e in _entries(register_id)] == list(range(1, 61))
        result = verify()
    assert result.ok, result.problems


def test_the_key_is_kept_in_the_instance_folder_private(app, register_id):
    """The signing key is a file of the instance (mode 0600), created once."""
    from core.journal.keys import journal_key

    with app.app_context():
        first = journal_key()
        assert journal_key() == first and len(first) == 32
    path = Path(app.instance_path) / "journal.key"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert bytes.fromhex(path.read_text().strip()) == first
