"""Back-office pages: the stores with today's sales per store and together, one store's
details and staff, and the transfers with their send and receive buttons."""

from __future__ import annotations

import datetime as dt
import typing as t
import zoneinfo

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from marshmallow import ValidationError

from core.plugins import (
    DomainError,
    audit,
    current_store,
    current_user,
    db,
    find_product_by_barcode,
    get_settings,
    get_users,
    has_permission,
    require,
)

from . import stock, store_pricing, stores, transfers
from .access import check_store, check_transfer, check_url_scope, my_store_ids
from .schemas import StoreInSchema, StorePatchSchema, TransferInSchema

pages = Blueprint("multistore", __name__, url_prefix="/multistore")


@pages.before_request
def _refuse_other_stores() -> None:
    check_url_scope(request.endpoint or "", request.view_args or {})


TEXT_FIELDS = ("name", "address", "tax_id", "company_number", "receipt_header", "receipt_footer")


def _today() -> tuple[dt.datetime, dt.datetime]:
    zone = zoneinfo.ZoneInfo(current_store().timezone)
    start = dt.datetime.combine(dt.datetime.now(zone).date(), dt.time(), zone)
    return start, start + dt.timedelta(days=1)


@pages.route("/")
@require("admin.access")
@require("multistore.view")
def index():
    mine = my_store_ids()
    found = stores.store_map()
    shown = [s for s in stores.list_stores() if mine is None or s.id in mine]
    figures = stock.store_figures(*_today(), mine) if has_permission("reports.view") else None
    return render_template(
        "multistore/index.html",
        stores=[stores.describe(store, found) for store in shown],
        figures=figures,
        can=has_permission,
    )


@pages.route("/stores/<int:store_id>")
@require("admin.access")
@require("multistore.view")
def detail(store_id: int):
    return _detail_page(_store_or_404(store_id), {}, {})


def _store_or_404(store_id: int) -> t.Any:
    try:
        store = stores.get_store(store_id)
    except DomainError:
        abort(404)
    check_store(store.id)
    return store


def _detail_page(store: t.Any, form: dict[str, t.Any], errors: dict[str, t.Any], status=200):
    described = stores.describe(store)
    users = get_users(described["user_ids"])
    return (
        render_template(
            "multistore/detail.html",
            store=described,
            form=form or {**described, **store_pricing.form_values(described)},
            errors=errors,
            pricing_choices=store_pricing.choices(),
            pricing_labels=store_pricing.LABELS,
            default_reservation_days=get_settings("multistore")["reservation_days"],
            users=[users[user_id] for user_id in described["user_ids"] if user_id in users],
            can=has_permission,
        ),
        status,
    )


@pages.route("/stores/<int:store_id>", methods=["POST"])
@require("admin.access")
@require("multistore.manage")
def edit(store_id: int):
    store = _store_or_404(store_id)
    names = (*TEXT_FIELDS, *store_pricing.PRICING_FIELDS, "reservation_days")
    form = {key: request.form.get(key, "") for key in names}
    try:
        # An empty period: the plugin's setting.
        days: t.Any = form["reservation_days"].strip() or None
        if days is not None and days.isdigit() and len(days) < 4:
            days = int(days)  # else left as typed, for the schema's message
        body = StorePatchSchema().load(
            {**{key: form[key] for key in TEXT_FIELDS}, "reservation_days": days}
        )
        body.update(store_pricing.from_form(form))
        stores.update_store(store.id, body)
        audit("multistore.store_change", f"store:{store.id}", dict(body))
    except ValidationError as exc:
        db.session.rollback()
        return _detail_page(store, form, exc.messages, 422)
    except DomainError as exc:
        db.session.rollback()
        return _detail_page(store, form, exc.fields or {"name": [exc.message]}, 422)
    db.session.commit()
    flash(_("Store %(name)s saved.", name=store.name), "success")
    return redirect(url_for(".detail", store_id=store.id))


@pages.route("/transfers")
@require("admin.access")
@require("multistore.transfer")
def transfer_list():
    rows, _total = transfers.find_transfers(my_store_ids(), None, 100, 0)
    names = {store.id: store.name for store in stores.list_stores()}
    return render_template(
        "multistore/transfers.html",
        transfers=[transfers.describe(row) for row in rows],
        names=names,
        mine=my_store_ids(),
    )


