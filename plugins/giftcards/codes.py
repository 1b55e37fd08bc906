"""Gift card codes: random, unambiguous, stored only as a hash.

A code is 16 characters from a 32-letter alphabet without look-alikes (no I, O, 0, 1),
printed in groups of four (``K7QD-3MZX-...``): 80 bits from :mod:`secrets`, far beyond
reach of guessing, the more so as lookups are rate-limited. The code is the card's bearer
secret, so the card table keeps only its SHA-256 (lookups go by the hash, through a
unique index) and its last four characters for display. A plain hash is enough: with 80
random bits there is no dictionary to try, so a leaked table does not give codes away.
"""

from __future__ import annotations

import hashlib
import secrets

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
LENGTH = 16
GROUP = 4


def new_code() -> str:
    """A fresh code, formatted in groups: ``XXXX-XXXX-XXXX-XXXX``."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return format_code(raw)


def format_code(raw: str) -> str:
    return "-".join(raw[i : i + GROUP] for i in range(0, len(raw), GROUP))


def normalise(code: str) -> str:
    """What the customer typed or the scanner read, without spaces, dashes or case."""
    return "".join(ch for ch in code.upper() if ch not in " -\t")


def code_hash(code: str) -> str:
    return hashlib.sha256(normalise(code).encode()).hexdigest()


def last4(code: str) -> str:
    return normalise(code)[-4:]


def masked(last_four: str) -> str:
    """How a card is shown once sold: ``****WXYZ``."""
    return f"****{last_four}"
