"""Rain checks: when play stops (rain, lightning), a checked-in player gets credit for
the holes not played, a share of the green fee they paid. It is a code, taken off a later
sale as a credit line ``{"golf_rain_check": {"code": "..."}}``, once: the sale that uses
it claims it with a guarded ``UPDATE``.

With gift cards enabled (an optional plugin of golf) the credit is given as store credit
instead: a gift card holding the share, spent at any till like any gift card, in part or
at once. The rain check row stays (one per player, refunds of the green fee refuse it)
and names the card; its own code is then never taken off a sale."""

from __future__ import annotations

import datetime as dt
import secrets
import typing as t
import zoneinfo
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa
from flask_babel import format_date
from flask_babel import gettext as _
from marshmallow import Schema, fields, validate

from core.plugins import (
    Conflict,
    DomainError,
    Invalid,
    LineKind,
    LinePrice,
    NotFound,
    Rejected,
    current_store,
    db,
    get_settings,
    plugin_enabled,
    write_transaction,
)

from .bookings import store_today
from .models import Player, RainCheck
from .teesheet import get_course

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone
STILL_PAID = sa.text(
    "UPDATE golf_player SET green_fee = green_fee"
    " WHERE id = :player AND sale_id IS NOT NULL AND green_fee = :fee"
)
CLAIM = sa.text(
    "UPDATE golf_rain_check SET sale_id = :sale"
    " WHERE code = :code AND sale_id IS NULL AND giftcard_id IS NULL"
)


def _new_code() -> str:
    return "RC-" + "".join(secrets.choice(ALPHABET) for _ in range(8))


def issue(player_id: int, holes_played: int) -> RainCheck:
    """Credit ``player_id`` for the holes of the course not played."""
    player = db.session.get(Player, player_id) if 0 < player_id < 2**31 else None
    if player is None:
        raise NotFound(_("no player %(id)s", id=player_id), code="unknown_player")
    if player.sale_id is None or not player.green_fee:
        raise Conflict(_("%(name)s paid no green fee", name=player.name), code="no_green_fee")
    holes = _holes(player)
    if holes_played >= holes:
        raise Invalid(_("the whole course was played"), field="holes_played")
    if db.session.scalar(sa.select(RainCheck.id).where(RainCheck.player_id == player.id)):
        raise Conflict(
            _("%(name)s already has a rain check", name=player.name), code="rain_check_exists"
        )
    share = Decimal(player.green_fee) * (holes - holes_played) / holes
    write_transaction()
    # The player's row, locked and still paid: a refund of the same green fee waits for
    # this rain check (and then refuses), or went first and this refuses.
    if not db.session.execute(STILL_PAID, {"player": player.id, "fee": player.green_fee}).rowcount:
        raise Conflict(_("%(name)s paid no green fee", name=player.name), code="no_green_fee")
    check = RainCheck(
        code=_new_code(),
        player_id=player.id,
        amount=int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP)),
    )
    db.session.add(check)
    db.session.flush()
    if plugin_enabled("giftcards"):
        _as_store_credit(check)
    return check


def _as_store_credit(check: RainCheck) -> None:
    """Give ``check`` as a gift card; its code is shown this once (gift cards keep only
    a hash of it)."""
    from plugins.giftcards.public import issue_store_credit  # optional: only when enabled

    credit = issue_store_credit(check.amount, f"golf:rain-check:{check.id}")
    check.giftcard_id = credit.card_id
    check._given_code = credit.code or credit.masked
    db.session.flush()


def expires_on(check: RainCheck) -> dt.date | None:
    """The last day the rain check can be used, in the shop's calendar (the setting
    ``rain_check_days_valid`` counted from the day it was given; as store credit, the
    gift card's end); ``None``: no end."""
    zone = zoneinfo.ZoneInfo(current_store().timezone)
    if check.giftcard_id is not None:
        if not plugin_enabled("giftcards"):
            return None
        from plugins.giftcards.public import store_credit  # optional: only when enabled

        card = store_credit(check.giftcard_id)
        if card is None or card.expires_at is None:
            return None
        # The card works until that instant, that day; one at midnight ends the day before.
        return (card.expires_at.astimezone(zone) - dt.timedelta(microseconds=1)).date()
    days = get_settings("golf")["rain_check_days_valid"]
    if not days:
        return None
    return check.created_at.astimezone(zone).date() + dt.timedelta(days=days)


def _holes(player: Player) -> int:
    return get_course(player.booking.slot.course_id).holes


def usable(text: str) -> RainCheck:
    """The rain check of the code typed (any case), if it can still be taken off a
    sale: a :class:`NotFound` when unknown or used, a :class:`Conflict` once expired."""
    code = text.strip().upper()[:16]
    check = db.session.scalar(sa.select(RainCheck).where(RainCheck.code == code))
    if check is None or check.sale_id is not None or check.giftcard_id is not None:
        raise NotFound(_("no rain check %(code)s to use", code=code), code="unknown_rain_check")
    last_day = expires_on(check)
    if last_day is not None and store_today() > last_day:
        raise Conflict(
            _("the rain check %(code)s expired on %(day)s", code=code, day=format_date(last_day)),
            code="rain_check_expired",
        )
    check.expires_on = last_day
    return check


class RainCheckLineSchema(Schema):
    code = fields.String(required=True, validate=validate.Length(1, 16))


class RainCheckLine(LineKind):
    code = "golf_rain_check"
    title = "Rain check"
    schema = RainCheckLineSchema

    def build(self, payload: dict[str, t.Any], store: t.Any) -> LinePrice:
        try:
            check = usable(payload["code"])
        except DomainError as error:
            raise Rejected(error.message, code=error.code, field="code") from None
        code = check.code
        return LinePrice(
            name=_("Rain check %(code)s", code=code),
            unit_price=-check.amount,
            tax_rate=Decimal(get_settings("golf")["green_fee_tax_rate"]),
            sku="RAINCHECK",
            data={"code": code, "amount": check.amount},
        )


def complete(sale: t.Any) -> None:
    """Inside the sale's transaction: claim each rain check taken, once."""
    for line in sale.lines:
        if line.kind != RainCheckLine.code:
            continue
        if db.session.execute(CLAIM, {"sale": sale.id, "code": line.data["code"]}).rowcount != 1:
            raise Rejected(
                _("the rain check %(code)s was used meanwhile", code=line.data["code"]),
                code="rain_check_used",
            )
