"""Back-office pages of the gift cards plugin: look a card up by code, list the cards,
and, for managers, credit a card by hand or stop it (lost, stolen).

Actions name the card by its id, not its code: a card whose code is lost (the customer
kept only the receipt's last four characters) can still be found in the list and
stopped. Amounts are typed as decimals in the store's currency.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from marshmallow import ValidationError

from core.plugins import (
    DomainError,
    current_store,
    db,
    has_permission,
    money_from_text,
    require,
)

from . import services
from .models import GiftCard
from .schemas import CreditSchema

bp = Blueprint("giftcards", __name__, url_prefix="/giftcards")

STATUSES = ("active", "expired", "disabled", "refunded")
PAGE_SIZE = 100


def _render(found=None, ledger=None, error=None, form=None, errors=None, status=200):
    cards, total = [], 0
    chosen = request.args.get("status") or None
    if has_permission("giftcards.manage"):
        cards, total = services.list_cards(chosen if chosen in STATUSES else None, PAGE_SIZE, 0)
    return (
        render_template(
            "giftcards/index.html",
            found=found,
            ledger=ledger,
            error=error,
            cards=cards,
            total=total,
            statuses=STATUSES,
            chosen=chosen,
            state=services.state,
            can=has_permission,
            form=form or {},
            errors=errors or {},
        ),
        status,
    )


@bp.route("/")
@require("admin.access")
@require("giftcards.view")
def index():
    code = (request.args.get("code") or "").strip()
    if not code:
        return _render()
    try:
        found = services.find_card(code)
    except DomainError as exc:
        return _render(error=exc.message, status=429 if exc.code == "too_many_lookups" else 200)
    if found is None:
        return _render(error=_("Unknown gift card."))
    return _render(found=found, ledger=services.ledger(found))


def _card(card_id: int) -> GiftCard:
    card = db.session.get(GiftCard, card_id)
    if card is None:
        abort(404)
    return card


@bp.route("/cards/<int:card_id>")
@require("admin.access")
@require("giftcards.manage")
def card(card_id: int):
    found = _card(card_id)
    return _render(found=found, ledger=services.ledger(found))


@bp.route("/cards/<int:card_id>/reload", methods=["POST"])
@require("admin.access")
@require("giftcards.manage")
def reload(card_id: int):
    found = _card(card_id)
    form = {"amount": request.form.get("amount", ""), "note": request.form.get("note", "")}
    try:
        amount = money_from_text(form["amount"], current_store().currency, minimum=1)
        body = CreditSchema().load({"amount": amount, "note": form["note"].strip()})
        services.manual_credit(found, body["amount"], body["note"])
    except ValidationError as exc:
        db.session.rollback()
        messages = exc.messages if isinstance(exc.messages, dict) else {"amount": exc.messages}
        return _render(found, services.ledger(found), form=form, errors=messages, status=400)
    except DomainError as exc:
        db.session.rollback()
        found = _card(card_id)
        errors = exc.fields or {"amount": [exc.message]}
        return _render(found, services.ledger(found), form=form, errors=errors, status=409)
    db.session.commit()
    flash(_("Card ****%(last4)s credited.", last4=found.last4), "success")
    return redirect(url_for("giftcards.card", card_id=card_id))


@bp.route("/cards/<int:card_id>/stop", methods=["POST"])
@require("admin.access")
@require("giftcards.manage")
def stop(card_id: int):
    found = _card(card_id)
    try:
        services.stop(found)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash(
            _(
                "Card ****%(last4)s stopped: it can no longer pay or be reloaded.",
                last4=found.last4,
            ),
            "success",
        )
    return redirect(url_for("giftcards.card", card_id=card_id))
