"""Back-office pages of registers: the list, creating and editing a register, its cash
sessions (the Z history), a session's cash movements, and the X and Z reports, printable.

The pages use the services and schemas of ``/api/v1/registers``; a page that writes
commits once at its end.
"""

from __future__ import annotations

import datetime as dt
import typing as t

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from marshmallow import ValidationError

from ..auth.models import User
from ..auth.permissions import has_permission, require_back_office
from ..db import db
from ..errors import Conflict, DomainError, NotFound
from ..formatting import format_datetime
from ..plugins.scope import scoped_registers
from ..stores.settings import current_store
from .models import CashSession, Register
from .schemas import RegisterInSchema, RegisterPatchSchema
from .services import current_session, get_register, is_id, x_report
from .setup import create_register, is_used, list_locations, sessions_of, update_register

bp = Blueprint("registers", __name__, url_prefix="/admin")

SESSIONS_PER_PAGE = 50


@bp.app_template_filter("store_datetime")
def store_datetime(moment: dt.datetime | str | None) -> str:
    """``{{ report.opened_at|store_datetime }}``: as the ``datetime`` filter, for a moment
    or the ISO text a stored Z report keeps."""
    if moment is None or moment == "":
        return ""
    if isinstance(moment, str):
        moment = dt.datetime.fromisoformat(moment)
    return format_datetime(moment, str(get_locale() or "en"), current_store().timezone)


def _ticked(form: t.Mapping[str, str], name: str) -> bool:
    return form.get(name) not in (None, "", "0", "off")


def _form_body(form: t.Mapping[str, str], *, partial: bool) -> dict[str, t.Any]:
    """The API's body from the form's text fields (the schema judges it next)."""
    body: dict[str, t.Any] = {
        "code": form.get("code", ""),
        "name": form.get("name", ""),
        "active": _ticked(form, "active"),
    }
    location = (form.get("location_id") or "").strip()
    if location:
        body["location_id"] = int(location) if location.isdigit() else location
    if partial and "code" not in form:
        del body["code"]  # a used register's form shows the code read-only
    return body


def _errors(exc: ValidationError | DomainError) -> dict[str, list[str]]:
    if isinstance(exc, ValidationError):
        messages = exc.normalized_messages()
        return {k: v if isinstance(v, list) else [str(v)] for k, v in messages.items()}
    return {k: list(v) for k, v in (exc.fields or {}).items()} or {"": [exc.message]}


