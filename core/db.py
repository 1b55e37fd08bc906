"""The database: one Flask-SQLAlchemy object, the declarative base and engine tuning.

Every model of the core and of every plugin derives from :class:`Model` and shares one
``MetaData`` whose naming convention gives constraints stable names, which Alembic needs
to alter tables in SQLite batch mode.
"""

from __future__ import annotations

import datetime as dt
import typing as t

import sqlalchemy as sa
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: How long a SQLite writer waits for the lock before giving up, in milliseconds.
SQLITE_BUSY_TIMEOUT_MS = 30_000


class Model(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(sa.types.TypeDecorator):
    """Timestamps stored in UTC and always returned timezone-aware.

    SQLite has no time zones; without this a value read back would be naive.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: t.Any) -> t.Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use core.db.utcnow()")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: t.Any) -> t.Any:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class _ComptoirSQLAlchemy(SQLAlchemy):
    """Shares one engine between the host app and every runtime app built from it.

    A new Flask app is built whenever the enabled plugin set changes; giving it a new
    engine would drop the connection pool each time.
    """

    def _make_engine(self, bind_key: str | None, options: dict[str, t.Any], app: t.Any):
        host = getattr(app, "comptoir_host", None)
        if host is not None and host is not app:
            return self._app_engines[host][bind_key]
        engine = super()._make_engine(bind_key, options, app)
        if engine.dialect.name == "sqlite":
            _tune_sqlite(engine)
        return engine


def _tune_sqlite(engine: sa.Engine) -> None:
    """WAL, foreign keys, a busy timeout, and explicit BEGIN control.

    pysqlite's own transaction handling starts transactions lazily and cannot take the
    write lock up front; a deferred transaction that later writes can fail at once with
    "database is locked" instead of waiting. Sessions that will write ask for
    ``BEGIN IMMEDIATE`` through :func:`write_transaction`.
    """

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection):
        if connection.get_execution_options().get("comptoir_write"):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql("BEGIN")


db = _ComptoirSQLAlchemy(model_class=Model, session_options={"expire_on_commit": False})


def write_transaction() -> sa.Connection:
    """Start the current session's transaction as a writer.

    Call it first thing in a service that writes (a sale, a stock move). On SQLite it
    takes the write lock up front (``BEGIN IMMEDIATE``) so that concurrent writers queue
    on the busy timeout instead of failing; on PostgreSQL it changes nothing.
    If the session already has a transaction, that one is used as it is.
    """
    if db.session().in_transaction():
        return db.session.connection()
    return db.session.connection(execution_options={"comptoir_write": True})


def begin_write() -> sa.Connection:
    """End the session's read transaction (it must hold no pending changes) and start a
    writing one.

    On SQLite a transaction that read first and writes later cannot wait for the lock: it
    fails at once with "database is locked" when another connection wrote meanwhile. A
    service that reads, decides, then writes calls this between the two.
    """
    session = db.session()
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("begin_write() with pending changes would commit them")
    if session.in_transaction():
        session.commit()
    return write_transaction()
