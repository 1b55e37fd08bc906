"""Appending to the journal and verifying it.

Each register has its own chain: entry ``n`` of a register holds the hash of entry
``n - 1``, and the register row keeps the chain head (``journal_sequence``,
``journal_head``). Appending advances the head with one ``UPDATE ... RETURNING``, which
row-locks the register on PostgreSQL: appends to one register are serialized, other
registers never wait.
"""

from __future__ import annotations

import json
import typing as t
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm.attributes import set_committed_value

from ..db import db, utcnow, write_transaction
from ..registers.models import CashSession, Register
from .anchors import ANCHOR_FILE, CLOSINGS, Anchors, note_head, read_anchors
from .chain import (
    GENESIS_HASH,
    NotCanonical,
    canonical_json,
    entry_hash,
    entry_hash_of_body,
    sign,
    signature_matches,
)
from .keys import existing_journal_key, journal_key
from .kinds import get_kind
from .models import JournalClosing, JournalEntry

_register = Register.__table__
_entry = JournalEntry.__table__
# Built once: an append runs on every sale, under the write lock, and building a
# statement costs several times more than executing a prepared one.
_TAKE_SLOT = (
    sa.update(_register)
    .where(_register.c.id == sa.bindparam("register"))
    .values(journal_sequence=_register.c.journal_sequence + 1)
    .returning(_register.c.journal_sequence, _register.c.journal_head, _register.c.code)
)
_INSERT_ENTRY = sa.insert(_entry).returning(_entry.c.id)
_SET_HEAD = (
    sa.update(_register)
    .where(_register.c.id == sa.bindparam("register"))
    .values(journal_head=sa.bindparam("head"))
)
# On PostgreSQL the entry and the register's new head go in one statement (a round trip
# less per sale): the INSERT as a data-modifying CTE of the head's UPDATE. SQLite has no
# INSERT inside WITH; there they are two statements.
_ENTRY_CTE = (
    sa.insert(_entry)
    .values(
        {
            column.key: sa.bindparam(column.key, type_=column.type)
            for column in _entry.c
            if column.key != "id"
        }
    )
    .returning(_entry.c.id)
    .cte("entry")
)
_INSERT_ENTRY_SET_HEAD = (
    sa.update(_register)
    .where(_register.c.id == sa.bindparam("register"))
    .values(journal_head=sa.bindparam("head"))
    .returning(sa.select(_ENTRY_CTE.c.id).scalar_subquery())
    .add_cte(_ENTRY_CTE)
)
#: Entries read per query while verifying (keyset pages; the session's identity map
#: holds them weakly, so memory stays flat).
VERIFY_PAGE = 500


@dataclass(frozen=True)
class ChainSlot:
    """A sequence number already taken on a register's chain, with the head before it
    (see :func:`append`'s ``slot``)."""

    sequence: int
    previous_hash: str
    register_code: str


def append(
    register_id: int,
    kind: str,
    reference: str,
    payload: dict[str, t.Any],
    slot: ChainSlot | None = None,
) -> JournalEntry:
    """Append an entry to the register's chain inside the caller's transaction.

    ``slot``: the caller already advanced ``register.journal_sequence`` in the same
    transaction (the sales engine does it in the statement that takes the receipt
    number, to hold the write lock for one statement less).

    Never commits: the entry lives or dies with the business record it describes, and a
    rollback gives its sequence number back. ``payload`` holds business identifiers and
    integer amounts (no floats, no database ids alone); it is stored in canonical form.

    :raise NotCanonical: for a payload the canonical form refuses (before any write).
    :raise LookupError: for an unknown register.
    """
    if not isinstance(payload, dict):
        raise NotCanonical("a journal payload is a dict")
    body = canonical_json(payload)
    if not kind or len(kind) > 32:
        raise ValueError(f"a journal kind is 1 to 32 characters: {kind!r}")
    if not reference or len(reference) > 64:
        raise ValueError(f"a journal reference is 1 to 64 characters: {reference!r}")
    connection = write_transaction()
    if slot is None:
        row = connection.execute(_TAKE_SLOT, {"register": register_id}).one_or_none()
        if row is None:
            raise LookupError(f"no register with id {register_id}")
        slot = ChainSlot(*row)
    sequence, previous_hash, code = slot.sequence, slot.previous_hash, slot.register_code
    digest = entry_hash_of_body(previous_hash, code, sequence, kind, reference, body)
    values = {
        "register_id": register_id,
        "sequence": sequence,
        "kind": kind,
        "reference": reference,
        "payload": json.loads(body),
        "previous_hash": previous_hash,
        "hash": digest,
        "signature": sign(journal_key(), digest),
        "created_at": utcnow(),
    }
    if connection.dialect.name == "postgresql":
        entry_id = connection.execute(
            _INSERT_ENTRY_SET_HEAD, {**values, "register": register_id, "head": digest}
        ).scalar_one()
    else:
        entry_id = connection.execute(_INSERT_ENTRY, values).scalar_one()
        connection.execute(_SET_HEAD, {"register": register_id, "head": digest})
    note_register_counters(register_id, journal_sequence=sequence, journal_head=digest)
    note_head(code, sequence, digest)
    return JournalEntry(id=entry_id, **values)


