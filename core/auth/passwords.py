"""Hashing of passwords and PINs (werkzeug: scrypt by default, salted)."""

from __future__ import annotations

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash


def hash_secret(secret: str) -> str:
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    return generate_password_hash(secret, method=method)


def check_secret(stored_hash: str | None, secret: str) -> bool:
    if not stored_hash:
        # Spend about the same time as a real check, so a missing hash is not visible.
        check_password_hash(_DUMMY_HASHES.setdefault("x", hash_secret("x")), secret)
        return False
    return check_password_hash(stored_hash, secret)


_DUMMY_HASHES: dict[str, str] = {}
