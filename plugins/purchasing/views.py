"""Back-office pages of the purchasing plugin: purchase orders (drafted from a
supplier's products, sent as PDF and CSV, received in parts, cancelled), suppliers with
the products they sell, and reordering (points per location, suggestions, drafting the
orders). Views parse the forms, call the services, and commit."""

from __future__ import annotations

import uuid

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from marshmallow import ValidationError

from core.plugins import (
    Conflict,
    DomainError,
    NotFound,
    current_store,
    db,
    find_product_by_barcode,
    find_product_by_sku,
    get_products,
    get_settings,
    has_permission,
    list_locations,
    money_text,
    require,
    stock_at,
)

from . import documents, forms
from .models import STATUSES
from .schemas import SupplierSchema
from .services import order_lines, orders, reorder, suppliers
from .services.common import default_location_id, text

bp = Blueprint("purchasing", __name__, url_prefix="/purchasing")

PAGE_SIZE = 100


def _page(template: str, status: int = 200, **values):
    values.setdefault("errors", {})
    values.setdefault("form", {})
    return (
        render_template(
            template,
            can=has_permission,
            currency=current_store().currency,
            money_text=money_text,
            qty=text,
            locations={location.id: location for location in list_locations()},
            **values,
        ),
        status,
    )


def _failed(error: DomainError) -> dict[str, list[str]]:
    db.session.rollback()
    return error.fields or {"": [error.message]}


def _ticked(name: str) -> bool:
    """A checkbox of the form: the back office's send ``1``, browsers' defaults ``on``."""
    return request.form.get(name) in ("1", "on")


def _product(reference: str):
    reference = (reference or "").strip()
    if not reference:
        return None
    return find_product_by_sku(reference) or find_product_by_barcode(reference)


# -- purchase orders ------------------------------------------------------------------------


@bp.route("/")
@require("admin.access")
@require("purchasing.view")
def index():
    chosen = request.args.get("status")
    found, total = orders.list_orders(
        status=chosen if chosen in STATUSES else None, limit=PAGE_SIZE
    )
    return _page(
        "purchasing/index.html", orders=found, total=total, statuses=STATUSES, chosen=chosen
    )


@bp.route("/orders/new", methods=["GET", "POST"])
@require("admin.access")
@require("purchasing.manage")
def new_order():
    """Step one: the supplier and the location; step two: quantities of the products the
    supplier sells (an empty quantity leaves the product out)."""
    supplier_id = request.values.get("supplier_id", type=int)
    if supplier_id is None:
        return _page("purchasing/order_new.html", suppliers=suppliers.list_suppliers())
    try:
        supplier = suppliers.get_supplier(supplier_id)
    except DomainError as error:
        return _page("purchasing/order_new.html", 404, suppliers=[], errors=_failed(error))
    offers = suppliers.supplier_products(supplier_id=supplier.id)
    products = get_products(offer.product_id for offer in offers)
    location_id = request.values.get("location_id", type=int) or default_location_id()
    values = dict(
        supplier=supplier,
        offers=offers,
        products=products,
        location_id=location_id,
        stock=stock_at(products, location_id),
    )
    if request.method == "GET":
        return _page("purchasing/order_new.html", **values)
    errors: dict = {}
    lines = []
    for offer in offers:
        key = str(offer.product_id)
        quantity = forms.quantity(
            request.form.get(f"quantity-{key}", ""), f"quantity-{key}", errors
        )
        cost = forms.money(request.form.get(f"cost-{key}", ""), f"cost-{key}", errors)
        if quantity is not None:
            lines.append({"product_id": offer.product_id, "quantity": quantity, "unit_cost": cost})
    if not lines and not errors:
        errors[""] = [_("Give the quantity of at least one product.")]
    try:
        forms.check(errors)
        order = orders.create_order(
            {
                "supplier_id": supplier.id,
                "location_id": location_id,
                "note": request.form.get("note", "").strip()[:1000],
                "lines": lines,
            }
        )
    except forms.FormErrors as exc:
        return _page(
            "purchasing/order_new.html", 400, form=request.form, errors=exc.errors, **values
        )
    except DomainError as error:
        return _page(
            "purchasing/order_new.html", 400, form=request.form, errors=_failed(error), **values
        )
    db.session.commit()
    flash(_("Purchase order %(ref)s drafted.", ref=order.reference), "success")
    return redirect(url_for("purchasing.order", order_id=order.id))


@bp.route("/orders/<int:order_id>")
@require("admin.access")
@require("purchasing.view")
def order(order_id: int, errors=None, form=None, status=200):
    try:
        found = orders.get_order(order_id)
    except DomainError:
        return _page("purchasing/missing.html", 404)
    form = form or {}
    # The form's delivery id: submitted twice (a double click, a resent form), the
    # delivery is booked once. A form shown again after an error keeps its id.
    receipt_id = _receipt_id(form.get("receipt_id")) or str(uuid.uuid4())
    return _page(
        "purchasing/order.html",
        status,
        order=found,
        errors=errors or {},
        form=form,
        receipt_id=receipt_id,
    )


