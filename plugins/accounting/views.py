"""Back-office pages of the accounting plugin: the books of a period (daily summary and
entries) with their exports, and the chart-of-accounts mapping."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from core.plugins import (
    DomainError,
    current_store,
    db,
    has_permission,
    list_categories,
    list_tax_rates,
    require,
)

from . import exports, mapping, services

bp = Blueprint("accounting", __name__, url_prefix="/accounting")

#: The most entries the page lists (the exports have them all).
PAGE_SIZE = 200


def _day(name: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(request.args.get(name, "").strip())
    except ValueError:
        return None


def _period() -> tuple[dt.date, dt.date]:
    return services.period(_day("from"), _day("to"))


@bp.route("/")
@require("admin.access")
@require("accounting.view")
def index():
    error = None
    try:
        start, end = _period()
    except DomainError as exc:
        error = exc.message
        start, end = services.period(None, None)
    entries = services.entries_between(start, end)
    return render_template(
        "accounting/index.html",
        start=start,
        end=end,
        error=error,
        summary=services.daily_summary(start, end),
        entries=entries[:PAGE_SIZE],
        total=len(entries),
        formats=exports.formats(),
        currency=current_store().currency,
        can=has_permission,
    )


@bp.route("/export")
@require("admin.access")
@require("accounting.view")
def export():
    code = request.args.get("format", "csv")
    separator = request.args.get("separator", "pipe")
    try:
        start, end = _period()
        text, name, media_type = exports.export_file(code, start, end, separator)
    except DomainError as exc:
        flash(exc.message, "error")
        return redirect(
            url_for(
                "accounting.index",
                **{"from": request.args.get("from", ""), "to": request.args.get("to", "")},
            )
        )
    return Response(
        text.encode(),
        mimetype=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _rows() -> list[dict[str, str]]:
    current = mapping.current_mapping()
    keys = mapping.known_keys(
        (rate.rate for rate in list_tax_rates()),
        ("cash", "card", "gift_card", "loyalty"),
        ("gift_card", "deposit"),
        (category.id for category in list_categories()),
    )
    keys += [key for key in sorted(current.overrides) if key not in keys]
    names = {category.id: category.name for category in list_categories()}
    rows = []
    for key in keys:
        fallbacks = _fallbacks(key)
        default = current.resolve(fallbacks) if fallbacks else None
        chosen = current.overrides.get(key)
        described = mapping.describe(key)
        if key.startswith("sales:category:"):
            category_id = int(key.rsplit(":", 1)[1])
            described = _("Sales of category %(category)s", category=names.get(category_id, key))
        rows.append(
            {
                "key": key,
                "what": described,
                "account": chosen.number if chosen else "",
                "label": chosen.label if chosen else "",
                "default": f"{default.number} {default.label}" if default else _("by tax rate"),
            }
        )
    return rows


def _fallbacks(key: str) -> tuple[str, ...]:
    """The keys the books fall back to for ``key`` (what the page shows as its default);
    none for a category, whose sales go to their tax rate's account until mapped."""
    head = key.split(":", 1)[0]
    if key.startswith("sales:category:"):
        return ()
    if head in ("sales", "tax", "payment", "line") and key != head:
        return (key, head)
    return (key,)


def _mapping_page(errors=None, message=None, status=200):
    return (
        render_template(
            "accounting/mapping.html",
            rows=_rows(),
            errors=errors or {},
            message=message,
            chart=mapping.chart_code(),
            can=has_permission,
        ),
        status,
    )


@bp.route("/mapping")
@require("admin.access")
@require("accounting.view")
def accounts():
    return _mapping_page()


@bp.route("/mapping/save", methods=["POST"])
@require("admin.access")
@require("accounting.manage")
def save_accounts():
    try:
        for key in request.form.getlist("key"):
            mapping.save_override(
                key,
                request.form.get(f"account-{key}", ""),
                request.form.get(f"label-{key}", ""),
            )
        extra = request.form.get("new_key", "").strip()
        if extra:
            mapping.save_override(
                extra, request.form.get("new_account", ""), request.form.get("new_label", "")
            )
    except DomainError as exc:
        db.session.rollback()
        errors = {name: "; ".join(messages) for name, messages in (exc.fields or {}).items()}
        return _mapping_page(errors, exc.message, 400)
    db.session.commit()
    flash(_("Accounts saved."), "success")
    return redirect(url_for("accounting.accounts"))
