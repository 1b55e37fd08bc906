"""Back-office page of the promotions plugin: the list of promotions and a create form."""

from __future__ import annotations

import datetime as dt
import typing as t

from flask import Blueprint, redirect, render_template, request, url_for
from marshmallow import ValidationError

from core.plugins import current_store, db, get_settings, has_permission, require, utcnow

from . import services
from .models import KINDS
from .schemas import PromotionInSchema, check_promotion

bp = Blueprint("promotions", __name__, url_prefix="/promotions")

FORM_FIELDS = (
    "name",
    "kind",
    "value",
    "product_ids",
    "category_ids",
    "starts_at",
    "ends_at",
    "coupon_code",
)


def _page(form: dict[str, t.Any] | None = None, errors: dict[str, t.Any] | None = None):
    if form is None:
        form = {"kind": "percent", "stackable": get_settings("promotions")["stacking_default"]}
    return (
        render_template(
            "promotions/index.html",
            promotions=services.list_promotions(),
            now=utcnow(),
            kinds=KINDS,
            form=form,
            errors=errors or {},
            can=has_permission,
        ),
        400 if errors else 200,
    )


@bp.route("/")
@require("promotions.view")
def index():
    return _page()


class FormError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def _ids(form: dict[str, t.Any], name: str) -> list[int]:
    """``"3, 4 5"`` → ``[3, 4, 5]``."""
    try:
        return [int(part) for part in form[name].replace(",", " ").split()]
    except ValueError:
        raise FormError(name, "whole numbers separated by commas") from None


def _moment(form: dict[str, t.Any], name: str) -> str:
    """A form's date and time, read in the store's time zone unless it gives an offset."""
    raw = form[name].strip()
    try:
        moment = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise FormError(name, "a date and time, e.g. 2026-05-01T09:00") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=services.store_zone(current_store()))
    return moment.isoformat()


def _body(form: dict[str, t.Any]) -> dict[str, t.Any]:
    """The API's body from the form's text fields (the API's schema judges it next)."""
    body: dict[str, t.Any] = {"name": form["name"], "kind": form["kind"], "value": form["value"]}
    body["product_ids"] = _ids(form, "product_ids")
    body["category_ids"] = _ids(form, "category_ids")
    body["starts_at"] = _moment(form, "starts_at")
    body["ends_at"] = _moment(form, "ends_at")
    body["coupon_code"] = form["coupon_code"].strip() or None
    body["stackable"] = form["stackable"]
    if body["kind"] == "buy_x_get_y":
        # Buy one, get one (at ``value`` percent off): the form's simple case.
        body["buy_quantity"] = body["get_quantity"] = 1
    if body["kind"] not in ("percent", "buy_x_get_y"):
        # Amounts are integers in minor units, as in the API.
        try:
            body["value"] = int(form["value"].strip())
        except ValueError:
            raise FormError("value", "an amount in minor units (whole number)") from None
    return body


@bp.route("/", methods=["POST"])
@require("promotions.edit")
def create():
    form = {name: request.form.get(name, "") for name in FORM_FIELDS}
    form["stackable"] = request.form.get("stackable") == "on"
    try:
        values = check_promotion(PromotionInSchema().load(_body(form)))
        services.create_promotion(values)
    except FormError as error:
        return _page(form, {error.field: [str(error)]})
    except ValidationError as error:
        return _page(form, error.normalized_messages())
    except services.PromotionError as error:
        db.session.rollback()
        return _page(form, error.fields)
    db.session.commit()
    return redirect(url_for("promotions.index"))