def append_entry(register_id: int, kind: str, reference: str, payload: dict[str, t.Any]) -> None:
    """Append an entry of a plugin's ``kind`` to a register's tamper-evident journal,
    inside the caller's transaction (it lives or dies with the records it describes).

    ``kind`` is declared with ``pos_register_journal_kinds`` (a
    :class:`core.plugins.JournalKind`, whose ``rebuild(reference)`` gives back this
    ``payload`` from the plugin's records: ``comptoir journal verify`` compares them).
    ``payload`` holds strings, integers (amounts in minor units), booleans, lists and
    dicts: no floats, decimals as strings.

    Example, a parcel handed over with a sale, inside ``pos_sale_completing``::

        append_journal_entry(
            sale.register_id, "parcel_handed_over", parcel.code, {"code": parcel.code, "fee": 150}
        )

    :raises ValueError: for a kind no enabled plugin declares, or a payload that is not
        plain JSON.
    """
    if get_kind(kind) is None:
        raise ValueError(f"journal kind {kind!r} is not declared (pos_register_journal_kinds)")
    try:
        append(register_id, kind, reference, payload)
    except NotCanonical as exc:
        raise ValueError(f"journal payload: {exc}") from None


def note_register_counters(register_id: int, **values: t.Any) -> None:
    """Tell a loaded :class:`Register` the counters just changed in SQL, so it is neither
    stale nor reloaded by the next attribute read (as expiring it would do)."""
    loaded = db.session.identity_map.get(db.session.identity_key(Register, register_id))
    if loaded is not None:
        for name, value in values.items():
            set_committed_value(loaded, name, value)


@dataclass(frozen=True)
class Problem:
    """One bad record: where it is and why. ``code`` is one of ``changed``,
    ``bad_signature``, ``chain_broken``, ``removed``, ``inserted``, ``truncated``,
    ``head_mismatch``, ``z_report_head``, ``record_changed``, ``record_missing``,
    ``anchor_cut``, ``anchor_diverged``, ``anchor_log_missing``, ``unjournaled``."""

    register_code: str
    sequence: int
    reason: str
    kind: str = ""
    reference: str = ""
    code: str = ""

    def describe(self) -> str:
        where = f"register {self.register_code}, sequence {self.sequence}"
        if self.kind:
            where += f", kind {self.kind}, reference {self.reference}"
        return f"{where}: {self.reason}"


@dataclass
class VerifyResult:
    """``checked`` entries were read; ``unchecked`` of them have a kind nobody registered
    a rebuild for (their chain was checked, not their business record)."""

    checked: int = 0
    problems: list[Problem] = field(default_factory=list)
    registers: int = 0
    unchecked: int = 0
    #: Signed closings checked.
    closings: int = 0
    #: Register code -> ``{"sequence", "head"}`` as the registers hold them.
    heads: dict[str, dict[str, t.Any]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, t.Any]:
        return {
            "ok": self.ok,
            "checked": self.checked,
            "unchecked": self.unchecked,
            "registers": self.registers,
            "closings": self.closings,
            "heads": self.heads,
            "problems": [
                {
                    "register": p.register_code,
                    "sequence": p.sequence,
                    "kind": p.kind,
                    "reference": p.reference,
                    "code": p.code,
                    "reason": p.reason,
                }
                for p in self.problems
            ],
        }


