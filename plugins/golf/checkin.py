"""Check-in at the pro shop till: each player's green fee is a sale line of the
``golf_green_fee`` kind, ``{"golf_green_fee": {"player_id": 12}}``, priced by the rate
rules at the booking's tee time (member or guest). The player is marked as checked in
when the sale completes, in its transaction, and only once: a guarded ``UPDATE``.
Carts, clubs and balls are catalog products in the same sale.
"""

from __future__ import annotations

import typing as t
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _
from marshmallow import Schema

from core.plugins import Id, LineKind, LinePrice, Problem, Rejected, db, get_settings

from .bookings import status_sentence
from .memberships import active_membership, member_price, use_round
from .models import Membership, Player
from .rates import rate_for

CHECK_IN = sa.text(
    "UPDATE golf_player SET sale_id = :sale, green_fee = :fee, rate_id = :rate"
    " WHERE id = :player AND sale_id IS NULL"
)
CHECKED_IN = sa.text(
    "UPDATE golf_booking SET status = 'checked_in' WHERE id = :booking AND status = 'booked'"
)


class GreenFeeSchema(Schema):
    player_id = Id(required=True)


def _player(player_id: int) -> Player:
    player = db.session.get(Player, player_id)
    if player is None:
        raise Rejected(
            _("no player %(id)s", id=player_id), code="unknown_player", field="player_id"
        )
    return player


class GreenFeeLine(LineKind):
    code = "golf_green_fee"
    title = "Green fee"
    schema = GreenFeeSchema

    def build(self, payload: dict[str, t.Any], store: t.Any) -> LinePrice:
        player = _player(payload["player_id"])
        booking = player.booking
        if booking.status not in ("booked", "checked_in") or player.sale_id is not None:
            raise Rejected(
                _("%(name)s is already checked in", name=player.name)
                if player.sale_id is not None
                else status_sentence(booking),
                code="player_not_bookable",
                field="player_id",
            )
        slot = booking.slot
        rate = rate_for(slot.course_id, player.is_member, slot.day, slot.tee_time)
        if rate is None:
            raise Rejected(
                _("no green-fee rate applies at %(time)s", time=slot.tee_time.strftime("%H:%M")),
                code="no_rate",
                field="player_id",
            )
        tax_rate = Decimal(get_settings("golf")["green_fee_tax_rate"])
        membership = active_membership(player.customer_id, slot.day)
        price, included = member_price(membership, rate.price)
        return LinePrice(
            name=f"{rate.name} {slot.tee_time.strftime('%H:%M')} {player.name}",
            unit_price=price,
            tax_rate=tax_rate,
            sku="GREENFEE",
            data={
                "player_id": player.id,
                "booking_id": booking.id,
                "rate_id": rate.id,
                "member": player.is_member,
                "membership_id": membership.id if membership is not None else None,
                "included_round": included,
                "rounds_left": membership.rounds_left if membership is not None else None,
            },
        )


def validate_cart(cart: t.Any) -> list[Problem]:
    """One golf line of each kind per line (quantity 1), one green fee per player in a
    cart."""
    problems = []
    seen: set[int] = set()
    for line in cart.lines:
        if line.kind == "golf_rain_check" and line.quantity != 1:
            problems.append(
                Problem("rain_check_quantity", _("one rain check per line"), f"lines.{line.key}")
            )
        if line.kind == "golf_membership" and line.quantity != 1:
            problems.append(
                Problem("membership_quantity", _("one membership per line"), f"lines.{line.key}")
            )
        if line.kind != GreenFeeLine.code:
            continue
        where = f"lines.{line.key}"
        if line.quantity != 1:
            problems.append(Problem("green_fee_quantity", _("one green fee per line"), where))
        player_id = line.data.get("player_id")
        if player_id in seen:
            problems.append(
                Problem("green_fee_twice", _("this player is already in the sale"), where)
            )
        seen.add(player_id)
    return problems


def _included_rounds(membership_id: int) -> int:
    membership = db.session.get(Membership, membership_id)
    return membership.category.included_rounds if membership is not None else 0


def complete(sale: t.Any) -> None:
    """Inside the sale's transaction: mark each player checked in with the fee paid,
    refusing the sale when another till checked them in meanwhile."""
    for line in sale.lines:
        if line.kind != GreenFeeLine.code:
            continue
        done = db.session.execute(
            CHECK_IN,
            {
                "sale": sale.id,
                "fee": line.total,
                "rate": line.data.get("rate_id"),
                "player": line.data["player_id"],
            },
        )
        if done.rowcount != 1:
            raise Rejected(_("a player of this sale was checked in meanwhile"), code="checked_in")
        membership_id = line.data.get("membership_id")
        if line.data.get("included_round") and not use_round(
            membership_id, _included_rounds(membership_id)
        ):
            raise Rejected(_("no included round is left"), code="no_round_left")
        db.session.execute(CHECKED_IN, {"booking": line.data["booking_id"]})
