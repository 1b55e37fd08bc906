"""The access scope applied to every endpoint and page: a user assigned to some stores
(a plugin answering ``pos_access_scope``) acts only on their registers and locations.

Applied in three places, so that no view has to remember it:

- :func:`enforce_request_scope`, before every request: the record a URL or a query
  string names (``register_id``, ``location_id``, ``sale_id``, ``refund_id``,
  ``parked_id``, a cash session's ``session_id``, the report pages' ``register``) must be
  in the scope, else 403;
- :func:`check_body_scope`, once an endpoint's body is loaded: the ``register_id`` and
  ``location_id`` it names (a sale at another shop's till) likewise;
- the lists and reports (registers, sales, stock, the dashboard) filter with
  :func:`current_scope`, :func:`scoped_registers` and :func:`home_location`.

A record that does not exist is left to the view (its 404); only existing records outside
the scope are refused, so the answer says nothing a 404 would not.
"""

from __future__ import annotations

import typing as t

import sqlalchemy as sa
from flask import g, request
from flask_babel import gettext as _

from ..auth.records import current_user
from ..auth.scope import AccessScope
from ..db import db
from ..errors import Forbidden
from ..fields import MAX_ID
from ..registers.models import CashSession, Register
from ..sales.models import ParkedSale, Refund, Sale
from ..stock.models import Location
from .context import current_runtime

_UNSET = object()


def current_scope() -> AccessScope | None:
    """The signed-in user's scope (``None``: everything), asked once per request of the
    plugin answering ``pos_access_scope``.

    Example, a plugin's list keeping to the user's stores::

        scope = current_scope()
        if scope is not None:
            tips = [tip for tip in tips if scope.allows_register(tip.register_id)]
    """
    cached = g.get("comptoir_access_scope", _UNSET)
    if cached is not _UNSET:
        return t.cast(AccessScope | None, cached)
    user = current_user()
    scope = None
    if user is not None:
        hooks = current_runtime().hooks
        if hooks.has("pos_access_scope"):
            scope = hooks.call("pos_access_scope", user=user)  # firstresult: one value
    g.comptoir_access_scope = scope
    return scope


def _refuse() -> t.NoReturn:
    raise Forbidden(_("this belongs to another store"), code="other_store")


def check_register(register_id: int | None) -> None:
    """403 when the register is outside the user's scope."""
    scope = current_scope()
    if scope is not None and not scope.allows_register(register_id):
        _refuse()


def check_location(location_id: int | None) -> None:
    """403 when the stock location is outside the user's scope."""
    scope = current_scope()
    if scope is not None and not scope.allows_location(location_id):
        _refuse()


def _register_of(model: t.Any, key: t.Any) -> int | None:
    if key is None:
        return None
    row = db.session.get(model, key)
    return None if row is None else row.register_id


def _existing(model: t.Any, key: int | None) -> int | None:
    """``key`` if it names a row of ``model`` (an unknown id is the view's 404)."""
    return key if key is not None and db.session.get(model, key) is not None else None


def _as_int(value: t.Any) -> int | None:
    """An id the database can hold, or ``None``: PostgreSQL refuses to compare an integer
    column with 9000000000 (the view then answers the id's 404 or 422 itself)."""
    number = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.isdigit() and len(value) < 19:
        number = int(value)
    return number if number is not None and 0 < number <= MAX_ID else None


#: The names of URL variables and query arguments that point at scoped records, and how
#: each finds its register (or is a location).
_BY_REGISTER: dict[str, t.Callable[[t.Any], int | None]] = {
    "register_id": lambda value: _existing(Register, _as_int(value)),
    "sale_id": lambda value: _register_of(Sale, str(value)),
    "refund_id": lambda value: _register_of(Refund, str(value)),
    "session_id": lambda value: _register_of(CashSession, _as_int(value)),
    "parked_id": lambda value: _register_of(ParkedSale, str(value)),
}


#: Query arguments naming one register or several, comma-separated (a store's registers:
#: the report pages' ``register``, the reports API's ``register_ids``).
_REGISTER_LISTS = ("register", "register_ids")


def register_list(text: t.Any) -> tuple[int, ...] | None:
    """``"3"`` or ``"3,4"`` as register ids; ``None`` when it is not such a list."""
    if not isinstance(text, str) or not text.strip():
        return None
    parts = [part.strip() for part in text.split(",")]
    if len(parts) > 1000 or not all(part.isdigit() and len(part) < 19 for part in parts):
        return None
    if any(not 0 < int(part) <= MAX_ID for part in parts):
        return None
    return tuple(sorted({int(part) for part in parts}))


