"""The database: one Flask-SQLAlchemy object, the declarative base and engine tuning.

Every model of the core and of every plugin derives from :class:`Model` and shares one
``MetaData`` whose naming convention gives constraints stable names, which Alembic needs
to alter tables in SQLite batch mode.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import threading
import typing as t

import sqlalchemy as sa
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.dialects import postgresql, sqlite
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

    Example::

        # in a model
        created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
        # in a migration
        sa.Column("created_at", core.plugins.UTCDateTime(timezone=True), nullable=False)
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


# Plugins' models and migrations take it from their one module, core.plugins: Alembic
# writes a column type's module into the migrations it generates.
UTCDateTime.__module__ = "core.plugins"


def utcnow() -> dt.datetime:
    """Now, timezone-aware, in UTC: what every timestamp column stores.

    Example::

        parcel.handed_over_at = utcnow()
    """
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
            _tune_sqlite(engine, app.config.get("SQLITE_SYNCHRONOUS", "NORMAL"))
        elif engine.dialect.name == "postgresql":
            _check_on_checkout(engine)
        return engine


def _check_on_checkout(engine: sa.Engine) -> None:
    """Replace a pooled PostgreSQL connection the server has closed, without a round trip.

    A server restart (or ``pg_terminate_backend``, or an idle timeout) closes the pool's
    connections from the server's side; the next statement on one would fail. The pool's
    ``pre_ping`` guards against that with a ``SELECT 1`` at every checkout: one round trip
    more on every request (a sale makes about fifteen). Instead, at checkout, libpq reads
    whatever the server has sent while the connection sat in the pool, without waiting
    (``PQconsumeInput``): a closed socket shows at once, and the pool is told to connect
    afresh (``DisconnectionError``) in its place; each pooled connection is checked so at
    its own checkout. A server that vanished without closing its sockets is not seen
    here; the statement that finds it out fails, and the pool reconnects for the next
    request.
    """

    @sa.event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection, _record, _proxy):
        pgconn = getattr(dbapi_connection, "pgconn", None)
        if pgconn is None:  # another driver: it checks in its own way, if at all
            return
        try:
            # Twice: a terminated backend sends its last words (57P01) and then closes;
            # the first read takes the words, the second finds the end of the stream.
            pgconn.consume_input()
            pgconn.consume_input()
        except Exception as exc:  # psycopg.OperationalError: the server closed it
            raise sa.exc.DisconnectionError(str(exc)) from exc
        if pgconn.status != 0:  # CONNECTION_OK
            raise sa.exc.DisconnectionError("the server closed the connection")


#: The modes the setting may name, as written into the PRAGMA (never the raw setting).
_SYNCHRONOUS = {"NORMAL": "NORMAL", "FULL": "FULL"}


def _tune_sqlite(engine: sa.Engine, synchronous: str = "NORMAL") -> None:
    """WAL, foreign keys, a busy timeout, ``synchronous`` (``NORMAL`` or ``FULL``, the
    ``SQLITE_SYNCHRONOUS`` setting), and explicit BEGIN control.

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
        cursor.execute(f"PRAGMA synchronous={_SYNCHRONOUS[synchronous]}")
        cursor.close()

    writers = _WriterQueue(engine)

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection):
        # What write_transaction() compares with to know whether this transaction wrote.
        connection.info[_CHANGES_AT_BEGIN] = connection.connection.dbapi_connection.total_changes
        if connection.get_execution_options().get("comptoir_write"):
            writers.acquire(connection.connection.dbapi_connection)
            try:
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            except BaseException:
                writers.release(connection.connection.dbapi_connection)
                raise
        else:
            connection.exec_driver_sql("BEGIN")


_CHANGES_AT_BEGIN = "comptoir.changes_at_begin"


def _has_written(connection: sa.Connection) -> bool:
    """Whether the SQLite transaction on ``connection`` has changed rows (the driver's
    count of changes since the connection opened, against its count at BEGIN)."""
    changes = connection.connection.dbapi_connection.total_changes
    return changes != connection.info.get(_CHANGES_AT_BEGIN, changes - 1)


