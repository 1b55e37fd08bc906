"""The back office's catalog pages: products (list, search, filters, form), categories,
tax rates, CSV import and export, barcode labels.

Every page goes through the services and schemas of the API (:mod:`.services`,
:mod:`.schemas`); a page that writes commits once at its end, or rolls back and shows
the form again with each field's message and nothing saved. Every page needs
``admin.access`` besides the catalog permission: cashiers, who may look the catalog up
at the till, do not enter the back office.
"""

from __future__ import annotations

import functools
import io
import typing as t

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError

from ..auth.permissions import has_permission, require_back_office
from ..db import db, utcnow
from ..errors import DomainError
from ..fields import decimal_text, percent_text
from ..formatting import format_quantity, format_rate
from ..receipts.render import format_money
from ..stock.services import default_location
from ..stores.settings import current_store
from ..uploads import allows_body_bytes
from . import csvio, csvpage, services
from .browse import ProductFilters, browse_products
from .csvio import COLUMNS
from .forms import error_messages, product_body, product_form_of, read_product_form
from .labels import barcode_svg
from .models import Product
from .schemas import (
    CategoryCreateSchema,
    CategoryUpdateSchema,
    ProductCreateSchema,
    ProductUpdateSchema,
    TaxRateCreateSchema,
    TaxRateUpdateSchema,
)

pages = Blueprint("catalog_admin", __name__, url_prefix="/admin/catalog")

PAGE_SIZE = 50


@pages.context_processor
def _helpers() -> dict[str, t.Any]:
    currency, locale = current_store().currency, str(get_locale() or "en")
    # The same prices, rates and quantities come back on a page of 50 (and babel's
    # formatting is the slow part of a row): each value is formatted once per request,
    # as the |money, |rate and |quantity filters write it.
    cache = functools.lru_cache(maxsize=512)
    return {
        "money_text": cache(lambda amount: format_money(int(amount), currency, locale)),
        "rate_text": cache(lambda percent: format_rate(percent, locale)),
        "quantity_text": cache(
            lambda quantity, sold_by: format_quantity(quantity, sold_by, locale)
        ),
        "decimal_text": decimal_text,
        "percent_text": percent_text,
        "category_options": lambda categories: [(c.id, c.name) for c in categories],
        "rate_options": lambda rates: [
            (r.id, f"{r.name} ({format_rate(r.rate, locale)})") for r in rates
        ],
    }


def _currency() -> str:
    return current_store().currency


def _int_arg(name: str) -> int | None:
    text = request.args.get(name, "").strip()
    return int(text) if text.isdigit() and 0 < int(text) < 2**31 else None


# -- product list ----------------------------------------------------------------------------


def _filters() -> tuple[ProductFilters, dict[str, str]]:
    args = {
        "q": request.args.get("q", "")[:200],
        "category": request.args.get("category", ""),
        "tax": request.args.get("tax", ""),
        "active": request.args.get("active", ""),
        "low": request.args.get("low", ""),
    }
    active = {"1": True, "0": False}.get(args["active"])
    filters = ProductFilters(
        q=args["q"],
        category_id=_int_arg("category"),
        tax_rate_id=_int_arg("tax"),
        active=active,
        low_stock=args["low"] == "1",
    )
    return filters, {key: value for key, value in args.items() if value}


def _cursor(name: str) -> tuple[str, int] | None:
    product_id = _int_arg(name)
    if product_id is None:
        return None
    row = db.session.get(Product, product_id)
    return (row.search_name, row.id) if row is not None else None


