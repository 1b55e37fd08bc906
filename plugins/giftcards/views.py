"""Back-office page of the gift cards plugin: look a card up by code, list the cards."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from core.plugins import DomainError, has_permission, require

from . import services

bp = Blueprint("giftcards", __name__, url_prefix="/giftcards")


@bp.route("/")
@require("giftcards.view")
def index():
    code = (request.args.get("code") or "").strip()
    found = ledger = error = None
    if code:
        try:
            found = services.find_card(code)
        except DomainError as exc:
            error = exc.message
        else:
            if found is None:
                error = "Unknown gift card."
            else:
                ledger = services.ledger(found)
    cards, total = [], 0
    if has_permission("giftcards.manage"):
        cards, total = services.list_cards(request.args.get("status") or None, 100, 0)
    return render_template(
        "giftcards/index.html",
        found=found,
        ledger=ledger,
        error=error,
        cards=cards,
        total=total,
        state=services.state,
        can=has_permission,
    )