def verify(register_id: int | None = None) -> VerifyResult:
    """Check every register's chain (or one register's) and each entry's business record.

    For each entry, in sequence order: the hash is recomputed from its stored fields
    (``changed``), the signature checked with the instance key (``bad_signature``), the
    link to the entry before (``chain_broken``) and the gap-free numbering from 1
    (``removed``, ``inserted``); the chain must end at the register's head
    (``truncated``, ``head_mismatch``) and still reach the heads printed on the stored Z
    reports (``truncated``, ``z_report_head``) and the heads written to the anchor log in
    the instance folder, outside the database (``anchor_cut``, ``anchor_diverged``,
    ``anchor_log_missing``). Authentic entries are then compared with what their kind's
    ``rebuild(reference)`` makes of the business records today (``record_changed``,
    ``record_missing``), and every sale, refund, void, cash movement and cash session must
    have its entry (``unjournaled``). Reads only; creates no key.

    :raise MissingKey: when the instance folder has no journal key.
    """
    key = existing_journal_key()
    anchors = read_anchors(current_app.instance_path)
    query = sa.select(Register).order_by(Register.code)
    if register_id is not None:
        query = query.where(Register.id == register_id)
    result = VerifyResult()
    registers = db.session.scalars(query).all()
    for register in registers:
        result.registers += 1
        result.heads[register.code] = {
            "sequence": register.journal_sequence,
            "head": register.journal_head,
        }
        register_anchors = None if anchors is None else anchors.get(register.code, Anchors())
        _verify_register(register, key, result, register_anchors)
    if anchors is None and any(r.journal_sequence > 0 for r in registers):
        result.problems.append(
            Problem(
                "",
                0,
                f"no anchor log ({ANCHOR_FILE} in the instance folder): a cut at the end of "
                "the journal cannot be told from its real end (run 'comptoir init' to start "
                "one from today's heads, if the log was never written)",
                code="anchor_log_missing",
            )
        )
    if anchors is not None and register_id is None:
        known = {r.code for r in registers}
        for code, lost in sorted(anchors.items()):
            if code not in known and code != CLOSINGS and lost.last > 0:
                result.problems.append(
                    Problem(
                        code,
                        1,
                        f"the anchor log holds head #{lost.last} ({lost.last_at}) of a "
                        "register the database no longer has: removed",
                        code="anchor_cut",
                    )
                )
    if register_id is None:
        _verify_closings(result, None if anchors is None else anchors.get(CLOSINGS))
    from .coverage import unjournaled_records

    for record in unjournaled_records(register_id):
        result.problems.append(
            Problem(
                record.register_code,
                0,
                f"{record.what} {record.reference} has no journal entry",
                record.kind,
                record.reference,
                "unjournaled",
            )
        )
    return result


def _verify_closings(result: VerifyResult, anchors: Anchors | None) -> None:
    """The signed closings, checked with the instance's public key (a missing key is an
    error when there are closings to check), and against the anchor log."""
    from .closings import check_closings
    from .keys import load_public_key

    def problem(what: str, sequence: int, reason: str, code: str) -> None:
        result.problems.append(Problem("closings", sequence, f"{what}: {reason}", code=code))

    last = db.session.scalar(sa.select(sa.func.max(JournalClosing.sequence))) or 0
    if last:
        result.closings = check_closings(load_public_key(), problem)
    if anchors is not None and anchors.last > last:
        problem(
            "closings",
            last + 1,
            f"the anchor log recorded closing #{anchors.last} ({anchors.last_at}), the "
            f"database's last is #{last}: cut off, or an older copy put back",
            "anchor_cut",
        )


