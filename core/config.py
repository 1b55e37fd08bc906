"""Configuration: defaults, then the instance's ``comptoir.toml``, then ``COMPTOIR_*``
environment variables, then what the caller passes (tests).

Keys are the variable names without the ``COMPTOIR_`` prefix: ``DATABASE_URL``,
``SECRET_KEY``, ``DISABLE_PLUGINS``... The instance file may spell them either way.
"""

from __future__ import annotations

import os
import secrets
import tomllib
import typing as t
from pathlib import Path

ENV_PREFIX = "COMPTOIR_"
CONFIG_FILE = "comptoir.toml"
SECRET_KEY_FILE = "secret_key"

DEFAULTS: dict[str, t.Any] = {
    "DATABASE_URL": None,  # sqlite in the instance folder
    "SECRET_KEY": None,  # generated once and kept in the instance folder
    # Comma-separated plugins kept off whatever the database says: a boot-time kill switch.
    "DISABLE_PLUGINS": "",
    # Extra plugin modules "name=package.module", beside the entry points. For tests and
    # for trying a plugin without installing it, like pytest's -p.
    "EXTRA_PLUGINS": "",
    # Seconds between two looks at the enabled-plugin generation, per worker.
    "PLUGIN_CHECK_INTERVAL": 0.25,
    # werkzeug password hash method; tests use a cheap one.
    "PASSWORD_HASH_METHOD": "scrypt",
    # Cookies only over HTTPS. Off for a plain-HTTP demo on one machine; `comptoir run`
    # warns loudly when it listens on a non-local address with it off.
    "SECURE_COOKIES": False,
    # Sent with every answer. Scripts only from the server itself (no inline script: the
    # till's boot data is a JSON block, which is not run); inline styles are let through
    # for the receipt page's <style>. Empty to send none (a proxy sets its own).
    "CONTENT_SECURITY_POLICY": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; "
        "base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
    ),
    "LOG_LEVEL": "INFO",
    # Sign-in throttling (core.auth.throttle); "N per minute;M per hour" as `limits` reads.
    # Where the counters live: memory:// (per worker process) or redis://host:6379.
    "RATELIMIT_STORAGE_URI": "memory://",
    # Every sign-in attempt (password or PIN, right or wrong) from one client address.
    "SIGNIN_ATTEMPTS_PER_ADDRESS": "30 per minute;300 per hour",
    # Wrong passwords for one user name from one address before that address is locked out
    # (PINs follow the store's pin_max_attempts and pin_lockout_minutes).
    "PASSWORD_FAILURES": "10 per 15 minutes",
    # Wrong answers for one user from all addresses; beyond, only addresses the user signed
    # in from in the last 30 days may try.
    "SIGNIN_FAILURES_PER_USER": "50 per hour",
    # Largest request body taken, in bytes (a 413 beyond); a sale of 500 lines is ~60 kB.
    "MAX_BODY_BYTES": 1024 * 1024,
    # Registration hooks raise instead of marking a plugin broken (tests).
    "STRICT_PLUGINS": False,
    # SQLite's PRAGMA synchronous (WAL mode). NORMAL: a commit survives a crash of
    # Comptoir, not always a power cut. FULL: a power cut too, for a disk sync inside the
    # single write lock on every commit. See docs/operators/journal.md (after a crash).
    "SQLITE_SYNCHRONOUS": "NORMAL",
}

SQLITE_SYNCHRONOUS_MODES = ("NORMAL", "FULL")


class ConfigError(Exception):
    """A configuration mistake the operator must fix; shown without a traceback."""


def instance_path_from_env() -> Path:
    return Path(os.environ.get(ENV_PREFIX + "INSTANCE", "instance")).resolve()


def _normalise_key(key: str) -> str:
    key = key.upper()
    return key[len(ENV_PREFIX) :] if key.startswith(ENV_PREFIX) else key


def load_config(instance_path: Path, overrides: t.Mapping[str, t.Any] | None = None) -> dict:
    """The configuration of the instance at ``instance_path``; creates the folder and its
    secret key the first time (see :func:`read_config` for a look that creates nothing)."""
    config = read_config(instance_path, overrides)
    if not config["SECRET_KEY"]:
        config["SECRET_KEY"] = _instance_secret(instance_path, SECRET_KEY_FILE)
    return config