@pages.route("/products")
@require_back_office("catalog.view")
def products():
    filters, args = _filters()
    location = default_location()
    found = browse_products(
        filters,
        location.id,
        after=_cursor("after"),
        before=_cursor("before"),
        limit=PAGE_SIZE,
    )
    return render_template(
        "admin/catalog/products.html",
        found=found,
        args=args,
        categories=services.list_categories(),
        tax_rates=services.list_tax_rates(),
        next_url=found.next_after and url_for(".products", **args, after=found.next_after[1]),
        prev_url=found.prev_before and url_for(".products", **args, before=found.prev_before[1]),
        first_url=url_for(".products", **args) if found.prev_before else None,
        can_edit=has_permission("catalog.edit"),
    )


# -- product form ----------------------------------------------------------------------------


def _product_page(form: dict[str, t.Any], product: Product | None, errors: dict | None = None):
    return (
        render_template(
            "admin/catalog/product_form.html",
            form=form,
            product=product,
            errors=errors or {},
            categories=services.list_categories(),
            tax_rates=services.list_tax_rates(),
            currency=current_store().currency,
            store=current_store(),
        ),
        422 if errors else 200,
    )


def _save_product(product: Product | None):
    """Check the posted form with the API's schema and save it through the service;
    on any refusal, roll back and show the form again with the messages."""
    form = read_product_form(request.form)
    body, errors = product_body(form, _currency(), creating=product is None)
    schema = ProductCreateSchema() if product is None else ProductUpdateSchema()
    try:
        loaded = schema.load(body)
    except ValidationError as error:
        # Every field's message at once: the schema's, and before them the form's own.
        errors = {**error_messages(error), **errors}
    if errors:
        return _product_page(form, product, errors)
    try:
        if product is None:
            saved = services.create_product(loaded, current_user.id)
        else:
            saved = services.update_product(product.id, loaded, current_user.id)
    except DomainError as error:
        db.session.rollback()
        return _product_page(form, product, error_messages(error))
    db.session.commit()
    flash(_("Product %(name)s saved.", name=saved.name), "success")
    return redirect(url_for(".edit_product", product_id=saved.id))


@pages.route("/products/new", methods=["GET"])
@require_back_office("catalog.edit")
def new_product():
    default = services.default_tax_rate()
    form = {
        "name": "",
        "sku": "",
        "price": "",
        "cost": "",
        "tax_rate_id": str(default.id) if default else "",
        "category_id": request.args.get("category", ""),
        "sold_by": "unit",
        "barcodes": request.args.get("barcode", ""),
        "reorder_level": "",
        "stock": "",
        "active": True,
    }
    return _product_page(form, None)


@pages.route("/products/new", methods=["POST"])
@require_back_office("catalog.edit")
def create_product():
    return _save_product(None)


def _product_or_404(product_id: int) -> Product:
    product = db.session.get(Product, product_id)
    if product is None:
        abort(404)
    return product


@pages.route("/products/<int:product_id>", methods=["GET"])
@require_back_office("catalog.view")
def edit_product(product_id: int):
    product = _product_or_404(product_id)
    return _product_page(product_form_of(product, _currency()), product)


@pages.route("/products/<int:product_id>", methods=["POST"])
@require_back_office("catalog.edit")
def update_product(product_id: int):
    return _save_product(_product_or_404(product_id))


@pages.route("/products/<int:product_id>/delete", methods=["POST"])
@require_back_office("catalog.edit")
def delete_product(product_id: int):
    product = _product_or_404(product_id)
    name = product.name
    outcome = services.delete_product(product_id)
    db.session.commit()
    if outcome == "deleted":
        flash(_("Product %(name)s deleted.", name=name), "success")
        return redirect(url_for(".products"))
    flash(_("%(name)s was sold before: it is deactivated, not deleted.", name=name), "warning")
    return redirect(url_for(".edit_product", product_id=product_id))


# -- categories and tax rates ---------------------------------------------------------------


def _category_body(form: t.Mapping[str, str]) -> dict[str, t.Any]:
    body: dict[str, t.Any] = {"name": form.get("name", "").strip()}
    color = form.get("color", "").strip()
    body["color"] = color
    position = form.get("position", "").strip()
    if position:
        try:
            body["position"] = int(position)
        except ValueError:
            raise ValidationError({"position": [_("a whole number")]}) from None
    return body