def _raw_id(connection: t.Any) -> int:
    """The identity of the driver's connection, whether given bare or as the pool's proxy
    (the dialect's commit and rollback get the proxy)."""
    return id(getattr(connection, "dbapi_connection", None) or connection)


class _WriterQueue:
    """Writers of one SQLite file queue on an OS lock before ``BEGIN IMMEDIATE``.

    SQLite's own busy handler makes a waiting writer sleep 1, 2, 5, 10... ms between
    tries, so under load the lock sits free while writers sleep (the sales bench lost a
    third of its throughput to that). An ``flock`` on a file next to the database wakes
    the next writer, in another worker process too, as soon as the lock is let go; the
    kernel releases it if a process dies. It is let go right after COMMIT or ROLLBACK,
    including the rollback the pool does when a connection comes back unfinished.
    """

    def __init__(self, engine: sa.Engine):
        self._path = f"{engine.url.database}.writelock"
        self._fd: int | None = None
        self._pid = 0
        self._thread_lock = threading.Lock()
        self._holder: int | None = None
        dialect = engine.dialect
        do_commit, do_rollback = dialect.do_commit, dialect.do_rollback

        def commit(dbapi_connection):
            try:
                do_commit(dbapi_connection)
            finally:
                self.release(dbapi_connection)

        def rollback(dbapi_connection):
            try:
                do_rollback(dbapi_connection)
            finally:
                self.release(dbapi_connection)

        dialect.do_commit = commit
        dialect.do_rollback = rollback

        @sa.event.listens_for(engine, "close")
        def _on_close(dbapi_connection, _record):
            self.release(dbapi_connection)

        @sa.event.listens_for(engine, "invalidate")
        def _on_invalidate(dbapi_connection, _record, _exception):
            self.release(dbapi_connection)

    def _file(self) -> int:
        if self._fd is None or self._pid != os.getpid():  # a fork gets its own descriptor
            self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
            self._pid = os.getpid()
        return self._fd

    def acquire(self, dbapi_connection: t.Any) -> None:
        if not self._thread_lock.acquire(timeout=SQLITE_BUSY_TIMEOUT_MS / 1000):
            raise sa.exc.OperationalError("BEGIN IMMEDIATE", {}, TimeoutError("writer queue"))
        try:
            fcntl.flock(self._file(), fcntl.LOCK_EX)
        except BaseException:
            self._thread_lock.release()
            raise
        self._holder = _raw_id(dbapi_connection)

    def release(self, dbapi_connection: t.Any) -> None:
        if self._holder is None or self._holder != _raw_id(dbapi_connection):
            return
        self._holder = None
        fcntl.flock(self._file(), fcntl.LOCK_UN)
        self._thread_lock.release()


db = _ComptoirSQLAlchemy(model_class=Model, session_options={"expire_on_commit": False})


def insert_ignore(
    target: t.Any,
    rows: dict[str, t.Any] | list[dict[str, t.Any]],
    index_elements: list[str] | None = None,
) -> None:
    """INSERT ``rows`` (one dict or several) into ``target`` (a model or a table), leaving
    out any that a unique key already holds: ``ON CONFLICT DO NOTHING`` on both dialects.
    For creating a row that a concurrent writer may be creating too.

    Example::

        insert_ignore(LoyaltyAccount, {"customer_id": customer_id, "points": 0}, ["customer_id"])
    """
    if not rows:
        return
    dialect = db.session.get_bind().dialect.name
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(target)
    insert = insert.on_conflict_do_nothing(index_elements=index_elements)
    if isinstance(rows, dict):
        db.session.execute(insert.values(**rows))
    else:
        db.session.execute(insert, rows)