def _entries(register_id: int) -> t.Iterator[JournalEntry]:
    after = 0
    while True:
        page = db.session.scalars(
            sa.select(JournalEntry)
            .where(JournalEntry.register_id == register_id, JournalEntry.sequence > after)
            .order_by(JournalEntry.sequence)
            .limit(VERIFY_PAGE)
        ).all()
        if not page:
            return
        yield from page
        after = page[-1].sequence


def _verify_register(
    register: Register, key: bytes, result: VerifyResult, anchors: Anchors | None
) -> None:
    code = register.code
    head_sequence = register.journal_sequence
    expected_sequence = 1
    previous_hash = GENESIS_HASH
    last: JournalEntry | None = None
    problems = result.problems
    first_problem = len(problems)

    def problem(entry: JournalEntry | None, sequence: int, reason: str, what: str) -> None:
        kind, reference = (entry.kind, entry.reference) if entry is not None else ("", "")
        problems.append(Problem(code, sequence, reason, kind, reference, what))

    for entry in _entries(register.id):
        result.checked += 1
        in_order = entry.sequence == expected_sequence
        if entry.sequence > expected_sequence:
            missing = _span(expected_sequence, entry.sequence - 1)
            problem(None, expected_sequence, f"{missing} missing: removed", "removed")
        last = entry
        expected_sequence = entry.sequence + 1
        linked_to = previous_hash
        previous_hash = entry.hash

        if entry.sequence > head_sequence:
            problem(
                entry,
                entry.sequence,
                f"beyond the register's chain head (#{head_sequence}): inserted",
                "inserted",
            )
            continue
        try:
            content = entry_hash(
                entry.previous_hash,
                code,
                entry.sequence,
                entry.kind,
                entry.reference,
                entry.payload,
            )
        except NotCanonical:  # a float or the like written over the stored payload
            content = None
        if content != entry.hash:
            problem(
                entry, entry.sequence, "content changed: it no longer matches its hash", "changed"
            )
            continue
        if not signature_matches(key, entry.hash, entry.signature):
            problem(
                entry,
                entry.sequence,
                "bad signature: its hash was not signed with the journal key "
                "(changed and re-hashed, or inserted)",
                "bad_signature",
            )
            continue
        if anchors is not None:
            anchored = anchors.hashes.get(entry.sequence)
            if anchored is not None and anchored != entry.hash:
                problem(
                    entry,
                    entry.sequence,
                    "diverges from the anchor log: another entry held this place when it "
                    "was anchored (the journal was rewound, then went on)",
                    "anchor_diverged",
                )
        if in_order and entry.previous_hash != linked_to:
            problem(
                entry,
                entry.sequence,
                f"chain broken: it does not follow entry {entry.sequence - 1} "
                "(an entry was replaced or inserted)",
                "chain_broken",
            )
            continue
        _check_record(entry, result, problem)

    last_sequence = last.sequence if last is not None else 0
    if last_sequence < head_sequence:
        missing = _span(last_sequence + 1, head_sequence)
        problem(
            None,
            last_sequence + 1,
            f"{missing} missing: the chain was cut off (the register's head is #{head_sequence})",
            "truncated",
        )
    elif last is not None and last_sequence == head_sequence and last.hash != register.journal_head:
        problem(
            last,
            last_sequence,
            "the register's chain head does not match this entry",
            "head_mismatch",
        )
    if anchors is not None:
        _check_anchors(anchors, last_sequence, problem)
    _check_z_report_heads(register, last_sequence, problem)
    # The Z report checks come last but may name earlier entries: keep chain order.
    problems[first_problem:] = sorted(problems[first_problem:], key=lambda p: p.sequence)


def _check_anchors(anchors: Anchors, last_sequence: int, problem: t.Callable) -> None:
    """The anchor log outside the database must not know of entries the chain lacks."""
    if anchors.last > last_sequence:
        missing = _span(last_sequence + 1, anchors.last)
        problem(
            None,
            last_sequence + 1,
            f"{missing} missing: the anchor log recorded head #{anchors.last} "
            f"({anchors.last_at}), the database chain ends at #{last_sequence}: cut off, "
            "or an older copy of the database was put back",
            "anchor_cut",
        )
    for sequence, (first, second) in sorted(anchors.conflicts.items()):
        problem(
            None,
            sequence,
            f"the anchor log holds two heads for this entry ({first[:12]}..., "
            f"{second[:12]}...): the journal was rewound here once, then went on",
            "anchor_diverged",
        )