@pages.route("/transfers/<int:transfer_id>/send", methods=["POST"])
@require("admin.access")
@require("multistore.transfer")
def send(transfer_id: int):
    return _transfer_step(transfer_id, "send")


@pages.route("/transfers/<int:transfer_id>/receive", methods=["POST"])
@require("admin.access")
@require("multistore.transfer")
def receive(transfer_id: int):
    return _transfer_step(transfer_id, "receive")


def _transfer_step(transfer_id: int, step: str):
    try:
        transfer = transfers.get_transfer(transfer_id)
    except DomainError:
        abort(404)
    check_transfer(transfer, side="from" if step == "send" else "to")
    user = current_user()
    assert user is not None
    try:
        if step == "send":
            allow_negative = (
                current_store().allow_negative_stock
                and not (get_settings("multistore")["transfers_need_stock"])
            )
            transfers.send_transfer(transfer.id, user.id, allow_negative)
        else:
            transfers.receive_transfer(transfer.id, None, user.id)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for(".transfer_list"))
    db.session.commit()
    flash(_("Transfer %(reference)s: done.", reference=transfers.reference(transfer)), "success")
    return redirect(url_for(".transfer_list"))


@pages.route("/stores/new", methods=["GET", "POST"])
@require("admin.access")
@require("multistore.manage")
def new_store():
    form = {key: request.form.get(key, "") for key in ("code", *TEXT_FIELDS)}
    errors: dict[str, t.Any] = {}
    if request.method == "POST":
        try:
            body = StoreInSchema().load({k: v for k, v in form.items() if k != "receipt_footer"})
            store = stores.create_store(body)
            audit("multistore.store_create", f"store:{store.id}", dict(body))
        except ValidationError as exc:
            db.session.rollback()
            errors = exc.messages
        except DomainError as exc:
            db.session.rollback()
            errors = {"code": [exc.message]}
        else:
            db.session.commit()
            flash(_("Store %(name)s saved.", name=store.name), "success")
            return redirect(url_for(".detail", store_id=store.id))
    status = 422 if errors else 200
    return render_template("multistore/new_store.html", form=form, errors=errors), status


def _transfer_lines(text: str) -> tuple[list[dict[str, t.Any]], list[str]]:
    """``barcode quantity`` per line (a scanner and the keyboard), as transfer lines."""
    lines, problems = [], []
    for row in text.splitlines():
        parts = row.split()
        if not parts:
            continue
        product = find_product_by_barcode(parts[0][:64])
        if product is None:
            problems.append(_("No product has the barcode %(code)s.", code=parts[0][:64]))
            continue
        lines.append({"product_id": product.id, "quantity": parts[1] if len(parts) > 1 else "1"})
    return lines, problems


@pages.route("/transfers/new", methods=["GET", "POST"])
@require("admin.access")
@require("multistore.transfer")
def new_transfer():
    mine = my_store_ids()
    every = stores.list_stores()
    senders = [store for store in every if mine is None or store.id in mine]
    form = {key: request.form.get(key, "") for key in ("from_store_id", "to_store_id", "lines")}
    errors: dict[str, t.Any] = {}
    if request.method == "POST":
        lines, problems = _transfer_lines(form["lines"])
        if problems:
            errors["lines"] = problems
        else:
            try:
                body = TransferInSchema().load(
                    {
                        "from_store_id": _form_id(form["from_store_id"]),
                        "to_store_id": _form_id(form["to_store_id"]),
                        "lines": lines,
                    }
                )
                check_store(body["from_store_id"])
                user = current_user()
                assert user is not None
                transfer = transfers.create_transfer(body, user.id)
            except ValidationError as exc:
                db.session.rollback()
                errors = exc.messages
            except DomainError as exc:
                db.session.rollback()
                errors = {"lines": [exc.message]}
            else:
                db.session.commit()
                reference = transfers.reference(transfer)
                flash(_("Transfer %(reference)s drafted.", reference=reference), "success")
                return redirect(url_for(".transfer_list"))
    return (
        render_template(
            "multistore/new_transfer.html",
            form=form,
            errors=errors,
            senders=senders,
            stores=every,
        ),
        422 if errors else 200,
    )


def _form_id(text: str) -> int | str:
    return int(text) if text.isdigit() and len(text) < 12 else text
