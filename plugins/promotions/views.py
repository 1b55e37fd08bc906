"""Back-office pages of the promotions plugin: the list, a form to create or edit a
promotion (products found by search, categories ticked, amounts as decimals), and
deleting one.

The form is turned into the API's body and judged by the API's schema and checks, so a
promotion made here is exactly one the API would make.
"""

from __future__ import annotations

import datetime as dt
import re
import typing as t

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError

from core.plugins import (
    current_store,
    db,
    get_products,
    get_settings,
    has_permission,
    list_categories,
    money_from_text,
    money_text,
    require,
    utcnow,
)

from . import services
from .models import KINDS, Promotion
from .schemas import PERCENT_KINDS, PromotionInSchema, check_promotion

bp = Blueprint("promotions", __name__, url_prefix="/promotions")

TEXT_FIELDS = (
    "name",
    "kind",
    "value",
    "starts_at",
    "ends_at",
    "hour_start",
    "hour_end",
    "coupon_code",
    "max_uses",
)
#: ISO weekdays: 1 is Monday.
WEEKDAYS = range(1, 8)
_HHMM = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
KIND_LABELS = {
    "percent": _l("Percent off"),
    "amount": _l("Amount off each unit"),
    "bundle": _l("Bundle price"),
    "buy_x_get_y": _l("Buy X, get Y"),
}


class FormError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def _checked(name: str) -> bool:
    return request.form.get(name) not in (None, "", "0", "off")


def _ids(values: t.Iterable[str], name: str) -> list[int]:
    """``["3, 4", "5"]`` (search picks, or ids typed by hand) -> ``[3, 4, 5]``."""
    try:
        return [int(part) for value in values for part in value.replace(",", " ").split()]
    except ValueError:
        raise FormError(name, "whole numbers separated by commas") from None


def _moment(text: str, name: str) -> str:
    """A form's date and time, read in the store's time zone unless it gives an offset."""
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise FormError(name, "a date and time, e.g. 2026-05-01T09:00") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=services.store_zone(current_store()))
    return moment.isoformat()


def _days(values: t.Iterable[str]) -> list[int] | None:
    """The ticked weekdays, or ``None`` (every day) when none or all seven are ticked."""
    try:
        days = sorted({int(value) for value in values})
    except ValueError:
        days = [0]
    if any(day not in WEEKDAYS for day in days):
        raise FormError("days", _("Tick days of the week, Monday to Sunday."))
    return days if 0 < len(days) < len(WEEKDAYS) else None


def _hours(start: str, end: str) -> dict[str, str] | None:
    """``{"start": "17:00", "end": "19:00"}`` from the two times, or ``None`` when both
    are empty (all day)."""
    start, end = start.strip(), end.strip()
    if not start and not end:
        return None
    for name, text in (("hour_start", start), ("hour_end", end)):
        if not text:
            raise FormError(name, _("Give both times, or neither for all day."))
        if not _HHMM.fullmatch(text):
            raise FormError(name, _("A time as HH:MM, from 00:00 to 23:59, such as 17:30."))
    if end <= start:
        raise FormError("hour_end", _("Must be later than the start time, on the same day."))
    return {"start": start, "end": end}


def _quantity(text: str, name: str, default: int | None) -> int | None:
    text = text.strip()
    if not text:
        return default
    if not text.isdigit():
        raise FormError(name, "a whole number")
    return int(text)


def _read_form() -> dict[str, t.Any]:
    """What was typed, as the form shows it again if it is refused."""
    form: dict[str, t.Any] = {name: request.form.get(name, "") for name in TEXT_FIELDS}
    form["buy_quantity"] = request.form.get("buy_quantity", "")
    form["get_quantity"] = request.form.get("get_quantity", "")
    form["days"] = request.form.getlist("days")
    form["product_ids"] = request.form.getlist("product_ids")
    form["category_ids"] = request.form.getlist("category_ids")
    form["stackable"] = _checked("stackable")
    form["active"] = _checked("active")
    return form


def _body(form: dict[str, t.Any]) -> dict[str, t.Any]:
    """The API's body from the form's text (the API's schema judges it next)."""
    kind = form["kind"]
    body: dict[str, t.Any] = {
        "name": form["name"],
        "kind": kind,
        "product_ids": _ids(form["product_ids"], "product_ids"),
        "category_ids": _ids(form["category_ids"], "category_ids"),
        "starts_at": _moment(form["starts_at"], "starts_at"),
        "ends_at": _moment(form["ends_at"], "ends_at"),
        "days": _days(form["days"]),
        "hours": _hours(form["hour_start"], form["hour_end"]),
        "coupon_code": form["coupon_code"].strip() or None,
        "max_uses": _quantity(form["max_uses"], "max_uses", None),
        "stackable": form["stackable"],
        "active": form["active"],
    }
    if kind in PERCENT_KINDS:
        body["value"] = form["value"].strip().replace(",", ".")
    else:
        # Typed as a decimal in the store's currency; the API takes minor units.
        try:
            body["value"] = money_from_text(
                form["value"], current_store().currency, minimum=0 if kind == "bundle" else 1
            )
        except ValidationError as error:
            raise FormError("value", " ".join(error.messages)) from None
    if kind == "buy_x_get_y":
        body["buy_quantity"] = _quantity(form["buy_quantity"], "buy_quantity", 1)
        body["get_quantity"] = _quantity(form["get_quantity"], "get_quantity", 1)
    return body


