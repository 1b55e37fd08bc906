"""Back-office pages: the customer list with its search, one customer's file, the forms
to add and change a customer, and the erasure with its confirmation."""

from __future__ import annotations

import typing as t

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from marshmallow import ValidationError

from core.plugins import DomainError, db, has_permission, require

from . import services
from .schemas import CustomerCreateSchema, CustomerPatchSchema, plugin_fields

pages = Blueprint("crm", __name__, url_prefix="/crm")

PAGE_SIZE = 50
MAX_PAGE = 10**6
TEXT_FIELDS = ("name", "email", "phone", "address", "tags", "notes", "group_id", "language")


@pages.route("/")
@require("admin.access")
@require("crm.view")
def index():
    q = request.args.get("q", "")[:200]
    try:
        page = min(max(1, int(request.args.get("page", "1"))), MAX_PAGE)
    except ValueError:
        page = 1
    customers, total = services.search_customers(
        q or None, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
    )
    return render_template(
        "crm/index.html",
        customers=customers,
        total=total,
        q=q,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        can=has_permission,
    )


def _customer_or_404(customer_id: int):
    customer = services.get_customer(customer_id)
    if customer is None:
        abort(404)
    return customer


@pages.route("/<int:customer_id>")
@require("admin.access")
@require("crm.view")
def detail(customer_id: int):
    customer = _customer_or_404(customer_id)
    history = services.purchase_history(customer_id, limit=100)
    return render_template(
        "crm/detail.html",
        customer=customer,
        totals=services.lifetime_totals(customer_id),
        sales=history.items,
        sales_count=history.total,
        extra=plugin_fields(customer),
        can=has_permission,
    )


# -- adding and changing a customer ----------------------------------------------------------


def _read_form() -> dict[str, t.Any]:
    form: dict[str, t.Any] = {name: request.form.get(name, "") for name in TEXT_FIELDS}
    form["marketing_consent"] = request.form.get("marketing_consent") == "on"
    return form


def _values(form: dict[str, t.Any]) -> dict[str, t.Any]:
    """The API's body from the form's text (the API's schema judges it next): empty
    contact fields are none, tags are comma separated."""
    values: dict[str, t.Any] = {
        "name": form["name"],
        "email": form["email"].strip() or None,
        "phone": form["phone"].strip() or None,
        "address": form["address"],
        "tags": [tag.strip() for tag in form["tags"].split(",") if tag.strip()],
        "notes": form["notes"],
        "marketing_consent": form["marketing_consent"],
        "language": form["language"].strip() or None,
        "group_id": None,
    }
    group = form["group_id"].strip()
    if group:
        try:
            values["group_id"] = int(group)
        except ValueError:
            raise ValidationError({"group_id": [_("not a group")]}) from None
    return values


def _form_page(form: dict[str, t.Any], customer=None, errors=None):
    return (
        render_template(
            "crm/form.html",
            form=form,
            customer=customer,
            groups=services.list_groups(),
            errors=errors or {},
            can=has_permission,
        ),
        400 if errors else 200,
    )


def _save(form: dict[str, t.Any], schema, action, *args):
    """Load the form with the API's schema and run the service; ``(customer, errors)``.
    The caller commits when there are no errors."""
    try:
        values = schema.load(_values(form))
        services.check_group_assignment(values, *args)
        return action(*args, values, "back-office"), None
    except ValidationError as error:
        return None, error.normalized_messages()
    except DomainError as error:
        db.session.rollback()
        return None, error.fields or {"form": [error.message]}


@pages.route("/new", methods=["GET", "POST"])
@require("admin.access")
@require("crm.create")
def new():
    if request.method == "GET":
        return _form_page({"marketing_consent": False})
    form = _read_form()
    customer, errors = _save(form, CustomerCreateSchema(), services.create_customer)
    if errors:
        return _form_page(form, errors=errors)
    db.session.commit()
    return redirect(url_for("crm.detail", customer_id=customer.id))


@pages.route("/<int:customer_id>/edit", methods=["GET", "POST"])
@require("admin.access")
@require("crm.edit")
def edit(customer_id: int):
    customer = _customer_or_404(customer_id)
    if customer.erased:
        abort(409)
    if request.method == "GET":
        form = {
            "name": customer.name,
            "email": customer.email or "",
            "phone": customer.phone or "",
            "address": customer.address,
            "tags": ", ".join(customer.tags),
            "notes": customer.notes,
            "group_id": str(customer.group_id or ""),
            "marketing_consent": customer.marketing_consent,
            "language": customer.language or "",
        }
        return _form_page(form, customer)
    form = _read_form()
    _saved, errors = _save(form, CustomerPatchSchema(), services.update_customer, customer)
    if errors:
        return _form_page(form, customer, errors)
    db.session.commit()
    return redirect(url_for("crm.detail", customer_id=customer_id))


# -- erasure -----------------------------------------------------------------------------------


@pages.route("/<int:customer_id>/erase", methods=["GET", "POST"])
@require("admin.access")
@require("crm.erase")
def erase(customer_id: int):
    """GET asks for confirmation; POST with ``confirm=yes`` erases (the service's rule:
    the customer's personal data goes, the sales stay)."""
    customer = _customer_or_404(customer_id)
    if request.method == "POST" and request.form.get("confirm") == "yes":
        services.erase_customer(customer)
        db.session.commit()
        return redirect(url_for("crm.detail", customer_id=customer_id))
    status = 400 if request.method == "POST" else 200
    return render_template("crm/erase.html", customer=customer), status
