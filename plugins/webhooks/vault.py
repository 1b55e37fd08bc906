"""Subscription secrets, encrypted at rest.

A receiver's secret must be read back to sign each delivery, so it cannot be hashed:
Fernet (AES and HMAC) with a key derived from the instance's secret key keeps it out of
a copy of the database, and no API or page shows it after creation.
"""

from __future__ import annotations

import base64
import hashlib
import secrets

from cryptography.fernet import Fernet
from flask import current_app


def _fernet() -> Fernet:
    key = current_app.config["SECRET_KEY"]
    key = key.encode() if isinstance(key, str) else key
    digest = hashlib.sha256(b"comptoir webhooks secret\0" + key).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def seal(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def unseal(sealed: str) -> str:
    return _fernet().decrypt(sealed.encode()).decode()
