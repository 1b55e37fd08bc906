"""Signed archives of the journal, for an auditor who holds the public key alone.

An archive is a zip of:

- ``entries.jsonl``: the journal entries written in the period, one JSON object a line
  (``register``, ``sequence``, ``kind``, ``reference``, ``payload``, ``previous_hash``,
  ``hash``, ``created_at``), by register then sequence;
- ``closings.jsonl``: every signed closing whose period lies in the archive's;
- ``public_key.pem``: the instance's Ed25519 public key (for reference: the auditor
  checks with the key they were given, not with this copy);
- ``manifest.json``: the period, the SHA-256 of each file above, each register's first
  and last entry;
- ``manifest.sig``: the Ed25519 signature (hex) of ``manifest.json``'s bytes.

:func:`check_archive` needs no database and no instance: it checks the manifest's
signature, each file's hash, each entry's hash and its link to the entry before, each
closing's hash, link and signature, and that the heads the closings vouch for are the
entries in the archive.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import typing as t
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from .chain import GENESIS_HASH, NotCanonical, entry_hash
from .closings import closing_hash, signature_ok

FORMAT = "comptoir-journal-archive"
FILES = ("entries.jsonl", "closings.jsonl", "public_key.pem")


def _line(obj: dict[str, t.Any]) -> bytes:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False).encode() + b"\n"


def write_archive(path: Path, start: dt.datetime, end: dt.datetime) -> dict[str, t.Any]:
    """Write the archive of the entries created from ``start`` to ``end`` (excluded) and
    of the closings inside that span; returns the manifest.

    :raise MissingKey: when the instance has no signing key.
    """
    from ..db import db
    from ..registers.models import Register
    from .keys import load_signing_key, public_pem
    from .models import JournalClosing, JournalEntry

    key = load_signing_key()
    entries = bytearray()
    registers: dict[str, dict[str, t.Any]] = {}
    rows = db.session.execute(
        sa.select(Register.code, JournalEntry)
        .join(Register, Register.id == JournalEntry.register_id)
        .where(JournalEntry.created_at >= start, JournalEntry.created_at < end)
        .order_by(Register.code, JournalEntry.sequence)
        .execution_options(yield_per=500)
    )
    for code, entry in rows:
        entries += _line(
            {
                "register": code,
                "sequence": entry.sequence,
                "kind": entry.kind,
                "reference": entry.reference,
                "payload": entry.payload,
                "previous_hash": entry.previous_hash,
                "hash": entry.hash,
                "created_at": entry.created_at.isoformat(),
            }
        )
        span = registers.setdefault(code, {"first": entry.sequence})
        span["last"] = entry.sequence
    closings = bytearray()
    for closing in db.session.scalars(sa.select(JournalClosing).order_by(JournalClosing.sequence)):
        payload = closing.payload
        if (
            payload.get("from", "") >= start.isoformat()
            and payload.get("to", "") <= end.isoformat()
        ):
            closings += _line(
                {
                    "sequence": closing.sequence,
                    "kind": closing.kind,
                    "period": closing.period,
                    "payload": payload,
                    "previous_hash": closing.previous_hash,
                    "hash": closing.hash,
                    "signature": closing.signature,
                }
            )
    contents = {
        "entries.jsonl": bytes(entries),
        "closings.jsonl": bytes(closings),
        "public_key.pem": public_pem(key.public_key()),
    }
    manifest = {
        "format": FORMAT,
        "version": 1,
        "from": start.isoformat(),
        "to": end.isoformat(),
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "registers": registers,
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in contents.items()},
    }
    manifest_bytes = json.dumps(manifest, sort_keys=True, indent=1).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in contents.items():
            archive.writestr(name, data)
        archive.writestr("manifest.json", manifest_bytes)
        archive.writestr("manifest.sig", key.sign(manifest_bytes).hex())
    return manifest


@dataclass
class ArchiveCheck:
    problems: list[str] = field(default_factory=list)
    entries: int = 0
    closings: int = 0
    registers: dict[str, dict[str, t.Any]] = field(default_factory=dict)
    period: tuple[str, str] = ("", "")

    @property
    def ok(self) -> bool:
        return not self.problems


def check_archive(path: Path, public_key) -> ArchiveCheck:
    """Check an archive with ``public_key`` alone (an Ed25519 public key)."""
    result = ArchiveCheck()
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        result.problems.append(f"not a readable archive: {exc}")
        return result
    with archive:
        names = set(archive.namelist())
        missing = [n for n in (*FILES, "manifest.json", "manifest.sig") if n not in names]
        if missing:
            result.problems.append(f"missing from the archive: {', '.join(missing)}")
            return result
        manifest_bytes = archive.read("manifest.json")
        signature = archive.read("manifest.sig").decode("ascii", "replace").strip()
        if not signature_ok_bytes(public_key, manifest_bytes, signature):
            result.problems.append(
                "manifest.json is not signed by this public key: changed, or another key"
            )
            return result
        manifest = json.loads(manifest_bytes)
        result.period = (manifest.get("from", ""), manifest.get("to", ""))
        result.registers = manifest.get("registers", {})
        for name, digest in manifest.get("files", {}).items():
            if hashlib.sha256(archive.read(name)).hexdigest() != digest:
                result.problems.append(f"{name} changed since the archive was signed")
        if result.problems:
            return result
        entries = _check_entries(archive.read("entries.jsonl"), result)
        _check_closings(archive.read("closings.jsonl"), public_key, entries, result)
    return result


def signature_ok_bytes(public_key, data: bytes, signature: str) -> bool:
    from cryptography.exceptions import InvalidSignature

    try:
        public_key.verify(bytes.fromhex(signature), data)
    except (InvalidSignature, ValueError):
        return False
    return True


def _check_entries(data: bytes, result: ArchiveCheck) -> dict[tuple[str, int], str]:
    hashes: dict[tuple[str, int], str] = {}
    last: dict[str, tuple[int, str]] = {}
    for number, raw in enumerate(data.splitlines(), 1):
        entry = json.loads(raw)
        result.entries += 1
        code, sequence = entry["register"], entry["sequence"]
        where = f"entries.jsonl line {number} (register {code}, sequence {sequence})"
        try:
            digest = entry_hash(
                entry["previous_hash"],
                code,
                sequence,
                entry["kind"],
                entry["reference"],
                entry["payload"],
            )
        except NotCanonical:
            digest = None
        if digest != entry["hash"]:
            result.problems.append(f"{where}: content does not match its hash")
        before = last.get(code)
        if before is None and sequence == 1 and entry["previous_hash"] != GENESIS_HASH:
            result.problems.append(f"{where}: a register's first entry follows nothing")
        if before is not None:
            if sequence != before[0] + 1:
                result.problems.append(f"{where}: follows #{before[0]}, entries missing")
            elif entry["previous_hash"] != before[1]:
                result.problems.append(f"{where}: does not follow the entry before")
        last[code] = (sequence, entry["hash"])
        hashes[(code, sequence)] = entry["hash"]
    for code, span in result.registers.items():
        if last.get(code, (None,))[0] != span.get("last"):
            result.problems.append(f"register {code}: the manifest's last entry is not there")
    return hashes


def _check_closings(
    data: bytes, public_key, entries: dict[tuple[str, int], str], result: ArchiveCheck
) -> None:
    previous: tuple[int, str] | None = None
    for raw in data.splitlines():
        closing = json.loads(raw)
        result.closings += 1
        where = f"closing {closing['kind']} {closing['period']}"
        digest = closing_hash(
            closing["sequence"],
            closing["kind"],
            closing["period"],
            closing["previous_hash"],
            closing["payload"],
        )
        if digest != closing["hash"]:
            result.problems.append(f"{where}: content does not match its hash")
            continue
        if not signature_ok(public_key, digest, closing["signature"]):
            result.problems.append(f"{where}: not signed by this public key")
            continue
        if previous is not None and (
            closing["sequence"] != previous[0] + 1 or closing["previous_hash"] != previous[1]
        ):
            result.problems.append(f"{where}: does not follow the closing before")
        previous = (closing["sequence"], closing["hash"])
        for code, head in closing["payload"].get("heads", {}).items():
            held = entries.get((code, head["sequence"]))
            if held is not None and held != head["hash"]:
                result.problems.append(
                    f"{where}: register {code}'s entry #{head['sequence']} is not the one "
                    "this closing signed"
                )
