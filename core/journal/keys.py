"""The journal's keys, kept in the instance folder and never in the database.

- ``journal.key``: the secret that signs (HMAC) every entry. Someone who can write to the
  database alone can recompute hashes but not signatures, so they cannot rebuild a chain
  that :func:`core.journal.services.verify` accepts.
- ``journal-signing.pem`` / ``journal-signing.pub``: the Ed25519 key pair that signs
  closings and archives. The public key is all an auditor needs to check an archive.

``comptoir init`` and ``comptoir journal keygen`` create them; appending creates the
entry secret the first time if it is missing. Checking never creates a key: a missing
key is an error, never a fresh key that would make the old journal look forged.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import current_app

from ..config import instance_secret
from ..errors import Conflict

KEY_FILE = "journal.key"
SIGNING_KEY_FILE = "journal-signing.pem"
PUBLIC_KEY_FILE = "journal-signing.pub"


class MissingKey(Conflict):
    """A key the operation needs is not in the instance folder."""

    code = "journal_key_missing"


def journal_key() -> bytes:
    """The instance's entry-signing secret (file ``journal.key``, created once with mode
    0600), for appending.

    Back it up with the database: without it an intact journal can no longer be told
    from a forged one.
    """
    # Read once per app: the file never changes while the app runs, and every sale signs.
    cached = current_app.extensions.get("comptoir.journal_key")
    if cached is None:
        cached = instance_secret(current_app.instance_path, KEY_FILE)
        current_app.extensions["comptoir.journal_key"] = cached
    return cached


def existing_journal_key(instance_path: str | os.PathLike | None = None) -> bytes:
    """The entry-signing secret as the instance folder holds it, for checking.

    :raise MissingKey: when there is no ``journal.key`` (nothing is created).
    """
    path = Path(instance_path or current_app.instance_path) / KEY_FILE
    try:
        return bytes.fromhex(path.read_text().strip())
    except FileNotFoundError:
        raise MissingKey(
            f"no journal key at {path}: restore it from the instance's backup "
            "(a new key cannot check entries signed with the old one)"
        ) from None


def signing_key_path(instance_path: str | os.PathLike | None = None) -> Path:
    return Path(instance_path or current_app.instance_path) / SIGNING_KEY_FILE


def public_key_path(instance_path: str | os.PathLike | None = None) -> Path:
    return Path(instance_path or current_app.instance_path) / PUBLIC_KEY_FILE


def generate_keys(instance_path: str | os.PathLike) -> list[Path]:
    """Create whichever of the journal's keys is missing; never replaces one. Returns the
    files created."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    folder = Path(instance_path)
    folder.mkdir(parents=True, exist_ok=True)
    created = []
    if not (folder / KEY_FILE).exists():
        instance_secret(folder, KEY_FILE)
        created.append(folder / KEY_FILE)
    private_path = signing_key_path(folder)
    if not private_path.exists():
        private = Ed25519PrivateKey.generate()
        pem = private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        _write_new(private_path, pem, 0o600)
        created.append(private_path)
    public_path = public_key_path(folder)
    if not public_path.exists():
        private = load_signing_key(folder)
        _write_new(public_path, public_pem(private.public_key()), 0o644)
        created.append(public_path)
    return created


def _write_new(path: Path, content: bytes, mode: int) -> None:
    # A temporary name then a link: two processes at once never see half a key, and an
    # existing key is never overwritten.
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as fh:
        fh.write(content)
        fh.flush()
        os.fsync(fh.fileno())
    try:
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink()


def public_pem(public_key) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def load_signing_key(instance_path: str | os.PathLike | None = None):
    """The Ed25519 private key that signs closings and archives.

    :raise MissingKey: when the instance has none (``comptoir journal keygen``).
    """
    from cryptography.hazmat.primitives import serialization

    path = signing_key_path(instance_path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise MissingKey(
            f"no journal signing key at {path}: create it with 'comptoir journal keygen' "
            "(or restore it from the instance's backup)"
        ) from None
    return serialization.load_pem_private_key(data, password=None)


def load_public_key(path: str | os.PathLike | None = None):
    """An Ed25519 public key from a PEM file (default: the instance's).

    :raise MissingKey: when the file does not exist.
    """
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    path = Path(path) if path is not None else public_key_path()
    try:
        key = serialization.load_pem_public_key(path.read_bytes())
    except FileNotFoundError:
        raise MissingKey(f"no public key at {path}") from None
    if not isinstance(key, Ed25519PublicKey):
        raise MissingKey(f"{path} is not an Ed25519 public key")
    return key