def _receipt_id(text: str | None) -> str | None:
    try:
        return str(uuid.UUID(text or ""))
    except ValueError:
        return None


def _order_action(order_id: int, action, done: str):
    try:
        found = action(order_id)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("purchasing.order", order_id=order_id))
    db.session.commit()
    flash(done % {"ref": found.reference}, "success")
    return redirect(url_for("purchasing.order", order_id=order_id))


@bp.route("/orders/<int:order_id>/send", methods=["POST"])
@require("admin.access")
@require("purchasing.manage")
def send(order_id: int):
    return _order_action(order_id, orders.send_order, _("%(ref)s is marked as sent."))


@bp.route("/orders/<int:order_id>/cancel", methods=["POST"])
@require("admin.access")
@require("purchasing.manage")
def cancel(order_id: int):
    return _order_action(order_id, orders.cancel_order, _("%(ref)s is cancelled."))


@bp.route("/orders/<int:order_id>/receive", methods=["POST"])
@require("admin.access")
@require("purchasing.receive")
def receive(order_id: int):
    """The quantities that came, per line (empty or zero: none of it)."""
    try:
        found = orders.get_order(order_id)
    except DomainError:
        return _page("purchasing/missing.html", 404)
    errors: dict = {}
    items = []
    for line in found.lines:
        key = f"received-{line.id}"
        quantity = forms.quantity(request.form.get(key, ""), key, errors, allow_zero=True)
        cost = forms.money(request.form.get(f"cost-{line.id}", ""), f"cost-{line.id}", errors)
        if quantity:
            items.append({"line_id": line.id, "quantity": quantity, "unit_cost": cost})
    if not items and not errors:
        errors[""] = [_("Give the quantity received of at least one line.")]
    try:
        forms.check(errors)
        found = orders.receive_order(
            order_id,
            items,
            request.form.get("note", "").strip()[:500],
            _receipt_id(request.form.get("receipt_id")),
        )
    except forms.FormErrors as exc:
        return order(order_id, errors=exc.errors, form=request.form, status=400)
    except DomainError as error:
        failed = _failed(error)
        return order(order_id, errors=failed, form=request.form, status=409)
    db.session.commit()
    flash(_("Goods received on %(ref)s.", ref=found.reference), "success")
    return redirect(url_for("purchasing.order", order_id=order_id))


# -- a draft's lines -------------------------------------------------------------------------


def _line_change(order_id: int, read_form, change, done: str):
    """Check the form (``read_form`` raises :class:`forms.FormErrors`), apply ``change``
    to the draft and commit; a refusal (the order sent meanwhile, its last line, a
    product already on it) shows on the order page and changes nothing."""
    try:
        orders.get_order(order_id)
    except DomainError:
        return _page("purchasing/missing.html", 404)
    try:
        values = read_form()
        found = change(values)
    except forms.FormErrors as exc:
        db.session.rollback()
        return order(order_id, errors=exc.errors, form=request.form, status=400)
    except DomainError as error:
        status = 409 if isinstance(error, Conflict) else 404 if isinstance(error, NotFound) else 400
        failed = _failed(error)
        return order(order_id, errors=failed, form=request.form, status=status)
    db.session.commit()
    flash(done % {"ref": found.reference}, "success")
    return redirect(url_for("purchasing.order", order_id=order_id))


@bp.route("/orders/<int:order_id>/lines", methods=["POST"])
@require("admin.access")
@require("purchasing.manage")
def add_line(order_id: int):
    """A product more on a draft, by SKU or barcode; its cost the supplier's unless given."""

    def read_form() -> dict:
        errors: dict = {}
        found = _product(request.form.get("product", ""))
        if found is None:
            errors["product"] = [_("No product has this SKU or barcode.")]
        quantity = forms.quantity(request.form.get("quantity", ""), "quantity", errors)
        if quantity is None and "quantity" not in errors:
            errors["quantity"] = [_("Give the quantity to order.")]
        cost = forms.money(request.form.get("unit_cost", ""), "unit_cost", errors)
        forms.check(errors)
        return {"product_id": found.id, "quantity": quantity, "unit_cost": cost}

    return _line_change(
        order_id,
        read_form,
        lambda values: order_lines.add_line(order_id, values),
        _("Line added to %(ref)s."),
    )


