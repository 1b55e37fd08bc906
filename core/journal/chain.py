"""The journal's arithmetic: canonical JSON, the chained hash and the signature.

Pure functions, no database: the same bytes must come out on every machine and every
Python version, so the canonical form admits only JSON's exact types. Floats are refused
(their text is not unique across platforms and money is never a float here); callers give
decimal quantities and rates as strings.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import typing as t

#: The ``previous_hash`` of a register's first entry.
GENESIS_HASH = "0" * 64


class NotCanonical(TypeError):
    """A value the canonical form does not admit (a float, a tuple, a non-string key...)."""


def _check(value: t.Any, path: str) -> None:
    if value is None or isinstance(value, str | bool | int):
        # bool is an int subclass and an exact JSON value too; float is not.
        return
    if isinstance(value, list):
        for index, item in enumerate(value):
            _check(item, f"{path}[{index}]")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise NotCanonical(f"{path}: key {key!r} is not a string")
            _check(item, f"{path}.{key}")
        return
    raise NotCanonical(
        f"{path}: {type(value).__name__} is not allowed in the journal "
        "(only str, int, bool, None, lists and dicts; give decimals as strings)"
    )


def canonical_json(obj: t.Any) -> bytes:
    """The canonical UTF-8 JSON of ``obj``: sorted keys, no whitespace.

    :raise NotCanonical: for floats and any type other than str, int, bool, None, list
        and dict with string keys.
    """
    _check(obj, "$")
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def entry_hash(
    previous_hash: str,
    register_code: str,
    sequence: int,
    kind: str,
    reference: str,
    payload: dict[str, t.Any],
) -> str:
    """SHA-256 (hex) of an entry's content and of the entry before it."""
    return entry_hash_of_body(
        previous_hash, register_code, sequence, kind, reference, canonical_json(payload)
    )


def entry_hash_of_body(
    previous_hash: str,
    register_code: str,
    sequence: int,
    kind: str,
    reference: str,
    body: bytes,
) -> str:
    """:func:`entry_hash` for a payload already in canonical form (``body``), so that
    appending walks and encodes the payload once, not twice.

    The bytes hashed are the canonical JSON of ``{"kind", "payload", "previous_hash",
    "reference", "register", "sequence"}``: the keys are written here in sorted order
    and the payload's bytes are spliced in as they are.
    """
    for name, value in (("kind", kind), ("previous_hash", previous_hash)):
        if not isinstance(value, str):
            raise NotCanonical(f"$.{name}: a journal {name} is a string")
    if not isinstance(reference, str) or not isinstance(register_code, str):
        raise NotCanonical("$.reference, $.register: strings")
    if not isinstance(sequence, int) or isinstance(sequence, bool):
        raise NotCanonical("$.sequence: an integer")
    content = b"".join(
        (
            b'{"kind":',
            _scalar(kind),
            b',"payload":',
            body,
            b',"previous_hash":',
            _scalar(previous_hash),
            b',"reference":',
            _scalar(reference),
            b',"register":',
            _scalar(register_code),
            b',"sequence":',
            _scalar(sequence),
            b"}",
        )
    )
    return hashlib.sha256(content).hexdigest()


def _scalar(value: str | int) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


def sign(key: bytes, entry_hash: str) -> str:
    """HMAC-SHA256 (hex) of an entry's hash with the instance's journal key."""
    return hmac.new(key, entry_hash.encode("ascii"), hashlib.sha256).hexdigest()


def signature_matches(key: bytes, entry_hash: str, signature: str) -> bool:
    """Whether ``signature`` signs ``entry_hash``, compared in constant time."""
    # Bytes, not str: compare_digest refuses non-ASCII text, and a tampered column may
    # hold anything.
    return hmac.compare_digest(sign(key, entry_hash).encode(), signature.encode("utf-8"))
