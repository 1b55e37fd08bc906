"""The journal's arithmetic: canonical JSON, chained hashes, signatures (pure functions)."""

from __future__ import annotations

import hashlib
from decimal import Decimal

import pytest

from core.journal.chain import (
    GENESIS_HASH,
    NotCanonical,
    canonical_json,
    entry_hash,
    entry_hash_of_body,
    sign,
    signature_matches,
)


def test_canonical_json_sorts_keys_without_whitespace():
    """The same content always gives the same bytes, whatever the key order."""
    assert canonical_json({"b": [1, {"d": None, "c": True}], "a": "x"}) == (
        b'{"a":"x","b":[1,{"c":true,"d":null}]}'
    )
    assert canonical_json({"a": 1, "b": 2}) == canonical_json({"b": 2, "a": 1})


def test_canonical_json_is_utf8_not_escaped():
    """Non-ASCII text is written as UTF-8, not as \\u escapes."""
    assert canonical_json({"name": "Comté"}) == '{"name":"Comté"}'.encode()


@pytest.mark.parametrize(
    "value",
    [1.5, {"amount": 2.0}, [1, [0.1]], Decimal("1.5"), (1, 2), {1: "x"}, {"at": object()}],
)
def test_canonical_json_refuses_what_json_cannot_say_exactly(value):
    """Floats, decimals, tuples, non-string keys and objects are refused: callers give
    quantities as strings."""
    with pytest.raises(NotCanonical):
        canonical_json(value)


def test_entry_hash_is_sha256_of_the_canonical_content():
    """The hash covers the previous hash, register, sequence, kind, reference, payload."""
    expected = hashlib.sha256(
        b'{"kind":"cash_in","payload":{"amount":5},"previous_hash":"'
        + GENESIS_HASH.encode()
        + b'","reference":"R1/M1","register":"R1","sequence":1}'
    ).hexdigest()
    assert entry_hash(GENESIS_HASH, "R1", 1, "cash_in", "R1/M1", {"amount": 5}) == expected


@pytest.mark.parametrize(
    "changed",
    [
        ("1" * 64, "R1", 1, "cash_in", "R1/M1", {"amount": 5}),
        (GENESIS_HASH, "R2", 1, "cash_in", "R1/M1", {"amount": 5}),
        (GENESIS_HASH, "R1", 2, "cash_in", "R1/M1", {"amount": 5}),
        (GENESIS_HASH, "R1", 1, "cash_out", "R1/M1", {"amount": 5}),
        (GENESIS_HASH, "R1", 1, "cash_in", "R1/M2", {"amount": 5}),
        (GENESIS_HASH, "R1", 1, "cash_in", "R1/M1", {"amount": 6}),
    ],
)
def test_entry_hash_changes_with_every_field(changed):
    """Changing any one field gives another hash."""
    original = entry_hash(GENESIS_HASH, "R1", 1, "cash_in", "R1/M1", {"amount": 5})
    assert entry_hash(*changed) != original


def test_signature_needs_the_key():
    """The same hash signed with another key does not match."""
    digest = entry_hash(GENESIS_HASH, "R1", 1, "cash_in", "R1/M1", {"amount": 5})
    signature = sign(b"key one", digest)
    assert len(signature) == 64
    assert signature_matches(b"key one", digest, signature)
    assert not signature_matches(b"key two", digest, signature)


def test_any_text_in_the_signature_column_is_just_a_mismatch():
    """A tampered signature column holding non-ASCII text does not break the check."""
    digest = entry_hash(GENESIS_HASH, "R1", 1, "cash_in", "R1/M1", {"amount": 5})
    assert not signature_matches(b"key", digest, "é" * 32)


@pytest.mark.parametrize(
    "fields",
    [
        (GENESIS_HASH, "R1", 1, "sale", "0b5e-uuid", {"lines": [{"name": 'Comté "AOP"'}]}),
        ("a" * 64, "Caisse é\n", 2**40, "cash_out", "R1/M\\9", {}),
        ("b" * 64, "R2", 0, "z", "x", {"nested": {"b": [True, None, "ü"], "a": -5}}),
    ],
)
def test_hash_of_a_canonical_body_equals_the_hash_of_the_content(fields):
    """Appending hashes the payload's canonical bytes spliced into the content; that must
    be the very hash of the content's canonical JSON, which verify recomputes."""
    previous, register, sequence, kind, reference, payload = fields
    content = {
        "previous_hash": previous,
        "register": register,
        "sequence": sequence,
        "kind": kind,
        "reference": reference,
        "payload": payload,
    }
    expected = hashlib.sha256(canonical_json(content)).hexdigest()
    body = canonical_json(payload)
    assert entry_hash_of_body(previous, register, sequence, kind, reference, body) == expected
    assert entry_hash(previous, register, sequence, kind, reference, payload) == expected


def test_hash_of_a_body_refuses_a_float_sequence():
    """The content's scalar fields keep the canonical form's rules (no float sequence)."""
    with pytest.raises(NotCanonical):
        entry_hash_of_body(GENESIS_HASH, "R1", 1.0, "sale", "x", b"{}")
