"""Per-process caches of data read on every request and changed seldom, kept true across
workers: the public :class:`SharedCache`, its generations table and the watchers.

Each named cache has a row in ``plugin_cache_generation``, bumped in the transaction that
changes what it holds: by the flush of a watched row (a watcher below, so that no code
path can forget it), by a bulk statement on a watched table, or by an explicit
:meth:`SharedCache.invalidate`. Each worker reads every generation with the plugin
generation, in the one statement its runtime holder already runs at most every
``PLUGIN_CHECK_INTERVAL`` (:func:`read_generations`), and drops the entries of the caches
whose generation moved. A request therefore costs no statement; a worker sees another's
change within the interval, and its own at once (dropped on commit).

A value is stored only when the generation read in the loading transaction is the one
the worker holds: a value read before a change can never be kept as if read after it.
"""

from __future__ import annotations

import threading
import typing as t
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app, has_app_context, has_request_context
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..db import db
from .models import PluginCacheGeneration

#: A bound on the keys of one cache in one worker: reaching it starts the cache over.
MAX_KEYS = 10_000
_BUMPED = "comptoir.shared_caches_bumped"

#: Every cache declared in this process, by name.
_DECLARED: dict[str, SharedCache] = {}
#: Table name -> the caches that watch it and the columns whose change matters (None: any).
_WATCHERS: dict[str, list[tuple[SharedCache, frozenset[str] | None]]] = {}

_MISSING = object()

#: Every generation a worker re-reads, in one statement, told apart by ``kind``: the
#: plugins' (``p``), each shared cache's (``c``) and the API tokens' (``a``,
#: :mod:`core.auth.token_cache`).
READ_GENERATIONS = sa.text(
    "SELECT 'p' AS kind, NULL AS name, generation FROM plugin_generation WHERE id = 1"
    " UNION ALL SELECT 'c', name, generation FROM plugin_cache_generation"
    " UNION ALL SELECT 'a', NULL, generation FROM auth_generation WHERE id = 1"
)


@dataclass(frozen=True)
class Generations:
    """What :func:`read_generations` found. ``caches`` and ``auth`` are None where their
    tables do not exist yet (nothing is then cached)."""

    plugin: int
    caches: dict[str, int] | None
    auth: int | None


class SharedCache:
    """A named cache, in each worker, of data that every request reads and that changes
    seldom (a store map, the promotions that run, account overrides), emptied in every
    worker when the data changes: the other workers within ``PLUGIN_CHECK_INTERVAL``
    (0.25 s), the one that changed it at once. Reading it costs no statement.

    Declare it once, at import, with the tables whose changes make it stale
    (``watch``: table name -> the columns that matter, ``None`` for any change, ``()``
    for rows added or removed only; an INSERT or a DELETE always counts). A change to
    those rows, through the ORM or a bulk ``UPDATE``/``DELETE`` run by ``db.session``,
    empties it when its transaction commits.
    A change the watch cannot see (another table, a computed fact) calls
    :meth:`invalidate` in the writing transaction.

    ``get(key, load)`` returns the value kept for ``key`` or calls ``load()`` (a query
    in ``db.session``) and keeps its result. What ``load`` returns is shared by every
    request of the worker, in every thread: plain values (tuples, frozen dataclasses,
    dicts never changed afterwards), never ORM objects. Data that depends on the time
    (what runs *now*) is kept for every time and filtered by the caller.

    Example::

        RATES = SharedCache("parcel.rates", watch={"parcel_rate": None})

        def rates() -> dict[str, int]:
            return RATES.get(None, lambda: dict(db.session.execute(
                sa.select(ParcelRate.zone, ParcelRate.price)).all()))

        # a change the watch cannot see, inside the transaction that makes it:
        RATES.invalidate()
    """

    def __init__(self, name: str, watch: t.Mapping[str, t.Iterable[str] | None] = ()):
        if name in _DECLARED:
            raise ValueError(f"a shared cache named {name!r} exists")
        self.name = name
        self.watch = {
            table: None if columns is None else frozenset(columns)
            for table, columns in dict(watch).items()
        }
        _DECLARED[name] = self
        for table, columns in self.watch.items():
            _WATCHERS.setdefault(table, []).append((self, columns))

    def get(self, key: t.Hashable, load: t.Callable[[], t.Any]) -> t.Any:
        """The value kept for ``key``, else ``load()``'s (kept when it may be)."""
        store = _store()
        if store is None:
            return load()
        if not has_request_context():
            store.check()  # each request starts with the check; other code asks here
        session = db.session()
        if self.name in session.info.get(_BUMPED, ()) or _pending_change(session, self):
            return load()  # this transaction changed it: read what it wrote, keep nothing
        found = store.entries.get(self.name, {}).get(key, _MISSING)
        if found is not _MISSING:
            return found
        generation = _read_generation(session, self.name)
        value = load()
        store.put(self, key, value, generation)
        return value

    def invalidate(self) -> None:
        """Empty this cache in every worker once the current transaction commits (call
        it inside the transaction that changes what the cache holds)."""
        _bump(db.session(), self)


