"""The application factory.

:func:`create_app` returns the *host*: a Flask app that owns the configuration, the
database engine and the installed plugins, and that serves every request by handing it
to the app of the current :class:`~core.plugins.runtime.Runtime`. A runtime's app is
built from the registration hooks of the enabled plugins; when the enabled set changes
(in this process or another), a new one is built and swapped in.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import threading
import time
import typing as t
from pathlib import Path

from flask import Flask

from .auth.token_cache import TokenCache
from .config import (
    create_private_sqlite_file,
    ensure_instance_folder,
    instance_path_from_env,
    load_config,
)
from .db import db
from .plugins.discovery import discover
from .plugins.runtime import Runtime, build_runtime, read_enabled
from .plugins.shared_cache import CacheStore, read_generations

log = logging.getLogger("comptoir")

REPO_ROOT = Path(__file__).resolve().parent.parent


class RuntimeHolder:
    """Keeps the current runtime of a worker and swaps it when the generation moves.

    The check is a ``time.monotonic()`` comparison on each request and one
    ``SELECT`` per ``PLUGIN_CHECK_INTERVAL`` (0.25 s): every worker of a deployment sees
    an enable or disable within a second, for a few microseconds a request
    (``bench/plugin_check.py``). The same statement reads the shared caches' and the
    API tokens' generations (:mod:`core.plugins.shared_cache`,
    :mod:`core.auth.token_cache`) and hands them to the host's caches.
    ``clock`` is replaceable (tests).
    """

    def __init__(self, host: ComptoirHost, clock: t.Callable[[], float] = time.monotonic):
        self._host = host
        self._lock = threading.Lock()
        self._runtime: Runtime | None = None
        self._next_check = 0.0
        self._interval = float(host.config["PLUGIN_CHECK_INTERVAL"])
        self.clock = clock

    def current(self) -> Runtime:
        self.check_due()
        return self._runtime  # type: ignore[return-value]

    def refresh(self) -> Runtime:
        """Rebuild now if the generation moved (after this process changed it)."""
        self._check(force=True)
        return self._runtime  # type: ignore[return-value]

    def _check(self, force: bool) -> None:
        with self._lock:
            if not force and self.clock() < self._next_check:
                return  # another thread checked while this one waited for the lock
            generations = read_generations(self._host.engine)
            self._host.shared_caches.update(generations.caches)
            self._host.token_cache.update(generations.auth)
            generation = generations.plugin
            if self._runtime is None or generation != self._runtime.generation:
                self._runtime = self._build()
            self._next_check = self.clock() + self._interval

    def check_due(self) -> None:
        """Read the generations if the interval has passed (each request asks, and the
        caches for code outside a request)."""
        if self.clock() >= self._next_check:
            self._check(force=False)

    def check_soon(self) -> None:
        """Read the generations at the next :meth:`check_due` (this worker changed one)."""
        self._next_check = 0.0

    def _build(self) -> Runtime:
        from .settings import load_all_settings
        from .web import build_runtime_app

        host = self._host
        generation, enabled = read_enabled(host.engine)
        kill = {n.strip() for n in host.config["DISABLE_PLUGINS"].split(",") if n.strip()}
        runtime = build_runtime(
            host.installed,
            enabled,
            generation,
            kill_switch=kill,
            strict=bool(host.config["STRICT_PLUGINS"]),
        )
        runtime.settings = load_all_settings(host.engine, runtime.settings_schemas)
        runtime.app = build_runtime_app(host, runtime)
        log.info(
            "plugin runtime generation %s: %s",
            generation,
            ", ".join(runtime.enabled) or "no plugins",
        )
        return runtime


class ComptoirHost(Flask):
    """The app :func:`create_app` returns; see the module docstring."""

    installed: dict
    runtimes: RuntimeHolder
    token_cache: TokenCache
    shared_caches: CacheStore

    @property
    def engine(self):
        return db._app_engines[self][None]

    def wsgi_app(self, environ: dict, start_response: t.Callable) -> t.Any:
        return self.runtimes.current().app.wsgi_app(environ, start_response)

    def close(self) -> None:
        """Release the database engine (tests create many apps)."""
        for engine in db._app_engines.get(self, {}).values():
            engine.dispose()


def create_app(
    config: t.Mapping[str, t.Any] | None = None, instance_path: str | Path | None = None
) -> ComptoirHost:
    """Create the Comptoir app.

    :param config: overrides of the configuration (keys with or without ``COMPTOIR_``).
    :param instance_path: the instance folder; default ``$COMPTOIR_INSTANCE`` or
        ``./instance``.
    """
    path = Path(instance_path).resolve() if instance_path else instance_path_from_env()
    ensure_instance_folder(path)
    settings = load_config(path, config)
    create_private_sqlite_file(settings["DATABASE_URL"])
    host = ComptoirHost("core", instance_path=str(path), instance_relative_config=False)
    host.comptoir_host = host
    apply_flask_config(host, settings)
    _configure_logging(host)
    db.init_app(host)
    from . import models  # noqa: F401  - the whole metadata, for migrations

    host.installed = discover(settings["EXTRA_PLUGINS"])
    host.runtimes = RuntimeHolder(host)
    host.shared_caches = CacheStore(lambda: host.runtimes.check_due())
    # Tokens are checked against the database at most as often as the enabled plugins,
    # by the same statement.
    host.token_cache = TokenCache(host.runtimes.check_due, host.runtimes.check_soon)
    _init_host_language(host)
    return host


def _init_host_language(host: Flask) -> None:
    """Outside a request (a ``comptoir`` command, a script, a test's app context) messages
    are written for the operator at the terminal: in the language of their environment
    (``LC_ALL``, ``LC_MESSAGES``, ``LANG``, as every command-line tool reads it) when
    Comptoir speaks it, else English. Requests are answered by the runtime's app, in the
    reader's language (:mod:`core.web`)."""
    from flask_babel import Babel

    from .plugins.hooks import CORE_CATALOGS

    host.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(CORE_CATALOGS))
    Babel(host, locale_selector=operator_language)


