"""The audit log's page in the back office: filterable, newest first."""

from __future__ import annotations

import datetime as dt
import math

import sqlalchemy as sa
from flask import Blueprint, render_template, request

from ..auth.models import User
from ..auth.permissions import require
from ..db import db
from ..plugins.scope import current_scope, users_sharing_scope
from ..reports.services import store_zone
from ..stores.settings import current_store
from .services import AuditQuery, actions, find_entries

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")

PER_PAGE = 50


def _date(name: str) -> tuple[dt.date | None, str | None]:
    text = request.args.get(name, "").strip()
    if not text:
        return None, None
    try:
        return dt.date.fromisoformat(text), None
    except ValueError:
        return None, text


@bp.route("/")
@require("admin.access")
@require("audit.view")
def index():
    zone = store_zone(current_store().values["timezone"])
    errors = []
    start, bad_start = _date("from")
    end, bad_end = _date("to")
    errors += [bad for bad in (bad_start, bad_end) if bad]
    user_text = request.args.get("user", "").strip()
    page = request.args.get("page", "1")
    page = int(page) if page.isdigit() and 0 < int(page) < 100000 else 1
    # A viewer limited to some stores reads what their stores' staff did, no more.
    scope = current_scope()
    visible = None if scope is None else users_sharing_scope(scope)
    query = AuditQuery(
        action=request.args.get("action", "").strip()[:64],
        user_id=int(user_text) if user_text.isdigit() and len(user_text) < 10 else None,
        target=request.args.get("target", "").strip()[:200],
        start=dt.datetime.combine(start, dt.time(), zone) if start else None,
        end=dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), zone) if end else None,
        limit=PER_PAGE,
        offset=(page - 1) * PER_PAGE,
        user_ids=visible,
    )
    entries, total = find_entries(query)
    users = db.session.execute(sa.select(User.id, User.username).order_by(User.username)).all()
    if visible is not None:
        users = [row for row in users if row.id in visible]
    return render_template(
        "admin/audit.html",
        entries=entries,
        total=total,
        page=page,
        pages=max(1, math.ceil(total / PER_PAGE)),
        actions=actions(),
        users=users,
        zone=zone,
        errors=errors,
        args=request.args,
    )
