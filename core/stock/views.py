"""The back office's stock pages: levels with filters, one product's movement ledger,
and adjustments with a reason (goods received, a count, damage, loss, a correction).

Adjustments go through the API's schema (:class:`.schemas.AdjustmentSchema`) and
service (:func:`.services.adjust_stock`), and commit once; a refusal shows the form
again with its message and nothing saved. Every page needs ``admin.access`` as well.
"""

from __future__ import annotations

import typing as t

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from marshmallow import ValidationError

from ..auth.models import User
from ..auth.permissions import has_permission, require_back_office
from ..catalog.browse import ProductFilters, browse_products
from ..catalog.models import Product
from ..catalog.services import list_categories
from ..db import db
from ..errors import DomainError
from ..fields import decimal_text
from ..plugins.scope import home_location
from ..stores.settings import current_store
from . import services
from .schemas import AdjustmentSchema

pages = Blueprint("stock_admin", __name__, url_prefix="/admin/stock")

PAGE_SIZE = 50
LEDGER_PAGE = 50

#: The adjustments offered: key -> (label, API reason, sign of the quantity typed).
#: ``count`` sets the stock to the quantity typed; ``correction`` takes it signed.
KINDS: dict[str, tuple[t.Any, str, int]] = {
    "receipt": (_l("Goods received"), "receipt", 1),
    "count": (_l("Stock count (set to)"), "adjustment", 0),
    "damaged": (_l("Damaged or expired (remove)"), "adjustment", -1),
    "lost": (_l("Lost or stolen (remove)"), "adjustment", -1),
    "correction": (_l("Correction (+ or -)"), "adjustment", 1),
}


#: The ledger's reasons as people read them.
REASON_LABELS: dict[str, t.Any] = {
    "sale": _l("Sale"),
    "refund": _l("Refund"),
    "void": _l("Void"),
    "adjustment": _l("Adjustment"),
    "receipt": _l("Goods received"),
    "initial": _l("Initial stock"),
    "transfer_out": _l("Transfer out"),
    "transfer_in": _l("Transfer in"),
}


def _home() -> t.Any:
    """The location the pages show: the shop's, or the user's store's (its first)."""
    default = services.default_location()
    location_id = home_location(default.id)
    return default if location_id == default.id else services.get_location(location_id)


def _int_arg(name: str) -> int | None:
    text = request.args.get(name, "").strip()
    return int(text) if text.isdigit() and 0 < int(text) < 2**31 else None


@pages.context_processor
def _helpers() -> dict[str, t.Any]:
    return {"decimal_text": decimal_text, "kinds": KINDS, "reason_labels": REASON_LABELS}


@pages.route("/")
@require_back_office("stock.view")
def levels():
    args = {
        key: request.args.get(key, "")
        for key in ("q", "category", "low", "active")
        if request.args.get(key)
    }
    filters = ProductFilters(
        q=args.get("q", "")[:200],
        category_id=_int_arg("category"),
        active={"1": True, "0": False}.get(args.get("active", ""), None),
        low_stock=args.get("low") == "1",
    )
    location = _home()

    def cursor(name: str):
        product = db.session.get(Product, _int_arg(name) or 0)
        return (product.search_name, product.id) if product else None

    found = browse_products(
        filters, location.id, after=cursor("after"), before=cursor("before"), limit=PAGE_SIZE
    )
    return render_template(
        "admin/stock/levels.html",
        found=found,
        args=args,
        location=location,
        categories=list_categories(),
        next_url=found.next_after and url_for(".levels", **args, after=found.next_after[1]),
        prev_url=found.prev_before and url_for(".levels", **args, before=found.prev_before[1]),
        first_url=url_for(".levels", **args) if found.prev_before else None,
        can_adjust=has_permission("stock.adjust"),
    )


def _product_or_404(product_id: int) -> Product:
    product = db.session.get(Product, product_id)
    if product is None:
        abort(404)
    return product


