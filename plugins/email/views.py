"""Back-office page of the email plugin (the messages sent or waiting, with their errors;
the SMTP password; the consented customers' export and sync) and the public unsubscribe
page a customer reaches from a link."""

from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from core.plugins import db, has_permission, present_hook, public, require

from . import secrets, services
from .models import STATUSES

bp = Blueprint("email", __name__, url_prefix="/email")
#: Open to anyone: a customer follows the link from a mail, signed in to nothing.
public_bp = Blueprint("email_public", __name__, url_prefix="/email/unsubscribe")

PAGE_SIZE = 100


@bp.route("/")
@require("admin.access")
@require("email.view")
def index():
    chosen = request.args.get("status") or None
    rows, total = services.messages(
        status=chosen if chosen in STATUSES else None, limit=PAGE_SIZE, offset=0
    )
    return render_template(
        "email/index.html",
        messages=rows,
        total=total,
        statuses=STATUSES,
        chosen=chosen,
        password_set=secrets.password_set(),
        can=has_permission,
    )


@bp.route("/password", methods=["POST"])
@require("admin.access")
@require("email.manage")
def set_password():
    secrets.set_password(request.form.get("password", ""))
    db.session.commit()
    flash(_("The mail server's password was saved."), "ok")
    return redirect(url_for("email.index"))


@bp.route("/contacts.csv")
@require("admin.access")
@require("email.export")
def export_contacts():
    out = io.StringIO()
    writer = csv.writer(out)
    columns = ["customer_id", "name", "email", "language", "consent_changed_at", "unsubscribe_url"]
    writer.writerow(columns)
    for contact in services.contacts(request.host_url):
        changed = contact["consent_changed_at"]
        contact = {**contact, "consent_changed_at": changed.isoformat() if changed else ""}
        writer.writerow([contact[column] or "" for column in columns])
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=consented-customers.csv"},
    )


@bp.route("/sync", methods=["POST"])
@require("admin.access")
@require("email.export")
def sync():
    contacts = services.contacts(request.host_url)
    answers = present_hook("email_sync_contacts", contacts=contacts)
    if answers:
        flash(_("%(count)s customers sent to the mailing services.", count=len(contacts)), "ok")
    else:
        flash(_("No mailing service is connected."), "error")
    return redirect(url_for("email.index"))


@public_bp.route("/<token>", methods=["GET", "POST"])
@public
def unsubscribe(token: str):
    """GET asks, POST withdraws: a mail scanner following links must not unsubscribe."""
    if request.method == "GET":
        known = services.unsubscribe.customer_of(token) is not None
        return render_template("email/unsubscribe.html", token=token, done=False, known=known), (
            200 if known else 404
        )
    if not services.unsubscribe_customer(token):
        db.session.rollback()
        return render_template("email/unsubscribe.html", token=token, done=False, known=False), 404
    db.session.commit()
    return render_template("email/unsubscribe.html", token=token, done=True, known=True)