class CacheStore:
    """One worker's entries of every shared cache, for one database (one per app)."""

    def __init__(self, check: t.Callable[[], t.Any]):
        #: Reads the generations if the interval has passed (the runtime holder's check,
        #: which every request makes anyway: this serves the code run outside requests).
        self.check = check
        self.entries: dict[str, dict[t.Hashable, t.Any]] = {}
        #: Each cache's generation as last read; None: unknown (nothing is stored).
        self.generations: dict[str, int] | None = None
        #: Caches changed by this worker since the last read: nothing is stored for them.
        self.stale: set[str] = set()
        self._lock = threading.Lock()

    def update(self, generations: dict[str, int] | None) -> None:
        """Take the generations the runtime holder read; empty the caches that moved."""
        with self._lock:
            old = self.generations
            if generations is None or old is None:
                self.entries.clear()
            else:
                for name in list(self.entries):
                    if generations.get(name, 0) != old.get(name, 0):
                        del self.entries[name]
            self.generations = generations
            self.stale.clear()

    def put(self, cache: SharedCache, key: t.Hashable, value: t.Any, generation: int) -> None:
        with self._lock:
            held = self.generations
            if held is None or cache.name in self.stale or held.get(cache.name, 0) != generation:
                return  # read at another generation than the one this worker holds
            entries = self.entries.setdefault(cache.name, {})
            if len(entries) >= MAX_KEYS:
                entries.clear()
            entries[key] = value

    def forget(self, names: t.Iterable[str]) -> None:
        """This worker committed a change to ``names``: drop them until the next read."""
        with self._lock:
            for name in names:
                self.entries.pop(name, None)
                self.stale.add(name)


def read_generations(engine: sa.Engine) -> Generations:
    """The plugin generation (-1 before ``comptoir init``), every shared cache's and the
    API tokens', in the one statement each worker runs at most every
    ``PLUGIN_CHECK_INTERVAL`` (its runtime holder's check)."""
    try:
        with engine.connect() as connection:
            rows = connection.execute(READ_GENERATIONS).all()
    except (sa.exc.OperationalError, sa.exc.ProgrammingError):
        from .runtime import read_generation  # a database from before these tables

        return Generations(read_generation(engine), None, None)
    found = {kind: generation for kind, name, generation in rows if kind != "c"}
    caches = {name: generation for kind, name, generation in rows if kind == "c"}
    return Generations(found.get("p") or 0, caches, found.get("a") or 0)


def _store() -> CacheStore | None:
    if not has_app_context():
        return None
    return getattr(getattr(current_app, "comptoir_host", None), "shared_caches", None)


def _read_generation(session: Session, name: str) -> int:
    try:
        found = session.execute(
            sa.select(PluginCacheGeneration.generation).where(PluginCacheGeneration.name == name)
        ).scalar()
    except (sa.exc.OperationalError, sa.exc.ProgrammingError):
        return -1  # no table: never equal to a generation held
    return found or 0


def _bump(session: Session, cache: SharedCache) -> None:
    bumped = session.info.setdefault(_BUMPED, set())
    if cache.name in bumped:
        return  # once per transaction is enough
    table = PluginCacheGeneration.__table__
    dialect = session.get_bind().dialect.name
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
    statement = insert.values(name=cache.name, generation=1).on_conflict_do_update(
        index_elements=["name"], set_={"generation": table.c.generation + 1}
    )
    session.connection().execute(statement)
    bumped.add(cache.name)


def _table_of(obj: t.Any) -> str | None:
    return getattr(type(obj), "__tablename__", None)


def _changes(obj: t.Any, columns: frozenset[str] | None) -> bool:
    state = sa.inspect(obj)
    if columns is None:
        return True
    return any(state.attrs[column].history.has_changes() for column in columns)


def _changed_caches(session: Session) -> set[SharedCache]:
    """The caches that the session's pending rows (new, changed, deleted) make stale."""
    found: set[SharedCache] = set()
    pending = ((session.new, False), (session.deleted, False), (session.dirty, True))
    for objects, modified in pending:
        for obj in objects:
            for cache, columns in _WATCHERS.get(_table_of(obj) or "", ()):
                if not modified or _changes(obj, columns):
                    found.add(cache)
    return found


def _pending_change(session: Session, cache: SharedCache) -> bool:
    if not (session.new or session.dirty or session.deleted):
        return False
    return cache in _changed_caches(session)


@sa.event.listens_for(Session, "before_flush")
def _bump_on_flush(session: Session, _context: t.Any, _instances: t.Any) -> None:
    if not _WATCHERS or not (session.new or session.dirty or session.deleted):
        return
    for cache in _changed_caches(session):
        _bump(session, cache)


def _set_columns(statement: t.Any) -> set[str] | None:
    """The columns a bulk UPDATE sets, or None when they cannot be told."""
    values = getattr(statement, "_values", None)
    if not values:
        return None
    return {str(getattr(column, "key", column)) for column in values}


@sa.event.listens_for(Session, "do_orm_execute")
def _bump_on_bulk_change(state: sa.orm.ORMExecuteState) -> None:
    """``session.execute(update(...))`` and the like bypass the flush."""
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    table = getattr(getattr(state.statement, "table", None), "name", None)
    watchers = _WATCHERS.get(table or "")
    if not watchers:
        return
    columns = _set_columns(state.statement) if state.is_update else None
    for cache, watched in watchers:
        if watched is None or columns is None or columns & watched:
            _bump(state.session, cache)


@sa.event.listens_for(Session, "after_commit")
def _forget_after_commit(session: Session) -> None:
    names = session.info.pop(_BUMPED, None)
    if names:
        store = _store()
        if store is not None:
            store.forget(names)


@sa.event.listens_for(Session, "after_soft_rollback")
def _forget_rolled_back_bump(session: Session, _previous: t.Any) -> None:
    # Rolled back, the bump is gone with the change: the next change must bump again.
    session.info.pop(_BUMPED, None)
