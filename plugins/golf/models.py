"""The tables of the golf plugin (every name starts with ``golf_``).

Tee times are the course's local wall-clock times (a ``date`` and a ``time``), as the
starter reads them on the tee sheet. Money is in integer minor units (cents).
A slot row exists once somebody books it: ``players`` counts the places taken and only
changes through a guarded ``UPDATE`` (see :mod:`.bookings`), so two clients can never
fill more than the :data:`MAX_PLAYERS` places of one tee time.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.plugins import Model, UTCDateTime, utcnow

#: A tee time takes at most four players (a four-ball).
MAX_PLAYERS = 4
#: Why a stretch of the tee sheet is closed to bookings.
BLOCK_KINDS = ("maintenance", "tournament", "shotgun")
#: ``booked`` until the players check in at the pro shop or miss their time.
BOOKING_STATUSES = ("booked", "checked_in", "no_show", "cancelled")
#: Which players a green-fee rate applies to.
PLAYER_KINDS = ("member", "guest", "any")
#: The tees groups start from: the 1st, and the 10th on a course with 10th-tee starts.
TEES = (1, 10)


class Course(Model):
    """A course and the shape of its tee sheet: a tee time every ``interval_minutes``
    from ``first_tee`` to ``last_tee`` (both included). With ``tenth_tee_starts`` a
    group also goes off the 10th tee at each time (two slots per time)."""

    __tablename__ = "golf_course"
    __table_args__ = (
        sa.CheckConstraint("interval_minutes BETWEEN 4 AND 60", name="interval_range"),
        sa.CheckConstraint("first_tee <= last_tee", name="first_before_last"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    holes: Mapped[int] = mapped_column(default=18)
    interval_minutes: Mapped[int] = mapped_column(default=10)
    first_tee: Mapped[dt.time] = mapped_column(sa.Time)
    last_tee: Mapped[dt.time] = mapped_column(sa.Time)
    tenth_tee_starts: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Block(Model):
    """Tee times closed to bookings on one day, from ``start`` (included) to ``end``
    (excluded): greens maintenance, a tournament, a shotgun start (every group starts
    at once from a different hole, so the whole stretch is taken)."""

    __tablename__ = "golf_block"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("golf_course.id"), index=True)
    day: Mapped[dt.date] = mapped_column(sa.Date)
    start: Mapped[dt.time] = mapped_column(sa.Time)
    end: Mapped[dt.time] = mapped_column(sa.Time)
    kind: Mapped[str] = mapped_column(sa.String(16))
    note: Mapped[str] = mapped_column(sa.String(200), default="")


class Slot(Model):
    """One tee time from one tee (1 or 10) that somebody booked; ``players`` is how many
    places are taken."""

    __tablename__ = "golf_slot"
    __table_args__ = (
        sa.UniqueConstraint("course_id", "day", "tee_time", "tee"),
        sa.CheckConstraint("tee IN (1, 10)", name="first_or_tenth_tee"),
        sa.CheckConstraint(f"players BETWEEN 0 AND {MAX_PLAYERS}", name="players_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("golf_course.id"))
    day: Mapped[dt.date] = mapped_column(sa.Date)
    tee_time: Mapped[dt.time] = mapped_column(sa.Time)
    tee: Mapped[int] = mapped_column(default=1, server_default="1")
    players: Mapped[int] = mapped_column(default=0)


class Booking(Model):
    """A booking of 1 to 4 players at one tee time. ``source`` says who made it
    (``till``, ``api`` for a booking website, ``admin``)."""

    __tablename__ = "golf_booking"

    id: Mapped[int] = mapped_column(primary_key=True)
    slot_id: Mapped[int] = mapped_column(sa.ForeignKey("golf_slot.id"), index=True)
    status: Mapped[str] = mapped_column(sa.String(16), default="booked", index=True)
    source: Mapped[str] = mapped_column(sa.String(16), default="api")
    contact: Mapped[str] = mapped_column(sa.String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    slot: Mapped[Slot] = relationship(lazy="joined")
    players: Mapped[list[Player]] = relationship(
        back_populates="booking", order_by="Player.position", lazy="selectin"
    )


class Player(Model):
    """A player of a booking: a member (a crm customer, ``customer_id``) or a guest.
    ``sale_id`` is the sale that charged their green fee at check-in."""

    __tablename__ = "golf_player"
    __table_args__ = (sa.UniqueConstraint("booking_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(sa.ForeignKey("golf_booking.id"))
    position: Mapped[int]
    name: Mapped[str] = mapped_column(sa.String(120))
    customer_id: Mapped[int | None] = mapped_column(index=True)
    sale_id: Mapped[str | None] = mapped_column(sa.String(36), index=True)
    green_fee: Mapped[int | None] = mapped_column(sa.BigInteger)
    #: The rate the green fee was charged by (a rate charged is not deleted).
    rate_id: Mapped[int | None] = mapped_column(sa.ForeignKey("golf_rate.id"), index=True)

    booking: Mapped[Booking] = relationship(back_populates="players")

    @property
    def is_member(self) -> bool:
        return self.customer_id is not None


class Rate(Model):
    """A green-fee rule: ``price`` for a round by a ``player_kind`` (``member``,
    ``guest`` or ``any``) on the ISO ``weekdays`` it lists (``"12345"``: Monday to
    Friday) for tee times from ``start`` (included) to ``end`` (excluded). Of the rules
    that match, the highest ``priority`` wins (a twilight rate outranks the day rate),
    then the lowest price."""

    __tablename__ = "golf_rate"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("golf_course.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    player_kind: Mapped[str] = mapped_column(sa.String(8), default="any")
    weekdays: Mapped[str] = mapped_column(sa.String(7), default="1234567")
    start: Mapped[dt.time] = mapped_column(sa.Time)
    end: Mapped[dt.time] = mapped_column(sa.Time)
    price: Mapped[int] = mapped_column(sa.BigInteger)
    priority: Mapped[int] = mapped_column(default=0)


class MembershipCategory(Model):
    """A kind of membership sold for a season: ``price`` (the renewal's sale line),
    ``included_rounds`` green fees at no charge, then ``discount_percent`` off the
    member rate. An ``active`` category is on sale; one with memberships sold is
    deactivated rather than deleted."""

    __tablename__ = "golf_membership_category"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    price: Mapped[int] = mapped_column(sa.BigInteger)
    included_rounds: Mapped[int] = mapped_column(default=0)
    discount_percent: Mapped[Decimal] = mapped_column(
        sa.Numeric(6, 3, asdecimal=True), default=Decimal("0")
    )
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())


class Membership(Model):
    """A crm customer's membership of a category for a season (both days included),
    made by the sale that sold it. ``rounds_used`` counts the included rounds taken;
    it only moves through a guarded ``UPDATE``."""

    __tablename__ = "golf_membership"
    __table_args__ = (sa.CheckConstraint("rounds_used >= 0", name="rounds_used_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(index=True)
    category_id: Mapped[int] = mapped_column(sa.ForeignKey("golf_membership_category.id"))
    season_start: Mapped[dt.date] = mapped_column(sa.Date)
    season_end: Mapped[dt.date] = mapped_column(sa.Date)
    rounds_used: Mapped[int] = mapped_column(default=0)
    sale_id: Mapped[str | None] = mapped_column(sa.String(36))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    category: Mapped[MembershipCategory] = relationship(lazy="joined")

    @property
    def rounds_left(self) -> int:
        return max(0, self.category.included_rounds - self.rounds_used)


class RainCheck(Model):
    """Credit for the holes a player could not play (rain, lightning): a share of the
    green fee they paid, taken off a later sale by its ``code`` once
    (``sale_id`` is the sale that used it). With gift cards enabled it is given as store
    credit instead: ``giftcard_id`` is that card, and ``code`` is never taken off a sale."""

    __tablename__ = "golf_rain_check"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(16), unique=True)
    player_id: Mapped[int] = mapped_column(sa.ForeignKey("golf_player.id"), unique=True)
    amount: Mapped[int] = mapped_column(sa.BigInteger)
    sale_id: Mapped[str | None] = mapped_column(sa.String(36))
    #: The gift card it was given as (no foreign key: gift cards are optional).
    giftcard_id: Mapped[int | None]
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def given_code(self) -> str:
        """The code to hand the player: the store-credit card's right after it was issued
        (never stored here), else the rain check's own."""
        return getattr(self, "_given_code", None) or self.code

    @property
    def store_credit(self) -> bool:
        return self.giftcard_id is not None
