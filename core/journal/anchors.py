"""The anchor log: the chain heads written outside the database, in the instance folder.

Someone who can write to the database alone can cut the end of a register's chain (the
entries, their records, the register's counters) and leave a chain that is whole and
signed up to its new end. The anchor log is what they cannot reach: after each commit
that appended to the journal, one line per register touched (its code, its new sequence
and head) is appended to ``journal.anchors`` in the instance folder and fsynced before
the answer goes out. ``verify`` then reports a database chain that is shorter than the
anchored head, or that has another hash at an anchored sequence (an older copy put back,
then sold on).

Written after the commit, never before: a transaction rolled back must not anchor a head
that never existed. A crash between the commit and the write leaves that head
unanchored (the entries are still in the chain; only a cut of them would go unseen).
Each line is one ``write`` on a descriptor opened with ``O_APPEND``, so the lines of
several workers never interleave.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import typing as t
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

logger = logging.getLogger("comptoir.journal")

ANCHOR_FILE = "journal.anchors"
#: The pseudo register code under which the chain of closings is anchored.
CLOSINGS = "#closings"
_PENDING = "comptoir.journal_anchors"


def anchor_path(instance_path: str | os.PathLike) -> Path:
    return Path(instance_path) / ANCHOR_FILE


def note_head(register_code: str, sequence: int, head: str) -> None:
    """Remember a register's new head, to be anchored when the session commits."""
    from ..db import db

    session = db.session()
    pending = session.info.setdefault(_PENDING, {})
    pending[register_code] = (current_app.instance_path, sequence, head)


def _append(path: str, data: bytes) -> None:
    """One ``write`` on a descriptor opened with ``O_APPEND``, then synced. Opened per
    write: the open and close cost microseconds beside the sync's milliseconds, and no
    descriptor outlives the app that wrote."""
    existed = os.path.exists(path)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, data)
        _sync(fd)
    finally:
        os.close(fd)
    if not existed:
        # The new name itself must survive a crash: sync the folder once.
        folder = os.open(os.path.dirname(path), os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def write_heads(heads: t.Iterable[tuple[str, str, int, str]]) -> None:
    """Append ``(instance path, register code, sequence, head)`` lines and fsync them."""
    at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    by_path: dict[str, list[bytes]] = {}
    for instance_path, code, sequence, head in heads:
        line = json.dumps({"r": code, "s": sequence, "h": head, "at": at}, ensure_ascii=False)
        by_path.setdefault(str(anchor_path(instance_path)), []).append(line.encode() + b"\n")
    for path, lines in by_path.items():
        _append(path, b"".join(lines))


#: fdatasync where there is one: it flushes the data and the new length (what reading
#: the line back needs) without the times, which fsync also writes.
_sync = getattr(os, "fdatasync", os.fsync)


@sa.event.listens_for(sa.orm.Session, "after_commit")
def _anchor_committed(session: sa.orm.Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    try:
        write_heads(
            (path, code, sequence, head) for code, (path, sequence, head) in pending.items()
        )
    except OSError:
        # The sale is committed: failing its answer now would only make the till retry
        # it. Say it loudly instead; until the log is writable again, a cut of these
        # entries would go unseen.
        logger.exception(
            "journal anchor log not written (heads %s): fix the instance folder",
            {code: sequence for code, (_path, sequence, _head) in pending.items()},
        )


@sa.event.listens_for(sa.orm.Session, "after_soft_rollback")
def _forget_rolled_back(session: sa.orm.Session, _previous: t.Any) -> None:
    # A savepoint rolled back may have undone an append: forget the whole transaction's
    # heads. Leaving a head unanchored is safe; anchoring one that never existed is not.
    session.info.pop(_PENDING, None)


@dataclass
class Anchors:
    """What the anchor log says of one register: the anchored hash of each sequence and
    the highest sequence anchored, with when."""

    hashes: dict[int, str] = field(default_factory=dict)
    #: Sequences anchored with two different hashes: the chain was rewound and went on.
    conflicts: dict[int, tuple[str, str]] = field(default_factory=dict)
    last: int = 0
    last_at: str = ""


def read_anchors(instance_path: str | os.PathLike) -> dict[str, Anchors] | None:
    """The anchor log by register code, or ``None`` when there is no log. A line cut short
    by a crash (the last one) is ignored."""
    path = anchor_path(instance_path)
    if not path.exists():
        return None
    registers: dict[str, Anchors] = {}
    with path.open("rb") as fh:
        for raw in fh:
            try:
                line = json.loads(raw)
                code, sequence, head = line["r"], line["s"], line["h"]
            except (ValueError, KeyError, TypeError):
                continue
            if not isinstance(sequence, int) or not isinstance(head, str):
                continue
            anchors = registers.setdefault(code, Anchors())
            known = anchors.hashes.get(sequence)
            if known is not None and known != head:
                anchors.conflicts.setdefault(sequence, (known, head))
            anchors.hashes[sequence] = head
            if sequence >= anchors.last:
                anchors.last, anchors.last_at = sequence, str(line.get("at", ""))
    return registers


def seed_anchor_log(instance_path: str | os.PathLike, heads: dict[str, tuple[int, str]]) -> bool:
    """Start the anchor log of an instance that has none from the heads the database holds
    now (``comptoir init`` on an instance older than the log). Returns whether it wrote."""
    if anchor_path(instance_path).exists():
        return False
    write_heads(
        (str(instance_path), code, sequence, head)
        for code, (sequence, head) in sorted(heads.items())
        if sequence > 0
    )
    anchor_path(instance_path).touch(mode=0o600)
    return True