def register_groups() -> list[tuple[str, tuple[int, ...]]]:
    """``(title, register ids)`` of the groups plugins offer the reports
    (``pos_report_register_groups``), those within the user's scope."""
    user = current_user()
    if user is None:
        return []
    hooks = current_runtime().hooks
    if not hooks.has("pos_report_register_groups"):
        return []
    scope = current_scope()
    groups = []
    for group in hooks.present("pos_report_register_groups", user=user):
        ids = tuple(sorted(set(group.register_ids)))
        if ids and (scope is None or all(scope.allows_register(i) for i in ids)):
            groups.append((str(group.title), ids))
    return groups


def enforce_request_scope() -> None:
    """Before every request: refuse the records of another store named in the URL or the
    query string. Anonymous requests pass on to the permission guard (their 401)."""
    if request.endpoint is None or request.endpoint == "static":
        return
    # The URL's variables and the query string are checked apart: one may name an
    # unknown record (the view's 404) and the other another store's.
    sources = [request.view_args or {}, dict(request.args.items())]
    names = (*_BY_REGISTER, *_REGISTER_LISTS, "location_id")
    if not any(name in values for values in sources for name in names):
        return
    scope = current_scope()
    if scope is None:
        return
    for values in sources:
        _check_values(scope, values)


def _check_values(scope: AccessScope, values: t.Mapping[str, t.Any]) -> None:
    for name, register_of in _BY_REGISTER.items():
        if name in values and not scope.allows_register(_known(register_of, values[name])):
            _refuse()
    for name in _REGISTER_LISTS:
        for register_id in register_list(values.get(name)) or ():
            if not scope.allows_register(_existing(Register, register_id)):
                _refuse()
    if "location_id" in values:
        location_id = _existing(Location, _as_int(values["location_id"]))
        if not scope.allows_location(location_id):
            _refuse()


def _known(register_of: t.Callable[[t.Any], int | None], value: t.Any) -> int | None:
    try:
        return register_of(value)
    except (ValueError, TypeError):  # not an id: the view's own 4xx
        return None


def check_body_scope(body: t.Any) -> None:
    """Once an endpoint's body is loaded: the register and location it names."""
    if not isinstance(body, dict):
        return
    # Without a scope (no multistore: every shop with one store) nothing is read: this
    # runs on every sale, and the view looks its register up anyway.
    scope = current_scope()
    if scope is None:
        return
    # A register or location of the scope exists (the scope is made of existing rows):
    # only one outside it is read, to tell another store's (403) from an unknown one.
    register_id = _as_int(body.get("register_id"))
    if register_id is not None and not scope.allows_register(register_id):
        if not scope.allows_register(_existing(Register, register_id)):
            _refuse()
    location_id = _as_int(body.get("location_id"))
    if location_id is not None and not scope.allows_location(location_id):
        if not scope.allows_location(_existing(Location, location_id)):
            _refuse()


def scoped_registers() -> tuple[int, ...] | None:
    """The registers a list or report of the user covers: their scope's, or ``None``
    (all)."""
    scope = current_scope()
    return None if scope is None else tuple(sorted(scope.register_ids))


def home_location(default_id: int) -> int:
    """The location a page or endpoint shows when none is asked for: the shop's default
    one, unless it is another store's, then the first of the user's own."""
    scope = current_scope()
    if scope is None or scope.allows_location(default_id) or not scope.location_ids:
        return default_id
    return min(scope.location_ids)


def scope_of(user: t.Any) -> AccessScope | None:
    """Another user's scope (``user``: a :class:`UserView`), as the plugin answers it."""
    hooks = current_runtime().hooks
    return hooks.call("pos_access_scope", user=user) if hooks.has("pos_access_scope") else None


def users_sharing_scope(scope: AccessScope) -> frozenset[int]:
    """The users whose own scope overlaps ``scope`` (they work at one of its registers
    or locations): whose actions a viewer limited to ``scope`` may read. Users of every
    store (``None``: admins) are left out: what they do is the whole shop's."""
    from ..auth.models import User
    from ..auth.records import user_view

    found = set()
    for user in db.session.scalars(sa.select(User)):
        theirs = scope_of(user_view(user))
        if theirs is None:
            continue
        if theirs.register_ids & scope.register_ids or theirs.location_ids & scope.location_ids:
            found.add(user.id)
    return frozenset(found)
