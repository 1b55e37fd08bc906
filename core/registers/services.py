"""Registers' business rules: cash sessions, cash movements, receipt numbers, X/Z reports.

Functions take plain values and work in the caller's transaction (``db.session``); they
flush but never commit. Everything that must not race takes the register's row lock first
(``SELECT ... FOR UPDATE`` on PostgreSQL, the database write lock on SQLite), so opening,
closing, cash movements and sales of one register are serialized while other registers
never wait.
"""

from __future__ import annotations

import datetime as dt
import typing as t

import sqlalchemy as sa
from flask_babel import gettext as _

from ..audit.services import record as audit
from ..auth.models import User
from ..db import db, utcnow, write_transaction
from ..errors import Conflict, Invalid, NotFound
from ..fields import MAX_ID, MAX_MONEY
from ..journal.services import append, note_register_counters
from ..plugins import outbox
from ..plugins.context import current_runtime, register_store
from ..plugins.info import ReportSection
from . import journal
from .models import CashMovement, CashSession, Register
from .records import cash_movement_view, cash_session_view
from .reports import session_figures, session_report

OPEN, CLOSED = "open", "closed"
_register = Register.__table__


def is_id(value: int) -> bool:
    """Whether ``value`` can be a row id at all."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


def get_register(register_id: int) -> Register:
    """The register, or a 404."""
    register = db.session.get(Register, register_id) if is_id(register_id) else None
    if register is None:
        raise NotFound(_("no register %(id)s", id=register_id))
    return register


def lock_register(register_id: int) -> Register:
    """The register, row-locked until the caller's transaction ends (404 if unknown)."""
    if not is_id(register_id):
        raise NotFound(_("no register %(id)s", id=register_id))
    connection = write_transaction()
    if connection.dialect.name == "sqlite":
        # The write transaction (BEGIN IMMEDIATE) already excludes every other writer of
        # the database: the register as loaded cannot change under us.
        return get_register(register_id)
    register = db.session.scalars(
        sa.select(Register)
        .where(Register.id == register_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    if register is None:
        raise NotFound(_("no register %(id)s", id=register_id))
    return register


def current_session(register_id: int) -> CashSession | None:
    """The register's open cash session, if any."""
    if not is_id(register_id):
        return None
    return db.session.scalars(
        sa.select(CashSession)
        .where(CashSession.register_id == register_id, CashSession.status == OPEN)
        .order_by(CashSession.id.desc())
        .limit(1)
    ).first()


def require_open_session(register_id: int, *, lock: bool = True) -> CashSession:
    """The register's open session, for a sale, refund or cash movement about to be
    written.

    With ``lock`` (the default) the register row stays locked until the caller's
    transaction ends, so the register cannot be closed under a sale in flight.

    :raise NotFound: unknown register.
    :raise Conflict: ``register_closed`` when no session is open, ``register_inactive``
        for a deactivated register.
    """
    register = lock_register(register_id) if lock else get_register(register_id)
    if not register.active:
        raise Conflict(
            _("register %(code)s is deactivated", code=register.code), code="register_inactive"
        )
    session = current_session(register_id)
    if session is None:
        raise Conflict(
            _("register %(code)s is not open", code=register.code), code="register_closed"
        )
    return session


def next_receipt_number(register_id: int) -> int:
    """The register's next receipt number, inside the caller's transaction.

    One atomic ``UPDATE ... RETURNING``: concurrent callers queue on the row, and a
    rollback gives the number back, so committed numbers are gapless.
    """
    if not is_id(register_id):
        raise NotFound(_("no register %(id)s", id=register_id))
    write_transaction()
    number = db.session.execute(
        sa.update(_register)
        .where(_register.c.id == register_id)
        .values(last_receipt_number=_register.c.last_receipt_number + 1)
        .returning(_register.c.last_receipt_number)
    ).scalar_one_or_none()
    if number is None:
        raise NotFound(_("no register %(id)s", id=register_id))
    note_register_counters(register_id, last_receipt_number=number)
    return number


def _money(value: t.Any, name: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(
            f"{name} must be an integer amount in minor units",
            fields={name: ["an integer amount in minor units (cents) is required"]},
        )
    if not minimum <= value <= MAX_MONEY:
        raise Invalid(
            f"{name} must be between {minimum} and {MAX_MONEY}",
            fields={name: [f"must be between {minimum} and {MAX_MONEY}"]},
        )
    return value


def _after(latest: dt.datetime | None) -> dt.datetime:
    """Now, or just after ``latest``: times are references in the journal, so they must
    be unique per register even with a coarse or stepped-back clock."""
    now = utcnow()
    if latest is not None and now <= latest:
        return latest + dt.timedelta(microseconds=1)
    return now


def open_session(register_id: int, opening_float: int, user: User) -> CashSession:
    """Open the register with a float (409 ``register_open`` if it is open already).

    Race-safe: the check runs under the register's row lock, so of two concurrent opens
    the second sees the first's session and is refused.
    """
    opening_float = _money(opening_float, "float", 0)
    register = lock_register(register_id)
    if not register.active:
        raise Conflict(
            _("register %(code)s is deactivated", code=register.code), code="register_inactive"
        )
    if current_session(register_id) is not None:
        raise Conflict(
            _("register %(code)s is already open", code=register.code), code="register_open"
        )
    latest = db.session.scalar(
        sa.select(sa.func.max(CashSession.opened_at)).where(CashSession.register_id == register_id)
    )
    session = CashSession(
        register_id=register_id,
        status=OPEN,
        opening_float=opening_float,
        opened_by=user.id,
        opened_at=_after(latest),
    )
    db.session.add(session)
    db.session.flush()
    append(
        register_id,
        "session_open",
        journal.session_reference(register, session),
        journal.session_open_payload(register, session),
    )
    _call_transactional(
        "pos_cash_session_opening",
        register.id,
        session=lambda: cash_session_view(session, register),
    )
    return session


def cash_movement(
    register_id: int, kind: str, amount: int, reason: str, user: User
) -> CashMovement:
    """Put cash in (``kind="in"``) or take it out (``"out"``) of an open register's
    drawer, with a reason; journaled as ``cash_in`` / ``cash_out``."""
    if kind not in journal.MOVEMENT_KINDS:
        raise Invalid(_("kind is 'in' or 'out'"), fields={"kind": ["must be 'in' or 'out'"]})
    amount = _money(amount, "amount", 1)
    reason = (reason or "").strip()
    if not reason or len(reason) > 500:
        raise Invalid(
            "a reason (1 to 500 characters) is required",
            fields={"reason": ["a reason (1 to 500 characters) is required"]},
        )
    session = require_open_session(register_id)
    register = get_register(register_id)
    latest = db.session.scalar(
        sa.select(sa.func.max(CashMovement.created_at)).where(
            CashMovement.cash_session_id == session.id
        )
    )
    movement = CashMovement(
        cash_session_id=session.id,
        kind=kind,
        amount=amount,
        reason=reason,
        user_id=user.id,
        created_at=_after(latest),
    )
    db.session.add(movement)
    db.session.flush()
    append(
        register_id,
        journal.MOVEMENT_KINDS[kind],
        journal.movement_reference(register, movement),
        journal.movement_payload(register, session, movement),
    )
    _call_transactional(
        "pos_cash_movement_completing",
        register.id,
        movement=lambda: cash_movement_view(movement, register),
        session=lambda: cash_session_view(session, register),
    )
    return movement


def _call_transactional(hook: str, register_id: int, **views: t.Callable[[], t.Any]) -> None:
    """Call a transactional register hook inside the caller's transaction: an exception
    rolls the opening, movement or closing back with it. The views are only built when
    some enabled plugin implements the hook (most shops: none, no cost). ``store`` is the
    register's shop (its own with multistore)."""
    hooks = current_runtime().hooks
    if hooks.has(hook):
        views_now = {name: build() for name, build in views.items()}
        hooks.call(hook, store=register_store(register_id), **views_now)


def x_report(register_id: int) -> dict[str, t.Any]:
    """The open session's figures so far (409 ``register_closed`` if not open). Writes
    nothing."""
    register = get_register(register_id)
    session = current_session(register_id)
    if session is None:
        raise Conflict(
            _("register %(code)s is not open", code=register.code), code="register_closed"
        )
    report = session_report(session, register, "X")
    report["sections"] = _plugin_sections(session, register, report)
    return report


def _plugin_sections(
    session: CashSession, register: Register, report: dict[str, t.Any]
) -> list[dict[str, t.Any]]:
    """The enabled plugins' tables on an X or Z report (``pos_session_report_sections``),
    in their ``order``, as plain JSON: the Z report keeps them as printed. A failing
    plugin's section is left out."""
    hooks = current_runtime().hooks
    if not hooks.has("pos_session_report_sections"):
        return []
    found = hooks.present(
        "pos_session_report_sections",
        session=cash_session_view(session, register),
        report=report,
        store=register_store(register.id),
    )
    sections = sorted(
        (s for s in found if isinstance(s, ReportSection)), key=lambda s: (s.order, s.key)
    )
    return [
        {
            "key": s.key,
            "title": str(s.title),
            "columns": [str(c) for c in s.columns],
            "rows": [list(row) for row in s.rows],
            "note": str(s.note),
        }
        for s in sections
    ]


def close_session(
    register_id: int, counted_cash: int, user: User, *, approver: User | None = None
) -> dict[str, t.Any]:
    """Close the register with the cash counted in the drawer; return the Z report.

    The report is stored on the session as printed and journaled (``session_close``); its
    ``journal`` head includes that closing entry, so a chain cut off later no longer
    reaches it. 409 ``register_closed`` if the register is not open. ``approver``: the
    manager who approved a cashier's closing, kept with it (session, journal, audit).
    """
    counted_cash = _money(counted_cash, "counted_cash", 0)
    session = require_open_session(register_id)
    register = get_register(register_id)
    figures = session_figures(session)
    session.status = CLOSED
    session.closed_by = user.id
    session.close_approved_by = approver.id if approver is not None else None
    session.closed_at = _after(session.opened_at)
    session.expected_cash = figures["expected_cash"]
    session.counted_cash = counted_cash
    db.session.flush()
    append(
        register_id,
        "session_close",
        journal.session_reference(register, session),
        journal.session_close_payload(register, session, figures),
    )
    report = session_report(session, register, "Z", figures)
    report["sections"] = _plugin_sections(session, register, report)
    session.z_report = report
    _call_transactional(
        "pos_cash_session_closing",
        register.id,
        session=lambda: cash_session_view(session, register),
    )
    details = {"counted_cash": counted_cash, "over_short": report["over_short"]}
    if approver is not None:
        details["approved_by"] = approver.username
    audit("registers.close", f"register:{register_id}", details)
    db.session.flush()
    # After commit, to the plugins that follow closings (rolled back with the closing).
    outbox.emit("pos_cash_session_closed", {"session_id": session.id})
    return report