@bp.route("/orders/<int:order_id>/lines/<int:line_id>", methods=["POST"])
@require("admin.access")
@require("purchasing.manage")
def change_line(order_id: int, line_id: int):
    """A draft line's quantity and unit cost (an empty cost keeps the line's)."""

    def read_form() -> dict:
        errors: dict = {}
        key = f"quantity-{line_id}"
        quantity = forms.quantity(request.form.get(key, ""), key, errors)
        if quantity is None and key not in errors:
            errors[key] = [_("Give the quantity to order.")]
        cost_key = f"unit_cost-{line_id}"
        cost = forms.money(request.form.get(cost_key, ""), cost_key, errors)
        forms.check(errors)
        return {"quantity": quantity, "unit_cost": cost}

    return _line_change(
        order_id,
        read_form,
        lambda values: order_lines.change_line(order_id, line_id, values),
        _("Line of %(ref)s saved."),
    )


@bp.route("/orders/<int:order_id>/lines/<int:line_id>/remove", methods=["POST"])
@require("admin.access")
@require("purchasing.manage")
def remove_line(order_id: int, line_id: int):
    return _line_change(
        order_id,
        dict,
        lambda _values: order_lines.remove_line(order_id, line_id),
        _("Line removed from %(ref)s."),
    )


@bp.route("/orders/<int:order_id>.pdf")
@require("admin.access")
@require("purchasing.view")
def order_pdf(order_id: int):
    try:
        found = orders.get_order(order_id)
    except DomainError:
        return _page("purchasing/missing.html", 404)
    return Response(
        documents.order_pdf(found),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{found.reference}.pdf"'},
    )


@bp.route("/orders/<int:order_id>.csv")
@require("admin.access")
@require("purchasing.view")
def order_csv(order_id: int):
    try:
        found = orders.get_order(order_id)
    except DomainError:
        return _page("purchasing/missing.html", 404)
    return Response(
        documents.order_csv(found),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{found.reference}.csv"'},
    )


# -- suppliers ------------------------------------------------------------------------------

SUPPLIER_TEXT = ("name", "contact", "email", "phone", "address", "vat_number")


def _supplier_form() -> dict:
    """The supplier form's values, checked with the API's schema."""
    errors: dict = {}
    raw = {key: request.form.get(key, "").strip() for key in SUPPLIER_TEXT}
    lead = forms.integer(request.form.get("lead_time_days", "7"), "lead_time_days", errors, 0, 365)
    try:
        values = SupplierSchema().load({**raw, "lead_time_days": lead if lead is not None else 7})
    except ValidationError as exc:
        errors.update(exc.messages)
        values = {}
    forms.check(errors)
    return values


@bp.route("/suppliers")
@require("admin.access")
@require("purchasing.view")
def supplier_list():
    return _page(
        "purchasing/suppliers.html", suppliers=suppliers.list_suppliers(include_inactive=True)
    )


@bp.route("/suppliers/new", methods=["POST"])
@require("admin.access")
@require("purchasing.manage")
def new_supplier():
    listed = suppliers.list_suppliers(include_inactive=True)
    try:
        created = suppliers.create_supplier(_supplier_form())
    except forms.FormErrors as exc:
        return _page(
            "purchasing/suppliers.html", 400, suppliers=listed, form=request.form, errors=exc.errors
        )
    except DomainError as error:
        return _page(
            "purchasing/suppliers.html",
            409,
            suppliers=listed,
            form=request.form,
            errors=_failed(error),
        )
    db.session.commit()
    flash(_("Supplier %(name)s added.", name=created.name), "success")
    return redirect(url_for("purchasing.supplier", supplier_id=created.id))


def _supplier_page(supplier_id: int, status: int = 200, **values):
    found = suppliers.get_supplier(supplier_id)
    offers = suppliers.supplier_products(supplier_id=found.id)
    return _page(
        "purchasing/supplier.html",
        status,
        supplier=found,
        offers=offers,
        products=get_products(offer.product_id for offer in offers),
        **values,
    )


@bp.route("/suppliers/<int:supplier_id>")
@require("admin.access")
@require("purchasing.view")
def supplier(supplier_id: int):
    try:
        return _supplier_page(supplier_id)
    except DomainError:
        return _page("purchasing/missing.html", 404)


@bp.route("/suppliers/<int:supplier_id>/edit", methods=["POST"])
@require("admin.access")
@require("purchasing.manage")
def edit_supplier(supplier_id: int):
    try:
        suppliers.get_supplier(supplier_id)
    except DomainError:
        return _page("purchasing/missing.html", 404)
    try:
        values = _supplier_form()
        values["active"] = _ticked("active")
        suppliers.update_supplier(supplier_id, values)
    except forms.FormErrors as exc:
        return _supplier_page(supplier_id, 400, form=request.form, errors=exc.errors)
    except DomainError as error:
        failed = _failed(error)
        return _supplier_page(supplier_id, 409, form=request.form, errors=failed)
    db.session.commit()
    flash(_("Supplier saved."), "success")
    return redirect(url_for("purchasing.supplier", supplier_id=supplier_id))


