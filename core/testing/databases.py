"""Per-test databases made from migrated templates, on SQLite or PostgreSQL."""

from __future__ import annotations

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
        if self.postgresql:
            name = f"comptoir_t_{self._tag}_{uuid.uuid4().hex[:10]}"
            with self._admin_engine().connect() as conn:
                conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
            return self._pg_url(name)
        path = self.workdir / f"test-{uuid.uuid4().hex}.db"
        shutil.copyfile(template, path)
        return f"sqlite:///{path}"

    def create_empty(self) -> str:
        """A new database with nothing in it (no migration ran); its URL."""
        if self.postgresql:
            name = f"comptoir_e_{self._tag}_{uuid.uuid4().hex[:10]}"
            with self._admin_engine().connect() as conn:
                conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
            return self._pg_url(name)
        return f"sqlite:///{self.workdir / f'empty-{uuid.uuid4().hex}.db'}"

    def drop(self, url: str) -> None:
        if self.postgresql:
            name = sa.make_url(url).database
            with self._admin_engine().connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        path = Path(sa.make_url(url).database)
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)

    def close(self) -> None:
        if self.postgresql:
            with self._admin_engine().connect() as conn:
                for name in self._templates.values():
                    conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if self._admin is not None:
            self._admin.dispose()
