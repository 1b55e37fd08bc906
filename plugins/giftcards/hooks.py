"""The gift cards plugin's hook implementations."""

from __future__ import annotations

from pathlib import Path

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from core.plugins import (
    AssetFolders,
    MenuItem,
    Permission,
    Problem,
    ReceiptRow,
    ReceiptSection,
    Rejected,
    SettingsSchema,
    TillAction,
    format_money,
    hookimpl,
    money_text,
)

from . import codes, services

HERE = Path(__file__).resolve().parent


@hookimpl
def pos_register_permissions():
    return [
        Permission("giftcards.view", _l("Look up a gift card's balance"), ("cashier", "manager")),
        Permission("giftcards.manage", _l("List, credit and stop gift cards"), ("manager",)),
    ]


@hookimpl
def pos_register_settings():
    from .settings import GiftCardSettingsSchema

    return [SettingsSchema("giftcards", GiftCardSettingsSchema, "Gift cards")]


@hookimpl
def pos_register_payment_methods():
    from .payments import GiftCardMethod

    return [GiftCardMethod()]


@hookimpl
def pos_register_line_kinds():
    from .lines import GiftCardLine

    return [GiftCardLine()]


@hookimpl
def pos_register_api():
    from .api import api

    return [api]


@hookimpl
def pos_register_blueprints():
    from .views import bp

    return [bp]


@hookimpl
def pos_register_assets():
    return [
        AssetFolders(
            "giftcards",
            templates=str(HERE / "templates"),
            static=str(HERE / "static"),
            translations=str(HERE / "translations"),
        )
    ]


@hookimpl
def pos_register_admin_menu():
    return [
        MenuItem(
            _l("Gift cards"), "giftcards.index", "giftcards.view", order=150, section="catalog"
        )
    ]


@hookimpl
def pos_register_till_strings():
    """The words of the till's Gift card and Card balance actions (static/*.js)."""
    return {
        "amount_above_zero": _l("The amount must be more than zero"),
        "card_amount": _l("Amount of the card"),
        "card_balance": _l("Card balance"),
        "card_code": _l("Gift card code"),
        "check": _l("Check"),
        "gift_card": _l("Gift card"),
        "gift_card_reload": _l("Gift card reload"),
        "reload_code": _l("Code of the card to reload"),
        "reload_code_empty": _l("Empty: a new card"),
        "status_active": _l("active"),
        "status_disabled": _l("stopped"),
        "status_expired": _l("expired"),
        "status_refunded": _l("refunded"),
    }


@hookimpl
def pos_register_till_actions():
    return [
        TillAction(
            code="giftcards.sell",
            title=_l("Gift card"),
            permission="sales.sell",
            script="/static/plugins/giftcards/giftcard.js",
            order=45,
        ),
        TillAction(
            code="giftcards.balance",
            title=_l("Card balance"),
            permission="giftcards.view",
            script="/static/plugins/giftcards/balance.js",
            order=46,
        ),
    ]


@hookimpl
def pos_sale_validate(cart, store, actor):
    problems = []
    for line in cart.lines:
        if line.kind != "gift_card":
            continue
        where = f"lines.{line.key}"
        if line.quantity != 1:
            problems.append(Problem("gift_card_quantity", "one gift card per line", where))
        if line.discount_percent is not None or line.discount_amount is not None:
            problems.append(
                Problem("gift_card_discount", "a gift card is sold at its value", where)
            )
    return problems


@hookimpl
def pos_sale_completing(sale, cart, store):
    """Activate the cards sold (their code is kept apart until the buyer's receipt
    prints it once; the line shows its last four) and credit the cards reloaded."""
    for line in sale.lines:
        if line.kind != "gift_card":
            continue
        # The line's data is the one part of the sale a plugin writes: changed in place,
        # it is saved with the sale.
        amount = int(line.data["amount"])
        refs = {"sale_id": sale.id, "user_id": sale.user_id}
        if line.data.get("reload"):
            moved = services.credit(int(line.data["card_id"]), amount, "reload", **refs)
            if moved is None:
                raise Rejected(
                    _(
                        "the gift card %(card)s cannot be reloaded any more",
                        card=codes.masked(line.data["last4"]),
                    ),
                    code="gift_card_inactive",
                )
            services.extend_validity(moved.card_id)
            line.data["balance"] = moved.balance
        else:
            card, code = services.issue(amount, sale.currency, sale_line_id=line.id, **refs)
            # The code is not kept in the line (every cashier's token reads sales): only
            # until the buyer's receipt prints it, once.
            services.keep_until_printed(line.id, card.id, code)
            line.data.update(
                card_id=card.id,
                last4=card.last4,
                expires_at=card.expires_at.isoformat() if card.expires_at else None,
            )


@hookimpl
def pos_refund_completing(refund, sale, store):
    """Refunding a card's sale line takes its money back off the card: refused when it
    was spent meanwhile."""
    sold = {line.id: line for line in sale.lines}
    for refund_line in refund.lines:
        line = sold[refund_line.sale_line_id]
        if line.kind != "gift_card" or not line.data.get("card_id"):
            continue
        if refund_line.quantity != line.quantity:
            raise Rejected(_("a gift card line is refunded whole"), code="gift_card_partial")
        amount = int(line.data["amount"])
        moved = services.cancel(
            int(line.data["card_id"]),
            amount,
            sale_id=sale.id,
            refund_id=refund.id,
            user_id=refund.user_id,
        )
        if moved is None:
            raise Rejected(
                _(
                    "the gift card %(card)s no longer holds %(amount)s: it was spent",
                    card=codes.masked(line.data["last4"]),
                    amount=money_text(amount, sale.currency),
                ),
                code="gift_card_spent",
            )


@hookimpl
def pos_receipt_sections(sale, store):
    """Cards sold (the code on the first receipt only, then its last four; amount,
    expiry), reloaded, and used (last four, amount, what is left)."""
    locale = store.values.get("locale", "en")

    def money(amount):
        return format_money(amount, sale.currency, locale)

    rows: list[ReceiptRow] = []
    for line in sale.lines:
        data = line.data
        if line.kind != "gift_card" or "card_id" not in data:
            continue
        if data.get("reload"):
            rows.append(
                ReceiptRow(
                    _("Reloaded %(card)s", card=codes.masked(data["last4"])), money(data["amount"])
                )
            )
            rows.append(ReceiptRow(_("New balance"), money(data.get("balance", 0))))
        else:
            code = services.take_unprinted_code(line.id) or codes.masked(data["last4"])
            rows.append(
                ReceiptRow(_("Card %(code)s", code=code), money(data["amount"]), emphasis=True)
            )
            if data.get("expires_at"):
                rows.append(ReceiptRow(_("Valid until"), data["expires_at"][:10]))
    for payment in sale.payments:
        data = payment.data
        if payment.method != "gift_card" or "last4" not in data:
            continue
        rows.append(
            ReceiptRow(
                _("Paid with %(card)s", card=codes.masked(data["last4"])), money(payment.amount)
            )
        )
        rows.append(ReceiptRow(_("Remaining balance"), money(data.get("balance", 0))))
    if not rows:
        return None
    return [ReceiptSection("Gift cards", tuple(rows), order=30)]