def read_config(instance_path: Path, overrides: t.Mapping[str, t.Any] | None = None) -> dict:
    """The configuration of the instance at ``instance_path`` as it stands, creating
    nothing: ``SECRET_KEY`` stays empty when no file, variable or override sets it."""
    config = dict(DEFAULTS)
    config_file = instance_path / CONFIG_FILE
    if config_file.exists():
        try:
            with config_file.open("rb") as fh:
                from_file = tomllib.load(fh)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{config_file}: {exc}") from None
        config.update({_normalise_key(k): v for k, v in from_file.items()})
    for key, value in os.environ.items():
        if key.startswith(ENV_PREFIX) and key != ENV_PREFIX + "INSTANCE":
            config[_normalise_key(key)] = _coerce(value, DEFAULTS.get(_normalise_key(key)))
    if overrides:
        config.update({_normalise_key(k): v for k, v in overrides.items()})
    config["INSTANCE_PATH"] = str(instance_path)
    if not config["DATABASE_URL"]:
        config["DATABASE_URL"] = f"sqlite:///{instance_path / 'comptoir.db'}"
    config["DATABASE_URL"] = normalise_database_url(str(config["DATABASE_URL"]))
    config["SQLITE_SYNCHRONOUS"] = str(config["SQLITE_SYNCHRONOUS"]).upper()
    if config["SQLITE_SYNCHRONOUS"] not in SQLITE_SYNCHRONOUS_MODES:
        raise ConfigError(
            f"SQLITE_SYNCHRONOUS is {' or '.join(SQLITE_SYNCHRONOUS_MODES)}, "
            f"not {config['SQLITE_SYNCHRONOUS']!r}"
        )
    return config


def instance_exists(instance_path: Path) -> bool:
    """Whether the instance at ``instance_path`` has been set up, judged without creating
    anything: its folder exists and, on SQLite, so does its database file.

    For commands that only look (``comptoir --help``): building the app would create the
    folder, its secret key, its logs and an empty SQLite file.
    """
    from sqlalchemy.engine import make_url

    if not instance_path.is_dir():
        return False
    url = make_url(read_config(instance_path)["DATABASE_URL"])
    if url.get_backend_name() != "sqlite":
        return True  # a database server: whether it is initialised is read from it
    database = url.database or ""
    if url.query.get("uri") and database.startswith("file:"):
        database = database[len("file:") :].partition("?")[0]
    if database in ("", ":memory:"):
        return False
    return Path(database).is_file()


def normalise_database_url(url: str) -> str:
    """``postgresql://`` means psycopg 3 here, the driver Comptoir installs."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _coerce(value: str, default: t.Any) -> t.Any:
    if isinstance(default, bool):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, float):
        return float(value)
    if isinstance(default, int):
        return int(value)
    return value


def _instance_secret(instance_path: Path, filename: str, nbytes: int = 32) -> str:
    """Read a secret kept in the instance folder, creating it (mode 0600) the first time."""
    ensure_instance_folder(instance_path)
    path = instance_path / filename
    if not path.exists():
        # Written to a temporary name then linked, so that two processes starting at
        # once never read a half-written key: the loser of the race reads the winner's.
        tmp = path.with_name(f".{filename}.{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(nbytes))
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path.read_text().strip()


def ensure_instance_folder(instance_path: Path) -> None:
    """Create the instance folder readable by its owner only (0700): it holds the secret
    key, the SQLite database and the logs. An existing folder is left as it is."""
    instance_path.mkdir(mode=0o700, parents=True, exist_ok=True)


def create_private_sqlite_file(database_url: str) -> None:
    """Create a new SQLite database file with mode 0600 before SQLite does: SQLite
    creates it with the process's umask (0644: world-readable sales, users and hashes),
    and gives its journal and WAL files the mode of the database file."""
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        return
    database = url.database or ""
    if url.query.get("uri") and database.startswith("file:"):
        database = database[len("file:") :].partition("?")[0]
    if database in ("", ":memory:") or database.startswith("file:"):
        return
    path = Path(database)
    if path.exists() or not path.parent.is_dir():
        return
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass  # another process created it meanwhile


def instance_secret(instance_path: Path | str, filename: str) -> bytes:
    """A named secret of the instance (e.g. the journal signing key), created once."""
    return bytes.fromhex(_instance_secret(Path(instance_path), filename))
