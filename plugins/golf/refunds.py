"""Refunding a green fee un-checks the player: the round was not played (or not charged
right), so the booking shows them as not checked in and the till can charge them again.
An included round taken by the refunded line goes back to the membership.

A membership line is refunded only before its season starts: the membership is then
cancelled (nothing of it could be used yet). From its first day on, member rates and
included rounds may have been given, so the refund is refused: nothing already used is
given back. A rain-check credit line refunded makes that rain check usable again.

Inside the refund's transaction (``pos_refund_completing``)."""

from __future__ import annotations

import typing as t

import sqlalchemy as sa
from flask_babel import format_date
from flask_babel import gettext as _

from core.plugins import Rejected, db

from .bookings import store_today
from .checkin import GreenFeeLine
from .memberships import MembershipLine
from .models import Membership, Player, RainCheck
from .rainchecks import RainCheckLine

UNCHECK = sa.text(
    "UPDATE golf_player SET sale_id = NULL, green_fee = NULL WHERE id = :player AND sale_id = :sale"
)
GIVE_ROUND_BACK = sa.text(
    "UPDATE golf_membership SET rounds_used = rounds_used - 1"
    " WHERE id = :membership AND rounds_used > 0"
)
# Back to "booked" once nobody of the booking is checked in any more.
BOOKED_AGAIN = sa.text(
    "UPDATE golf_booking SET status = 'booked' WHERE id = :booking AND status = 'checked_in'"
    " AND NOT EXISTS (SELECT 1 FROM golf_player"
    " WHERE booking_id = :booking AND sale_id IS NOT NULL)"
)


# Unused, not started: gone. The season's start is checked again in the statement so that
# a refund racing the first day cannot cancel a membership already in use.
CANCEL_MEMBERSHIP = sa.text(
    "DELETE FROM golf_membership WHERE id = :membership AND sale_id = :sale"
    " AND rounds_used = 0 AND season_start > :today"
)
GIVE_RAIN_CHECK_BACK = sa.text(
    "UPDATE golf_rain_check SET sale_id = NULL WHERE code = :code AND sale_id = :sale"
)


def complete(refund: t.Any, sale: t.Any) -> None:
    """Settle every golf line refunded: green fees, memberships and rain checks."""
    sold = {line.id: line for line in sale.lines}
    for refund_line in refund.lines:
        line = sold[refund_line.sale_line_id]
        if line.kind == MembershipLine.code:
            _cancel_membership(line, sale)
        elif line.kind == RainCheckLine.code:
            db.session.execute(GIVE_RAIN_CHECK_BACK, {"code": line.data["code"], "sale": sale.id})
    _green_fees(refund, sale)


def _cancel_membership(line: t.Any, sale: t.Any) -> None:
    membership_id = line.data.get("membership_id")
    if membership_id is None:
        return
    today = store_today()
    if db.session.execute(
        CANCEL_MEMBERSHIP, {"membership": membership_id, "sale": sale.id, "today": today}
    ).rowcount:
        return
    membership = db.session.get(Membership, membership_id)
    if membership is None:
        return  # cancelled by an earlier refund
    raise Rejected(
        _(
            "the membership's season started on %(day)s: it may have been used, so it is"
            " not refunded",
            day=format_date(membership.season_start),
        ),
        code="membership_started",
    )


def _green_fees(refund: t.Any, sale: t.Any) -> None:
    """Un-check the player of each green-fee line refunded. A line is refunded whole
    (quantity 1): a green fee has no half. Refused when the player was given a rain
    check for that round (the credit stands for the round paid)."""
    sold = {line.id: line for line in sale.lines}
    for refund_line in refund.lines:
        line = sold[refund_line.sale_line_id]
        if line.kind != GreenFeeLine.code:
            continue
        if refund_line.quantity != line.quantity:
            raise Rejected(_("a green fee is refunded whole"), code="green_fee_partial")
        player_id = line.data["player_id"]
        # Un-check first: the row lock makes a rain check being given for this player
        # finish before the look below, which then sees it.
        if not db.session.execute(UNCHECK, {"player": player_id, "sale": sale.id}).rowcount:
            continue  # refunded already (a refund per line can only happen once anyway)
        if db.session.scalar(sa.select(RainCheck.id).where(RainCheck.player_id == player_id)):
            player = db.session.get(Player, player_id)
            raise Rejected(
                _(
                    "%(name)s was given a rain check for this round: the green fee is not refunded",
                    name=player.name if player is not None else player_id,
                ),
                code="green_fee_rain_check",
            )
        if line.data.get("included_round") and line.data.get("membership_id"):
            db.session.execute(GIVE_ROUND_BACK, {"membership": line.data["membership_id"]})
        db.session.execute(BOOKED_AGAIN, {"booking": line.data["booking_id"]})
