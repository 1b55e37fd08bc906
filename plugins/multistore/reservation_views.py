"""Back-office page of the reservations a shop holds: the ones to collect first, each
with its Collected and Cancel buttons."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from core.plugins import DomainError, audit, current_user, db, require

from . import reservations, stores
from .access import check_store, my_store_ids
from .reservation_schemas import STATUSES

pages = Blueprint("multistore_reservations", __name__, url_prefix="/reservations")

OUTCOMES = {"collect": "collected", "cancel": "cancelled"}


@pages.route("/")
@require("admin.access")
@require("multistore.reserve")
def index():
    status = request.args.get("status") or None
    if status is not None and status not in STATUSES:
        abort(400)
    rows, total = reservations.find_reservations(my_store_ids(), status, 200, 0)
    return render_template(
        "multistore/reservations.html",
        reservations=[reservations.describe(row) for row in rows],
        total=total,
        status=status,
        names={store.id: store.name for store in stores.list_stores()},
    )


@pages.route("/<int:reservation_id>/collect", methods=["POST"])
@require("admin.access")
@require("multistore.reserve")
def collect(reservation_id: int):
    return _close(reservation_id, "collect")


@pages.route("/<int:reservation_id>/cancel", methods=["POST"])
@require("admin.access")
@require("multistore.reserve")
def cancel(reservation_id: int):
    return _close(reservation_id, "cancel")


def _close(reservation_id: int, step: str):
    try:
        reservation = reservations.get_reservation(reservation_id)
    except DomainError:
        abort(404)
    check_store(reservation.store_id)
    user = current_user()
    assert user is not None
    outcome = OUTCOMES[step]
    try:
        reservations.close(reservation.id, outcome, user.id)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for(".index"))
    audit(f"multistore.reservation_{outcome}", f"reservation:{reservation.id}", {})
    db.session.commit()
    if outcome == "collected":
        flash(_("%(name)s collected their goods.", name=reservation.customer_name), "success")
    else:
        flash(
            _("The reservation for %(name)s is cancelled.", name=reservation.customer_name),
            "success",
        )
    return redirect(url_for(".index"))