def _check_z_report_heads(register: Register, last_sequence: int, problem: t.Callable) -> None:
    """Each stored Z report printed the chain head at its closing: the chain must still
    reach it, with the same hash. Catches a tail cut off together with the register's
    head (the printed Z report is the anchor outside the chain)."""
    sessions = db.session.scalars(
        sa.select(CashSession)
        .where(CashSession.register_id == register.id, CashSession.status != "open")
        .order_by(CashSession.opened_at)
    ).all()
    from ..registers.journal import session_reference

    for session in sessions:
        anchor = (session.z_report or {}).get("journal") or {}
        sequence, head = anchor.get("sequence"), anchor.get("head")
        opened = session.opened_at.isoformat(timespec="seconds")
        if not isinstance(sequence, int) or isinstance(sequence, bool) or sequence < 1:
            problem(
                None,
                0,
                f"the Z report of the session opened {opened} has lost its chain head",
                "z_report_head",
            )
            continue
        if sequence > last_sequence:
            problem(
                None,
                last_sequence + 1,
                f"the Z report of the session opened {opened} printed head #{sequence}, "
                f"the chain ends at #{last_sequence}: cut off",
                "truncated",
            )
            continue
        stored = db.session.execute(
            sa.select(JournalEntry.hash, JournalEntry.kind, JournalEntry.reference).where(
                JournalEntry.register_id == register.id, JournalEntry.sequence == sequence
            )
        ).first()
        closing = ("session_close", session_reference(register, session))
        if stored is None or stored[0] != head or tuple(stored[1:]) != closing:
            # The printed head is the hash of the session's own closing entry: moved
            # to another entry (an earlier one, to hide a cut) it no longer is.
            problem(
                None,
                sequence,
                f"the Z report of the session opened {opened} printed another head: "
                "it is not this session's closing entry",
                "z_report_head",
            )


def _check_record(entry: JournalEntry, result: VerifyResult, problem: t.Callable) -> None:
    kind = get_kind(entry.kind)
    if kind is None:
        result.unchecked += 1
        return
    expected = kind.rebuild(entry.reference)
    if expected is None:
        problem(
            entry,
            entry.sequence,
            f"business record missing: no {entry.kind} {entry.reference} any more",
            "record_missing",
        )
        return
    if "v" not in entry.payload:
        expected = _as_version_1(expected, entry.payload)
    if canonical_json(expected) != canonical_json(entry.payload):
        keys = sorted(
            k for k in set(expected) | set(entry.payload) if expected.get(k) != entry.payload.get(k)
        )
        notes = "".join(f"; {key}: {expected[key]}" for key in keys if key in ALWAYS_COMPARED)
        problem(
            entry,
            entry.sequence,
            f"business record changed since it was journaled ({', '.join(keys)} differ{notes})",
            "record_changed",
        )


#: Keys a rebuild adds to flag a record that disagrees with itself: compared whatever
#: the entry's version.
ALWAYS_COMPARED = frozenset({"stored_z_report"})


def _as_version_1(expected: t.Any, stored: t.Any) -> t.Any:
    """``expected`` cut down to the keys an entry written before payloads had a version
    (``v``) holds, so old entries still verify with the coverage they were written with.

    Safe because the stored payload is authentic by now (hash and signature checked):
    nobody without the key can drop a key from it to escape a comparison.
    """
    if isinstance(expected, dict) and isinstance(stored, dict):
        return {
            key: _as_version_1(value, stored.get(key))
            for key, value in expected.items()
            if key in stored or key in ALWAYS_COMPARED
        }
    if isinstance(expected, list) and isinstance(stored, list) and len(expected) == len(stored):
        return [_as_version_1(e, s) for e, s in zip(expected, stored, strict=True)]
    return expected


def _span(first: int, last: int) -> str:
    return f"entry {first}" if first == last else f"entries {first} to {last}"