def _users(ids: t.Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = db.session.execute(
        sa.select(User.id, User.full_name, User.username).where(User.id.in_(wanted))
    )
    return {row.id: row.full_name or row.username for row in rows}


@bp.route("/registers/")
@require_back_office("registers.view")
def index():
    select = sa.select(Register).order_by(Register.code)
    scope = scoped_registers()
    if scope is not None:
        select = select.where(Register.id.in_(scope))
    registers = db.session.scalars(select).all()
    sessions = {
        s.register_id: s
        for s in db.session.scalars(sa.select(CashSession).where(CashSession.status == "open"))
    }
    return render_template(
        "admin/registers/index.html",
        registers=registers,
        sessions=sessions,
        users=_users(s.opened_by for s in sessions.values()),
        can_manage=has_permission("registers.manage"),
    )


def _new_page(form: dict[str, t.Any], errors: dict[str, list[str]], status: int = 200):
    return (
        render_template(
            "admin/registers/new.html", form=form, errors=errors, **_location_choices()
        ),
        status,
    )


def _location_choices() -> dict[str, t.Any]:
    locations = list_locations()
    return {
        "locations": locations,
        "location_choices": [(location.id, location.name) for location in locations],
    }


@bp.route("/registers/new")
@require_back_office("registers.manage")
def new():
    return _new_page({"active": True}, {})


@bp.route("/registers/new", methods=["POST"])
@require_back_office("registers.manage")
def create():
    form = {**request.form.to_dict(), "active": _ticked(request.form, "active")}
    try:
        body = RegisterInSchema().load(_form_body(request.form, partial=False))
        register = create_register(
            body["code"], body["name"], body.get("location_id"), body["active"]
        )
    except (ValidationError, DomainError) as exc:
        db.session.rollback()
        return _new_page(form, _errors(exc), 409 if _is_conflict(exc) else 400)
    db.session.commit()
    flash(_("Register %(code)s created.", code=register.code), "success")
    return redirect(url_for("registers.show", register_id=register.id))


def _is_conflict(exc: Exception) -> bool:
    return isinstance(exc, Conflict)


def _register_or_404(register_id: int) -> Register:
    try:
        return get_register(register_id)
    except NotFound:
        abort(404)


def _show_page(
    register: Register,
    form: dict[str, t.Any] | None = None,
    errors: dict[str, list[str]] | None = None,
    status: int = 200,
):
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    sessions, total = sessions_of(register.id, SESSIONS_PER_PAGE, (page - 1) * SESSIONS_PER_PAGE)
    if form is None:
        form = {
            "code": register.code,
            "name": register.name,
            "location_id": register.location_id,
            "active": register.active,
        }
    return (
        render_template(
            "admin/registers/show.html",
            register=register,
            open_session=current_session(register.id),
            code_fixed=is_used(register),
            sessions=sessions,
            total=total,
            page=page,
            pages=max((total + SESSIONS_PER_PAGE - 1) // SESSIONS_PER_PAGE, 1),
            users=_users([s.opened_by for s in sessions] + [s.closed_by for s in sessions]),
            form=form,
            errors=errors or {},
            **_location_choices(),
            can_manage=has_permission("registers.manage"),
        ),
        status,
    )


@bp.route("/registers/<int:register_id>")
@require_back_office("registers.view")
def show(register_id: int):
    return _show_page(_register_or_404(register_id))


@bp.route("/registers/<int:register_id>", methods=["POST"])
@require_back_office("registers.manage")
def edit(register_id: int):
    register = _register_or_404(register_id)
    form = {**request.form.to_dict(), "active": _ticked(request.form, "active")}
    try:
        body = RegisterPatchSchema().load(_form_body(request.form, partial=True))
        update_register(register.id, body)
    except (ValidationError, DomainError) as exc:
        db.session.rollback()
        register = _register_or_404(register_id)
        form.setdefault("code", register.code)
        return _show_page(register, form, _errors(exc), 409 if _is_conflict(exc) else 400)
    db.session.commit()
    flash(_("Register %(code)s saved.", code=register.code), "success")
    return redirect(url_for("registers.show", register_id=register.id))


@bp.route("/registers/<int:register_id>/x-report")
@require_back_office("registers.view")
def show_x_report(register_id: int):
    register = _register_or_404(register_id)
    try:
        report = x_report(register.id)
    except DomainError as exc:
        flash(exc.message, "error")
        return redirect(url_for("registers.show", register_id=register.id))
    return render_template("admin/registers/report.html", report=report, register=register)


def _session_or_404(session_id: int) -> CashSession:
    session = db.session.get(CashSession, session_id) if is_id(session_id) else None
    if session is None:
        abort(404)
    return session


@bp.route("/cash-sessions/<int:session_id>")
@require_back_office("registers.view")
def show_session(session_id: int):
    session = _session_or_404(session_id)
    register = _register_or_404(session.register_id)
    movements = session.movements
    return render_template(
        "admin/registers/session.html",
        session=session,
        register=register,
        movements=movements,
        users=_users([session.opened_by, session.closed_by] + [m.user_id for m in movements]),
    )


@bp.route("/cash-sessions/<int:session_id>/z-report")
@require_back_office("registers.view")
def show_z_report(session_id: int):
    session = _session_or_404(session_id)
    if session.z_report is None:
        flash(_("This session is still open: its Z report is made when it closes."), "error")
        return redirect(url_for("registers.show_session", session_id=session.id))
    register = _register_or_404(session.register_id)
    return render_template(
        "admin/registers/report.html", report=session.z_report, register=register
    )