def _ledger_page(product: Product, form: dict[str, str], errors: dict | None = None):
    location = _home()
    try:
        page = max(int(request.args.get("page", "1")), 1)
    except ValueError:
        page = 1
    page = min(page, 10**6)
    rows, total = services.movements(
        product_id=product.id, limit=LEDGER_PAGE, offset=(page - 1) * LEDGER_PAGE
    )
    user_ids = {row.user_id for row in rows if row.user_id}
    users = (
        dict(
            db.session.execute(db.select(User.id, User.username).where(User.id.in_(user_ids))).all()
        )
        if user_ids
        else {}
    )
    return (
        render_template(
            "admin/stock/ledger.html",
            product=product,
            quantity=services.stock_level(product.id, location.id),
            movements=rows,
            users=users,
            total=total,
            page=page,
            prev_url=url_for(".product_ledger", product_id=product.id, page=page - 1)
            if page > 1
            else None,
            next_url=url_for(".product_ledger", product_id=product.id, page=page + 1)
            if page * LEDGER_PAGE < total
            else None,
            form=form,
            errors=errors or {},
            can_adjust=has_permission("stock.adjust"),
        ),
        422 if errors else 200,
    )


@pages.route("/products/<int:product_id>", methods=["GET"])
@require_back_office("stock.view")
def product_ledger(product_id: int):
    product = _product_or_404(product_id)
    return _ledger_page(product, {"kind": "receipt", "quantity": "", "note": ""})


def adjustment_body(product_id: int, form: t.Mapping[str, str]) -> dict[str, t.Any]:
    """The API's adjustment body from the page's form: a kind of adjustment, a quantity
    as typed (``2,5`` or ``2.5``) and a note.

    :raises ValidationError: an unknown kind or a quantity that is not a number.
    """
    kind = form.get("kind", "")
    if kind not in KINDS:
        raise ValidationError({"kind": [_("choose a reason from the list")]})
    label, reason, sign = KINDS[kind]
    text = form.get("quantity", "").strip().replace(",", ".").replace(" ", "")
    if not text:
        raise ValidationError({"quantity": [_("a quantity is required")]})
    note = form.get("note", "").strip()
    body: dict[str, t.Any] = {
        "product_id": product_id,
        "reason": reason,
        "note": f"{label}: {note}" if note else str(label),
    }
    if sign == 0:
        body["counted"] = text
    elif sign < 0:
        if text.startswith("-"):
            raise ValidationError({"quantity": [_("type the quantity removed, without a sign")]})
        body["delta"] = f"-{text}"
    else:
        body["delta"] = text
    return body


def _messages(error: ValidationError | DomainError) -> dict[str, str]:
    if isinstance(error, ValidationError):
        raw = error.normalized_messages()
    else:
        raw = error.fields or {"": [error.message]}
    messages: dict[str, str] = {}
    for field, value in raw.items():
        text = "; ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
        # The API's field names, as the page calls them.
        target = {"delta": "quantity", "counted": "quantity", "_schema": ""}.get(field, field)
        if target in ("quantity", "kind", "note", ""):
            messages[target] = text
    return messages or {"": str(error)}


@pages.route("/products/<int:product_id>", methods=["POST"])
@require_back_office("stock.adjust")
def adjust(product_id: int):
    product = _product_or_404(product_id)
    form = {key: request.form.get(key, "") for key in ("kind", "quantity", "note")}
    try:
        body = AdjustmentSchema().load(adjustment_body(product.id, form))
        _movement, quantity = services.adjust_stock(
            product.id,
            _home().id,
            delta=body.get("delta"),
            counted=body.get("counted"),
            reason=body["reason"],
            user_id=current_user.id,
            note=body["note"],
            allow_negative=current_store().allow_negative_stock,
        )
    except (ValidationError, DomainError) as error:
        db.session.rollback()
        return _ledger_page(product, form, _messages(error))
    db.session.commit()
    flash(
        _(
            "Stock of %(name)s is now %(quantity)s.",
            name=product.name,
            quantity=decimal_text(quantity),
        ),
        "success",
    )
    return redirect(url_for(".product_ledger", product_id=product.id))
