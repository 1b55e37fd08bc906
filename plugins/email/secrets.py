"""The SMTP password, encrypted at rest.

Fernet (AES and HMAC) with a key derived from the instance's secret key: a copy of the
database alone does not give the password away, and no API or page ever shows it back.
"""

from __future__ import annotations

import base64
import hashlib

import sqlalchemy as sa
from cryptography.fernet import Fernet, InvalidToken
from flask import current_app

from core.plugins import audit, db, utcnow, write_transaction

from .models import SmtpSecret


def _fernet() -> Fernet:
    secret = current_app.config["SECRET_KEY"]
    secret = secret.encode() if isinstance(secret, str) else secret
    digest = hashlib.sha256(b"comptoir email smtp password\0" + secret).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def set_password(password: str) -> None:
    """Keep ``password`` (empty: forget it), in the caller's transaction."""
    write_transaction()
    had = password_set()
    audit(
        "email.smtp_password",
        "settings:email",
        {"password": ["***" if had else None, "***" if password else None]},
    )
    db.session.execute(sa.delete(SmtpSecret))
    if password:
        token = _fernet().encrypt(password.encode()).decode()
        db.session.add(SmtpSecret(id=1, password_encrypted=token, updated_at=utcnow()))


def password_set() -> bool:
    return db.session.get(SmtpSecret, 1) is not None


def get_password() -> str:
    """The password, or ``""`` when none is kept (or the secret key changed since)."""
    row = db.session.get(SmtpSecret, 1)
    if row is None:
        return ""
    try:
        return _fernet().decrypt(row.password_encrypted.encode()).decode()
    except InvalidToken:
        return ""