def _local_input(moment: dt.datetime) -> str:
    """A stored moment as a ``datetime-local`` input shows it, in the store's zone."""
    return moment.astimezone(services.store_zone(current_store())).strftime("%Y-%m-%dT%H:%M")


def _form_of(promotion: Promotion) -> dict[str, t.Any]:
    currency = current_store().currency
    if promotion.kind in PERCENT_KINDS:
        value = format(promotion.percent.normalize(), "f") if promotion.percent is not None else ""
    else:
        value = money_text(promotion.amount, currency)
    return {
        "name": promotion.name,
        "kind": promotion.kind,
        "value": value,
        "starts_at": _local_input(promotion.starts_at),
        "ends_at": _local_input(promotion.ends_at),
        "days": [str(day) for day in promotion.days or []],
        "hour_start": promotion.hour_start or "",
        "hour_end": promotion.hour_end or "",
        "coupon_code": promotion.coupon_code or "",
        "max_uses": promotion.max_uses or "",
        "buy_quantity": promotion.buy_quantity or "",
        "get_quantity": promotion.get_quantity or "",
        "product_ids": [str(i) for i in promotion.product_ids or []],
        "category_ids": [str(i) for i in promotion.category_ids or []],
        "stackable": promotion.stackable,
        "active": promotion.active,
    }


def _new_form() -> dict[str, t.Any]:
    now = utcnow()
    start = _local_input(now)
    return {
        "kind": "percent",
        "starts_at": start,
        "ends_at": _local_input(now + dt.timedelta(days=7)),
        "stackable": get_settings("promotions")["stacking_default"],
        "active": True,
        "days": [],
        "product_ids": [],
        "category_ids": [],
    }


def _chosen_products(form: dict[str, t.Any]) -> list[t.Any]:
    try:
        ids = _ids(form.get("product_ids") or [], "product_ids")
    except FormError:
        return []
    found = get_products(ids)
    return [found[i] for i in dict.fromkeys(ids) if i in found]


def _weekday_names() -> list[tuple[str, str]]:
    """``[("1", "Monday"), ...]`` in the reader's language (Babel's names, so every
    language has them without a catalog entry)."""
    names = get_locale().days["format"]["wide"]
    return [(str(day), names[day - 1]) for day in WEEKDAYS]


def _form_page(
    form: dict[str, t.Any],
    promotion: Promotion | None = None,
    errors: dict[str, t.Any] | None = None,
):
    return (
        render_template(
            "promotions/form.html",
            form=form,
            promotion=promotion,
            errors=errors or {},
            kinds=[(kind, KIND_LABELS.get(kind, kind)) for kind in KINDS],
            categories=list_categories(),
            weekdays=_weekday_names(),
            chosen=_chosen_products(form),
            currency=current_store().currency,
        ),
        400 if errors else 200,
    )


@bp.route("/")
@require("admin.access")
@require("promotions.view")
def index():
    return render_template(
        "promotions/index.html",
        promotions=services.list_promotions(),
        now=utcnow(),
        kinds=dict(KIND_LABELS),
        can=has_permission,
    )


@bp.route("/new")
@require("admin.access")
@require("promotions.edit")
def new():
    return _form_page(_new_form())


def _save(promotion: Promotion | None):
    form = _read_form()
    try:
        values = check_promotion(PromotionInSchema().load(_body(form)))
        if promotion is None:
            services.create_promotion(values)
        else:
            services.update_promotion(promotion, values)
    except FormError as error:
        return _form_page(form, promotion, {error.field: [str(error)]})
    except ValidationError as error:
        return _form_page(form, promotion, error.normalized_messages())
    except services.PromotionError as error:
        db.session.rollback()
        return _form_page(form, promotion, error.fields)
    db.session.commit()
    flash(_("%(name)s: saved.", name=form["name"].strip()), "success")
    return redirect(url_for("promotions.index"))


@bp.route("/", methods=["POST"])
@require("admin.access")
@require("promotions.edit")
def create():
    return _save(None)


def _promotion(promotion_id: int) -> Promotion:
    promotion = db.session.get(Promotion, promotion_id)
    if promotion is None:
        abort(404)
    return promotion


@bp.route("/<int:promotion_id>/edit")
@require("admin.access")
@require("promotions.edit")
def edit(promotion_id: int):
    promotion = _promotion(promotion_id)
    return _form_page(_form_of(promotion), promotion)


@bp.route("/<int:promotion_id>", methods=["POST"])
@require("admin.access")
@require("promotions.edit")
def update(promotion_id: int):
    return _save(_promotion(promotion_id))


@bp.route("/<int:promotion_id>/delete", methods=["POST"])
@require("admin.access")
@require("promotions.edit")
def delete(promotion_id: int):
    promotion = _promotion(promotion_id)
    name = promotion.name
    services.delete_promotion(promotion)
    db.session.commit()
    flash(_("%(name)s: deleted. Sales made with it keep what it saved.", name=name), "success")
    return redirect(url_for("promotions.index"))