@bp.route("/suppliers/<int:supplier_id>/products", methods=["POST"])
@require("admin.access")
@require("purchasing.manage")
def supplier_product(supplier_id: int):
    """Add or change a product the supplier sells, picked by SKU or barcode."""
    try:
        suppliers.get_supplier(supplier_id)
    except DomainError:
        return _page("purchasing/missing.html", 404)
    errors: dict = {}
    found = _product(request.form.get("product", ""))
    if found is None:
        errors["product"] = [_("No product has this SKU or barcode.")]
    pack = forms.quantity(request.form.get("pack_size", ""), "pack_size", errors)
    cost = forms.money(request.form.get("cost", ""), "cost", errors)
    reference = request.form.get("reference", "").strip()
    if len(reference) > 64:
        errors["reference"] = [_("At most 64 characters.")]
    try:
        forms.check(errors)
        values = {
            "product_id": found.id,
            "reference": reference,
            "cost": cost,
            "preferred": _ticked("preferred"),
        }
        if pack is not None:
            values["pack_size"] = pack
        suppliers.set_supplier_product(supplier_id, values)
    except forms.FormErrors as exc:
        return _supplier_page(supplier_id, 400, offer_form=request.form, errors=exc.errors)
    except DomainError as error:
        failed = _failed(error)
        return _supplier_page(supplier_id, 409, offer_form=request.form, errors=failed)
    db.session.commit()
    flash(_("%(name)s saved for this supplier.", name=found.name), "success")
    return redirect(url_for("purchasing.supplier", supplier_id=supplier_id))


# -- reordering -----------------------------------------------------------------------------


def _reorder_query(errors: dict) -> tuple[int, int]:
    location_id = request.values.get("location_id", type=int) or default_location_id()
    days = request.values.get("days", "").strip()
    window = get_settings("purchasing")["velocity_days"]
    if days:
        window = forms.integer(days, "days", errors, 1, 365) or window
    return location_id, window


def _reorder_page(status: int = 200, **values):
    errors: dict = values.pop("errors", {})
    location_id, days = _reorder_query(errors)
    try:
        groups = reorder.by_supplier(reorder.suggestions(location_id, days))
    except DomainError as error:
        groups, errors = [], {**errors, **_failed(error)}
        status = 404 if status == 200 else status
    points = reorder.reorder_points(location_id)
    return _page(
        "purchasing/reorder.html",
        status,
        groups=groups,
        points=points,
        point_products=get_products(point.product_id for point in points),
        location_id=location_id,
        days=days,
        errors=errors,
        **values,
    )


@bp.route("/reorder")
@require("admin.access")
@require("purchasing.view")
def reordering():
    return _reorder_page()


@bp.route("/reorder/orders", methods=["POST"])
@require("admin.access")
@require("purchasing.manage")
def create_orders():
    errors: dict = {}
    location_id, days = _reorder_query(errors)
    chosen = request.form.getlist("supplier_id", type=int)
    try:
        made = reorder.create_orders(location_id, days, chosen or None)
    except DomainError as error:
        return _reorder_page(409, errors=_failed(error))
    db.session.commit()
    flash(_("Drafted: %(refs)s.", refs=", ".join(order.reference for order in made)), "success")
    return redirect(url_for("purchasing.index", status="draft"))


@bp.route("/reorder/points", methods=["POST"])
@require("admin.access")
@require("purchasing.manage")
def reorder_point():
    errors: dict = {}
    location_id, _days = _reorder_query(errors)
    found = _product(request.form.get("product", ""))
    if found is None:
        errors["product"] = [_("No product has this SKU or barcode.")]
    point = forms.quantity(
        request.form.get("reorder_point", ""), "reorder_point", errors, allow_zero=True
    )
    quantity = forms.quantity(
        request.form.get("reorder_quantity", ""), "reorder_quantity", errors, allow_zero=True
    )
    for field, value in (("reorder_point", point), ("reorder_quantity", quantity)):
        if value is None and field not in errors:
            errors[field] = [_("Required.")]
    try:
        forms.check(errors)
        reorder.set_reorder_point(
            {
                "product_id": found.id,
                "location_id": location_id,
                "reorder_point": point,
                "reorder_quantity": quantity,
            }
        )
    except forms.FormErrors as exc:
        return _reorder_page(400, point_form=request.form, errors=exc.errors)
    except DomainError as error:
        return _reorder_page(409, point_form=request.form, errors=_failed(error))
    db.session.commit()
    flash(_("Reorder point of %(name)s saved.", name=found.name), "success")
    return redirect(url_for("purchasing.reordering", location_id=location_id))
