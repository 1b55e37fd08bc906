"""Hashing of passwords and PINs (werkzeug: scrypt by default, salted)."""

from __future__ import annotations

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash


def hash_secret(secret: str) -> str:
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    return generate_password_hash(secret, method=method)


def check_secret(stored_hash: str | None, secret: str) -> bool:
    if not stored_hash:
        # Spend the same time as a real check, so a missing hash (an unknown user) is not
        # visible: one check of a hash made once, not a new hash each time (that doubled
        # the time of an unknown user's refusal).
        check_password_hash(_dummy_hash(), secret)
        return False
    return check_password_hash(stored_hash, secret)


def _dummy_hash() -> str:
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    if method not in _DUMMY_HASHES:
        _DUMMY_HASHES[method] = hash_secret("not a secret anyone has")
    return _DUMMY_HASHES[method]


#: A hash per method, made the first time it is needed in the process.
_DUMMY_HASHES: dict[str, str] = {}
