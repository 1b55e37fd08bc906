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
    content = {
        "previous_hash": previous_hash,
        "register": register_code,
        "sequence": sequence,
        "kind": kind,
        "reference": reference,
        "payload": payload,
    }
    return hashlib.sha256(canonical_json(content)).hexdigest()


def sign(key: bytes, entry_hash: str) -> str:
    """HMAC-SHA256 (hex) of an entry's hash with the instance's journal key."""
    return hmac.new(key, entry_hash.encode("ascii"), hashlib.sha256).hexdigest()


def signature_matches(key: bytes, entry_hash: str, signature: str) -> bool:
    """Whether ``signature`` signs ``entry_hash``, compared in constant time."""
    # Bytes, not str: compare_digest refuses non-ASCII text, and a tampered column may
    # hold anything.
    return hmac.compare_digest(sign(key, entry_hash).encode(), signature.encode("utf-8"))