def write_transaction() -> sa.Connection:
    """Make the current session's transaction a writer, and return its connection.

    Call it in a service before it writes (a sale, a stock move, a category). On SQLite
    it takes the write lock (``BEGIN IMMEDIATE``), queued behind the other writers; a
    transaction that had only read so far is committed first, since SQLite cannot turn a
    reader into a writer once another connection has written ("database is locked", at
    once, whatever the busy timeout). The reads made before then are not protected by the
    lock, as under PostgreSQL's READ COMMITTED: constraints, guarded ``UPDATE``s and
    ``ON CONFLICT`` keep the data right, and a lost race is an ``IntegrityError`` (a 409).
    A transaction that has written already, or holds pending changes, goes on as it is.
    On PostgreSQL it changes nothing.

    Example::

        def record_tip(user_id, amount):
            write_transaction()  # before the first write
            db.session.add(Tip(user_id=user_id, amount=amount))
    """
    session = db.session()
    if session.in_transaction():
        connection = session.connection()
        if connection.dialect.name != "sqlite" or connection.get_execution_options().get(
            "comptoir_write"
        ):
            return connection
        if session.new or session.dirty or session.deleted or _has_written(connection):
            # Changes already made in this transaction must be committed with the rest.
            return connection
        session.commit()
    return session.connection(execution_options={"comptoir_write": True})


def begin_write() -> sa.Connection:
    """Take the write lock for a service that has read and decided, and is about to write;
    the session must hold no pending changes.

    :func:`write_transaction` with a guard: on SQLite it ends the read transaction and
    queues for ``BEGIN IMMEDIATE``; on PostgreSQL the transaction simply goes on (its
    ``UPDATE``s take the row locks), which saves a ``COMMIT``, a ``BEGIN`` and a
    connection check per sale.

    Example::

        card = find_card(code)                 # read and decide...
        if card is None:
            raise NotFound("unknown gift card")
        begin_write()                          # ...then take the write lock
        moved = db.session.execute(DEBIT, {"card": card.id, "amount": amount}).one_or_none()
    """
    session = db.session()
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("begin_write() with pending changes would mix them with the write")
    return write_transaction()


@contextlib.contextmanager
def separate_transaction() -> t.Iterator[sa.Connection]:
    """A write transaction on a connection of its own, committed when the block ends,
    whatever becomes of the session's.

    For the bookkeeping of signing in, which a refused or read-only request must keep: a
    wrong PIN counts towards the lockout although the request fails, a token's last use
    is noted on a ``GET``. Never for a request's own changes, which are committed (or
    rolled back) together by whoever owns the request's transaction.

    On SQLite it queues for the write lock like any writer. The session must not be
    writing (it would wait for itself); a read transaction it had open is ended first, as
    :func:`write_transaction` does, since SQLite never lets a reader write once another
    connection has.

    Example (a one-time secret shown by a read-only endpoint, forgotten as it is shown)::

        with separate_transaction() as connection:
            connection.execute(sa.delete(OneTimeCode.__table__).where(OneTimeCode.id == code_id))
    """
    session = db.session()
    if session.in_transaction():
        mine = session.connection()
        if mine.dialect.name == "sqlite":
            writing = mine.get_execution_options().get("comptoir_write") or _has_written(mine)
            if writing or session.new or session.dirty or session.deleted:
                raise RuntimeError("separate_transaction() while the session writes")
            session.commit()  # it only read
    with db.engine.connect() as connection:
        with connection.execution_options(comptoir_write=True).begin():
            yield connection


#: Marks an index that exists on PostgreSQL only (``info``); see postgres_prefix_index.
POSTGRESQL_ONLY = "postgresql_only"


def postgres_prefix_index(name: str, column: str, include: tuple[str, ...] = ()) -> sa.Index:
    """An index that lets PostgreSQL serve ``column LIKE 'abc%'`` (prefix search).

    PostgreSQL uses a plain b-tree for LIKE only under the "C" collation; a database
    created under any other (``C.UTF-8`` and ``en_US.UTF-8`` included) scanned all the
    products for every search (300 ms at 100,000). An index with ``varchar_pattern_ops``
    serves it under any collation. SQLite searches by a range of its ordinary index
    (see ``core.catalog.search.starts_with``), so there the index would only cost writes.

    ``include``: columns stored in the index beside the key, so that a query reading only
    them is an index-only scan (SQLite's primary keys already cover theirs).
    """
    return sa.Index(
        name,
        column,
        postgresql_ops={column: "varchar_pattern_ops"},
        postgresql_include=list(include),
        info={POSTGRESQL_ONLY: True},
    ).ddl_if(dialect="postgresql")