def operator_language() -> str:
    """``fr`` for ``LANG=fr_BE.UTF-8``; ``en`` for ``C``, ``POSIX`` or a language Comptoir
    does not speak."""
    from .web import LANGUAGES

    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            language = value.split(".")[0].split("_")[0].lower()
            return language if language in LANGUAGES else "en"
    return "en"


def apply_flask_config(app: Flask, settings: t.Mapping[str, t.Any]) -> None:
    app.config["COMPTOIR"] = dict(settings)
    app.config.update({k: v for k, v in settings.items() if k.isupper()})
    app.config.update(
        SECRET_KEY=settings["SECRET_KEY"],
        SQLALCHEMY_DATABASE_URI=settings["DATABASE_URL"],
        # No ping at checkout: it would cost every request a round trip. A PostgreSQL
        # connection the server closed is replaced at checkout without one (core.db).
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": False},
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=bool(settings["SECURE_COOKIES"]),
        SESSION_COOKIE_NAME="comptoir_session",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SECURE=bool(settings["SECURE_COOKIES"]),
        # CSRF is checked centrally (core.auth.csrf) only for cookie-authenticated writes.
        WTF_CSRF_CHECK_DEFAULT=False,
        WTF_CSRF_TIME_LIMIT=None,
        MAX_CONTENT_LENGTH=int(settings["MAX_BODY_BYTES"]),
        JSON_SORT_KEYS=False,
    )


def _configure_logging(app: Flask) -> None:
    root = logging.getLogger("comptoir")
    if getattr(root, "_comptoir_configured", False):
        return
    root.setLevel(app.config["LOG_LEVEL"])
    logs = Path(app.instance_path) / "logs"
    try:
        logs.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.WatchedFileHandler(logs / "comptoir.log")
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s")
    )
    root.addHandler(handler)
    root._comptoir_configured = True  # type: ignore[attr-defined]