def _categories_page(errors: dict | None = None, failed: int | None = None, form=None):
    return (
        render_template(
            "admin/catalog/categories.html",
            categories=services.list_categories(),
            errors=errors or {},
            failed=failed,
            form=form or {},
            can_edit=has_permission("catalog.edit"),
        ),
        422 if errors else 200,
    )


@pages.route("/categories", methods=["GET"])
@require_back_office("catalog.view")
def categories():
    return _categories_page()


@pages.route("/categories", methods=["POST"])
@require_back_office("catalog.edit")
def create_category():
    try:
        category = services.create_category(
            CategoryCreateSchema().load(_category_body(request.form))
        )
    except (ValidationError, DomainError) as error:
        db.session.rollback()
        return _categories_page(error_messages(error), 0, request.form)
    db.session.commit()
    flash(_("Category %(name)s added.", name=category.name), "success")
    return redirect(url_for(".categories"))


@pages.route("/categories/<int:category_id>", methods=["POST"])
@require_back_office("catalog.edit")
def update_category(category_id: int):
    try:
        category = services.update_category(
            category_id, CategoryUpdateSchema().load(_category_body(request.form))
        )
    except (ValidationError, DomainError) as error:
        db.session.rollback()
        return _categories_page(error_messages(error), category_id, request.form)
    db.session.commit()
    flash(_("Category %(name)s saved.", name=category.name), "success")
    return redirect(url_for(".categories"))


@pages.route("/categories/<int:category_id>/delete", methods=["POST"])
@require_back_office("catalog.edit")
def delete_category(category_id: int):
    try:
        services.delete_category(category_id)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for(".categories"))
    db.session.commit()
    flash(_("Category deleted; its products have none now."), "success")
    return redirect(url_for(".categories"))


def _rate_body(form: t.Mapping[str, str]) -> dict[str, t.Any]:
    body: dict[str, t.Any] = {"name": form.get("name", "").strip()}
    rate = form.get("rate", "").strip().rstrip("%").strip().replace(",", ".")
    body["rate"] = rate
    if form.get("is_default"):
        body["is_default"] = True
    return body


def _rates_page(errors: dict | None = None, failed: int | None = None, form=None):
    return (
        render_template(
            "admin/catalog/tax_rates.html",
            rates=services.list_tax_rates(),
            errors=errors or {},
            failed=failed,
            form=form or {},
            can_edit=has_permission("catalog.edit"),
        ),
        422 if errors else 200,
    )


@pages.route("/tax-rates", methods=["GET"])
@require_back_office("catalog.view")
def tax_rates():
    return _rates_page()


@pages.route("/tax-rates", methods=["POST"])
@require_back_office("catalog.edit")
def create_tax_rate():
    try:
        body = TaxRateCreateSchema().load(_rate_body(request.form))
        rate = services.create_tax_rate(
            body["name"], body["rate"], is_default=body.get("is_default", False)
        )
    except (ValidationError, DomainError) as error:
        db.session.rollback()
        return _rates_page(error_messages(error), 0, request.form)
    db.session.commit()
    flash(_("Tax rate %(name)s added.", name=rate.name), "success")
    return redirect(url_for(".tax_rates"))


@pages.route("/tax-rates/<int:rate_id>", methods=["POST"])
@require_back_office("catalog.edit")
def update_tax_rate(rate_id: int):
    try:
        rate = services.update_tax_rate(
            rate_id, TaxRateUpdateSchema().load(_rate_body(request.form))
        )
    except (ValidationError, DomainError) as error:
        db.session.rollback()
        return _rates_page(error_messages(error), rate_id, request.form)
    db.session.commit()
    flash(_("Tax rate %(name)s saved.", name=rate.name), "success")
    return redirect(url_for(".tax_rates"))


