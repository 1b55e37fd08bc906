"""Back-office pages of loyalty: the accounts with the settings in force, and one
customer's ledger with a manual adjustment form."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from marshmallow import ValidationError

from core.plugins import NotFound, Rejected, db, has_permission, list_categories, require
from plugins.crm.public import get_customer

from . import services
from .schemas import AdjustSchema

pages = Blueprint("loyalty", __name__, url_prefix="/loyalty")

PAGE_SIZE = 100
SETTINGS_URL = "/admin/plugins/loyalty/settings"


@pages.route("/")
@require("admin.access")
@require("loyalty.view")
def index():
    accounts, total = services.list_accounts(limit=PAGE_SIZE)
    settings = services.settings()
    names = {category.id: category.name for category in list_categories()}
    excluded = [names.get(i, f"#{i}") for i in settings["excluded_category_ids"]]
    return render_template(
        "loyalty/index.html",
        accounts=accounts,
        total=total,
        settings=settings,
        excluded=excluded,
        # The settings form is the plugins page's, generated from the settings schema.
        settings_url=SETTINGS_URL if has_permission("settings.manage") else None,
    )


def _ledger_page(customer_id: int, error: str | None = None, form=None, status: int = 200):
    try:
        summary = services.account_summary(customer_id, limit=200)
    except NotFound:
        abort(404)
    return (
        render_template(
            "loyalty/customer.html",
            customer=get_customer(customer_id),
            summary=summary,
            error=error,
            form=form or {},
            can=has_permission,
        ),
        status,
    )


@pages.route("/customers/<int:customer_id>")
@require("admin.access")
@require("loyalty.view")
def customer(customer_id: int):
    return _ledger_page(customer_id)


@pages.route("/customers/<int:customer_id>/adjust", methods=["POST"])
@require("admin.access")
@require("loyalty.adjust")
def adjust(customer_id: int):
    form = {"points": request.form.get("points", ""), "reason": request.form.get("reason", "")}
    try:
        points = int(form["points"].strip())
    except ValueError:
        return _ledger_page(customer_id, "Points: a whole number, please.", form, 400)
    try:
        body = AdjustSchema().load({"points": points, "reason": form["reason"].strip()})
        services.adjust(customer_id, body["points"], body["reason"])
    except ValidationError as exc:
        messages = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.normalized_messages().items())
        return _ledger_page(customer_id, messages, form, 400)
    except Rejected as exc:
        return _ledger_page(customer_id, exc.message, form, 409)
    except NotFound:
        abort(404)
    db.session.commit()
    return redirect(url_for("loyalty.customer", customer_id=customer_id))
