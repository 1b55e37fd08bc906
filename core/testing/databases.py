"""Per-test databases made from migrated templates, on SQLite or PostgreSQL.

On PostgreSQL a ``CREATE DATABASE ... TEMPLATE`` and a ``DROP DATABASE`` cost the server a
few tenths of a second each, mostly waiting on the disk: a background thread drops a test's
database after it and copies the next one's ahead, while the test runs. A copy made ahead
is one of the same migrated, never-used template, so a test cannot tell it from one made
on demand.
"""

from __future__ import annotations

import concurrent.futures
import os
import shutil
import threading
import typing as t
import uuid
from pathlib import Path

import sqlalchemy as sa

Seeder = t.Callable[[str, Path, tuple[str, ...], tuple[str, ...]], None]


class DatabaseFactory:
    def __init__(self, server_url: str, workdir: Path, seed: Seeder):
        self.server_url = server_url
        self.workdir = workdir
        self.seed = seed
        self._templates: dict[tuple[tuple[str, ...], tuple[str, ...]], str] = {}
        self._lock = threading.Lock()
        self._admin: sa.Engine | None = None
        # PostgreSQL only: one thread, so that the server sees one admin statement at a time.
        self._background: concurrent.futures.ThreadPoolExecutor | None = None
        #: The database copied ahead for the next test, and its template's key.
        self._spare: tuple[tuple, concurrent.futures.Future[str]] | None = None
        self._failures: list[str] = []
        # xdist workers share the server: keep their database names apart.
        self._tag = os.environ.get("PYTEST_XDIST_WORKER", "main") + "_" + uuid.uuid4().hex[:6]

    @property
    def postgresql(self) -> bool:
        return self.server_url.startswith("postgresql")

    def _admin_engine(self) -> sa.Engine:
        if self._admin is None:
            url = sa.make_url(self.server_url)
            if url.drivername == "postgresql":
                url = url.set(drivername="postgresql+psycopg")
            self._admin = sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
        return self._admin

    def _pg_url(self, name: str) -> str:
        url = sa.make_url(self.server_url).set(database=name)
        if url.drivername == "postgresql":
            url = url.set(drivername="postgresql+psycopg")
        return url.render_as_string(hide_password=False)

    def _template(self, plugins: tuple[str, ...], extra: tuple[str, ...]) -> str:
        key = (plugins, extra)
        with self._lock:
            if key not in self._templates:
                index = len(self._templates)
                if self.postgresql:
                    name = f"comptoir_tpl_{self._tag}_{index}"
                    with self._admin_engine().connect() as conn:
                        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
                        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
                    try:
                        self.seed(self._pg_url(name), self.workdir, plugins, extra)
                    except BaseException:
                        # Not kept: the next test must not find a half-seeded template.
                        with self._admin_engine().connect() as conn:
                            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                        raise
                    self._templates[key] = name
                else:
                    path = self.workdir / f"template-{index}.db"
                    try:
                        self.seed(f"sqlite:///{path}", self.workdir, plugins, extra)
                    except BaseException:
                        for suffix in ("", "-wal", "-shm"):
                            Path(str(path) + suffix).unlink(missing_ok=True)
                        raise
                    self._templates[key] = str(path)
            return self._templates[key]

    def create(self, plugins: tuple[str, ...] = (), extra: tuple[str, ...] = ()) -> str:
        """A new database with the core and ``plugins`` migrated and seeded; its URL."""
        template = self._template(plugins, extra)
        if not self.postgresql:
            path = self.workdir / f"test-{uuid.uuid4().hex}.db"
            shutil.copyfile(template, path)
            return f"sqlite:///{path}"
        key = (plugins, extra)
        spare, self._spare = self._spare, None
        if spare is not None and spare[0] == key:
            url = spare[1].result()
        else:
            if spare is not None:
                self._in_background(self._drop_spare, spare[1])
            url = self._copy(template)
        # Tests of one module mostly share their plugins: the next one likely wants the same.
        self._spare = (key, self._in_background(self._copy, template))
        return url

    def _copy(self, template: str) -> str:
        name = f"comptoir_t_{self._tag}_{uuid.uuid4().hex[:10]}"
        with self._admin_engine().connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return self._pg_url(name)

    def _in_background(self, function: t.Callable[..., t.Any], *args: t.Any):
        if self._background is None:
            self._background = concurrent.futures.ThreadPoolExecutor(
                max_workers=1, thread_name_prefix="comptoir-test-databases"
            )
        return self._background.submit(function, *args)

    def _drop_spare(self, spare: concurrent.futures.Future[str]) -> None:
        # Queued after the copy (one thread, in order): it is done, made or failed.
        if spare.exception() is None:
            self._drop_recording_failure(spare.result())

    def _drop_recording_failure(self, url: str) -> None:
        try:
            self.drop_now(url)
        except Exception as exc:  # noqa: BLE001 - reported by close(), not lost in the thread
            self._failures.append(f"{url}: {exc}")

    def create_empty(self) -> str:
        """A new database with nothing in it (no migration ran); its URL."""
        if self.postgresql:
            name = f"comptoir_e_{self._tag}_{uuid.uuid4().hex[:10]}"
            with self._admin_engine().connect() as conn:
                conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
            return self._pg_url(name)
        return f"sqlite:///{self.workdir / f'empty-{uuid.uuid4().hex}.db'}"

    def drop(self, url: str) -> None:
        """Drop a test's database: on PostgreSQL in the background (the next test need not
        wait for it); :meth:`close` waits for every drop."""
        if self.postgresql:
            self._in_background(self._drop_recording_failure, url)
            return
        self.drop_now(url)

    def drop_now(self, url: str) -> None:
        if self.postgresql:
            name = sa.make_url(url).database
            with self._admin_engine().connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        path = Path(sa.make_url(url).database)
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)

    def close(self) -> None:
        if self._spare is not None:
            self._in_background(self._drop_spare, self._spare[1])
            self._spare = None
        if self._background is not None:
            # Every queued drop runs before the templates go, copies of them included.
            self._background.shutdown(wait=True)
            self._background = None
        if self.postgresql:
            with self._admin_engine().connect() as conn:
                for name in self._templates.values():
                    conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if self._admin is not None:
            self._admin.dispose()
        if self._failures:
            raise RuntimeError("test databases not dropped: " + "; ".join(self._failures))
