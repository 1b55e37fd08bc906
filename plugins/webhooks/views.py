"""Back-office pages of the webhooks plugin: the subscriptions (add one, see its secret
once, pause it), and each one's delivery log with "send again"."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from core.plugins import DomainError, db, require

from . import events, services

bp = Blueprint("webhooks", __name__, url_prefix="/webhooks")

PAGE_SIZE = 100


def _index(form=None, error=None, created=None, status=200):
    return (
        render_template(
            "webhooks/index.html",
            subscriptions=services.subscriptions(),
            events=events.available(),
            form=form or {"url": "", "events": []},
            error=error,
            created=created,
        ),
        status,
    )


@bp.route("/")
@require("admin.access")
@require("webhooks.manage")
def index():
    return _index()


@bp.route("/", methods=["POST"])
@require("admin.access")
@require("webhooks.manage")
def create():
    form = {"url": request.form.get("url", ""), "events": request.form.getlist("events")}
    try:
        subscription, secret = services.create(form["url"], form["events"], None)
    except DomainError as error:
        db.session.rollback()
        return _index(form, error.message, status=400)
    db.session.commit()
    # The secret is shown on this answer only, never again.
    return _index(created={"id": subscription.id, "secret": secret}, status=201)


@bp.route("/<int:subscription_id>/active", methods=["POST"])
@require("admin.access")
@require("webhooks.manage")
def set_active(subscription_id: int):
    services.set_active(_subscription(subscription_id), request.form.get("active") == "1")
    db.session.commit()
    return redirect(url_for("webhooks.index"))


@bp.route("/<int:subscription_id>")
@require("admin.access")
@require("webhooks.manage")
def deliveries(subscription_id: int):
    subscription = _subscription(subscription_id)
    rows, total = services.deliveries(subscription, limit=PAGE_SIZE)
    return render_template(
        "webhooks/deliveries.html",
        subscription=subscription,
        deliveries=rows,
        total=total,
        events=events.available(),
    )


@bp.route("/<int:subscription_id>/deliveries/<int:delivery_id>/resend", methods=["POST"])
@require("admin.access")
@require("webhooks.manage")
def resend(subscription_id: int, delivery_id: int):
    subscription = _subscription(subscription_id)
    try:
        delivery = services.get_delivery(subscription, delivery_id)
    except DomainError:
        abort(404)
    services.send_again(delivery)
    db.session.commit()
    flash(_("The delivery will be sent again."), "ok")
    return redirect(url_for("webhooks.deliveries", subscription_id=subscription.id))


def _subscription(subscription_id: int):
    try:
        return services.get(subscription_id)
    except DomainError:
        abort(404)