# -- CSV import and export ------------------------------------------------------------------


@pages.route("/import", methods=["GET"])
@require_back_office("catalog.edit")
def import_products():
    return render_template("admin/catalog/import.html", check=None, token=None, columns=COLUMNS)


@pages.route("/import", methods=["POST"])
@allows_body_bytes(csvpage.MAX_UPLOAD + csvpage.FORM_OVERHEAD)
@require_back_office("catalog.edit")
def check_import():
    """Step 1: keep the uploaded file and list what it would do, writing nothing."""
    upload = request.files.get("file")
    data = upload.read(csvpage.MAX_UPLOAD + 1) if upload else b""
    if not data.strip():
        flash(_("Choose a CSV file to import."), "error")
        return render_template(
            "admin/catalog/import.html", check=None, token=None, columns=COLUMNS
        ), 422
    if len(data) > csvpage.MAX_UPLOAD:
        flash(_("This file is too large (64 MB at most)."), "error")
        return render_template(
            "admin/catalog/import.html", check=None, token=None, columns=COLUMNS
        ), 413
    check = csvpage.check_file(data, _currency())
    db.session.rollback()
    token = None if check.fatal else csvpage.keep_upload(current_app.instance_path, data)
    return render_template(
        "admin/catalog/import.html",
        check=check,
        token=token,
        filename=upload.filename if upload else "",
        columns=COLUMNS,
        max_errors=csvpage.MAX_ERRORS_SHOWN,
    ), (422 if check.fatal else 200)


@pages.route("/import/<token>", methods=["POST"])
@require_back_office("catalog.edit")
def run_import(token: str):
    """Step 2: start importing the checked file, then follow its progress."""
    instance = current_app.instance_path
    started = csvpage.start_import(
        current_app._get_current_object(),
        instance,
        token,
        _currency(),
        current_user.id,
        skip_bad_rows=bool(request.form.get("skip_bad_rows")),
    )
    if not started and csvpage.read_status(instance, token) is None:
        flash(_("This upload has expired or was imported already: upload the file again."), "error")
        return redirect(url_for(".import_products"))
    return redirect(url_for(".import_progress", token=token))


@pages.route("/import/<token>", methods=["GET"])
@require_back_office("catalog.edit")
def import_progress(token: str):
    """The import's progress bar (the page refreshes itself until it is done), then what
    was imported, or why nothing was."""
    status = csvpage.read_status(current_app.instance_path, token)
    if status is None:
        abort(404)
    return render_template("admin/catalog/import_run.html", status=status)


@pages.route("/export.csv")
@require_back_office("catalog.view")
def export_products():
    """Every product as CSV, prices as decimals: the import's columns."""
    out = io.StringIO()
    csvio.export_products(out, currency=_currency())
    stamp = utcnow().strftime("%Y%m%d-%H%M")
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="products-{stamp}.csv"'},
    )


# -- barcode labels -------------------------------------------------------------------------

MAX_LABELS = 500


@pages.route("/labels")
@require_back_office("catalog.view")
def labels():
    """A sheet of labels (name, price, barcode) for the products of ``ids`` (comma
    separated), ``copies`` of each, to print from the browser."""
    ids = [int(part) for part in request.args.get("ids", "").split(",") if part.strip().isdigit()]
    try:
        copies = min(max(int(request.args.get("copies", "1")), 1), 100)
    except ValueError:
        copies = 1
    chosen = [p for p in (db.session.get(Product, i) for i in ids[:MAX_LABELS] if i < 2**31) if p]
    sheet = []
    for product in chosen:
        code = product.barcodes[0].code if product.barcodes else product.sku
        sheet.extend([(product, code, barcode_svg(code))] * copies)
    return render_template(
        "admin/catalog/labels.html",
        sheet=sheet[:MAX_LABELS],
        products=chosen,
        copies=copies,
        ids=",".join(str(p.id) for p in chosen),
    )
