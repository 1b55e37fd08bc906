"""``/api/v1/golf/...``: courses, blocked times, rates, the tee sheet with the rates
that apply (what a booking website shows), bookings, no-shows and the starter's list."""

from __future__ import annotations

from core.plugins import ApiBlueprint, present_hook

from . import bookings, courses, memberships, rainchecks
from .rates import rate_for
from .reports import rounds_report
from .schemas import (
    BlockSchema,
    BookingInSchema,
    BookingSchema,
    CourseSchema,
    DayQuerySchema,
    MembershipCategorySchema,
    MembershipSchema,
    RainCheckInSchema,
    RainCheckSchema,
    RateSchema,
    ReportQuerySchema,
    RoundsReportSchema,
    SlotSchema,
)
from .teesheet import get_course, sheet

api = ApiBlueprint("golf_api", __name__, tag="golf")


def with_extra(booking):
    """The booking with the fields other plugins add (``golf_booking_fields``)."""
    extra = {}
    for fields in present_hook("golf_booking_fields", booking=booking):
        if isinstance(fields, dict):
            extra.update(fields)
    booking.extra = extra
    return booking


@api.endpoint("/golf/courses", permission="golf.view", response=CourseSchema, many=True)
def list_courses():
    """The courses."""
    return courses.list_courses()


@api.endpoint(
    "/golf/courses",
    methods=["POST"],
    permission="golf.manage",
    body=CourseSchema,
    response=CourseSchema,
    status=201,
    statuses=[409],
)
def create_course(body):
    """Add a course: its tee sheet runs every ``interval_minutes`` from ``first_tee`` to
    ``last_tee``."""
    return courses.create_course(body)


@api.endpoint(
    "/golf/courses/<int:course_id>/blocks",
    methods=["POST"],
    permission="golf.manage",
    body=BlockSchema,
    response=BlockSchema,
    status=201,
)
def add_block(course_id: int, body):
    """Close tee times of a day to bookings (maintenance, a tournament, a shotgun
    start)."""
    return courses.add_block(course_id, body)


@api.endpoint(
    "/golf/courses/<int:course_id>/rates", permission="golf.view", response=RateSchema, many=True
)
def list_rates(course_id: int):
    """The course's green-fee rules."""
    return courses.list_rates(course_id)


@api.endpoint(
    "/golf/courses/<int:course_id>/rates",
    methods=["POST"],
    permission="golf.manage",
    body=RateSchema,
    response=RateSchema,
    status=201,
)
def add_rate(course_id: int, body):
    """Add a green-fee rule (member, guest or any player; weekdays; from and to which
    tee time; a priority: the highest matching rule wins, then the cheapest)."""
    return courses.add_rate(course_id, body)


@api.endpoint(
    "/golf/courses/<int:course_id>/slots",
    permission="golf.book",
    query=DayQuerySchema,
    response=SlotSchema,
    many=True,
)
def list_slots(course_id: int, query):
    """The tee sheet of a day as a booking website shows it: every tee time with its
    places left (0 when blocked, ``blocked`` says why) and the member and guest green
    fees that apply then."""
    course = get_course(course_id)
    day = query["day"]
    return [
        {
            "tee_time": line.tee_time,
            "tee": line.tee,
            "free": line.free,
            "taken": line.taken,
            "blocked": line.block.kind if line.block is not None else None,
            "member_rate": rate_for(course.id, True, day, line.tee_time),
            "guest_rate": rate_for(course.id, False, day, line.tee_time),
        }
        for line in sheet(course, day)
    ]


@api.endpoint(
    "/golf/bookings",
    methods=["POST"],
    permission="golf.book",
    body=BookingInSchema,
    response=BookingSchema,
    status=201,
    statuses=[409],
)
def create_booking(body):
    """Book 1 to 4 players at a tee time; members are named by their crm
    ``customer_id``. A 409 ``tee_time_full`` when the places left are fewer (two
    websites booking the last place: exactly one gets it), ``tee_time_blocked`` when
    the time is closed."""
    booking = bookings.book(
        body["course_id"],
        body["day"],
        body["tee_time"],
        body["players"],
        source="api",
        contact=body["contact"],
        tee=body["tee"],
    )
    return with_extra(booking)


@api.endpoint("/golf/bookings/<int:booking_id>", permission="golf.view", response=BookingSchema)
def get_booking(booking_id: int):
    """One booking with its players, who is a member and who has checked in."""
    return with_extra(bookings.get_booking(booking_id))


@api.endpoint(
    "/golf/bookings/<int:booking_id>/cancel",
    methods=["POST"],
    permission="golf.book",
    response=BookingSchema,
    statuses=[409],
)
def cancel_booking(booking_id: int):
    """Cancel a booking that nobody checked in for: its places are free again."""
    return with_extra(bookings.cancel(bookings.get_booking(booking_id)))


@api.endpoint(
    "/golf/bookings/<int:booking_id>/no-show",
    methods=["POST"],
    permission="golf.book",
    response=BookingSchema,
    statuses=[409],
)
def no_show(booking_id: int):
    """The players did not come to their tee time."""
    return with_extra(bookings.no_show(bookings.get_booking(booking_id)))


@api.endpoint(
    "/golf/courses/<int:course_id>/starter",
    permission="golf.view",
    query=DayQuerySchema,
    response=BookingSchema,
    many=True,
)
def starter(course_id: int, query):
    """The starter's list for a day: bookings still to tee off and checked-in groups,
    by tee time (no-shows and cancellations left out)."""
    course = get_course(course_id)
    return [
        with_extra(b)
        for b in bookings.day_bookings(course.id, query["day"], ("booked", "checked_in"))
    ]


@api.endpoint(
    "/golf/courses/<int:course_id>/reports/rounds",
    permission="golf.manage",
    query=ReportQuerySchema,
    response=RoundsReportSchema,
)
def report_rounds(course_id: int, query):
    """Rounds played from ``from`` to ``to`` (included), members against guests,
    no-shows, tee-sheet utilisation (places booked of the places of tee times not
    blocked) and green-fee revenue per round."""
    return rounds_report(course_id, query["from"], query["to"])


@api.endpoint(
    "/golf/membership-categories",
    permission="golf.view",
    response=MembershipCategorySchema,
    many=True,
)
def list_membership_categories():
    """The memberships on sale, with their price, included rounds and discount."""
    return memberships.list_categories()


@api.endpoint(
    "/golf/membership-categories",
    methods=["POST"],
    permission="golf.manage",
    body=MembershipCategorySchema,
    response=MembershipCategorySchema,
    status=201,
    statuses=[409],
)
def create_membership_category(body):
    """Add a membership category. A membership is sold (or renewed) as a sale line
    ``{"golf_membership": {"category_id", "customer_id", "season_start",
    "season_end"}}``."""
    return memberships.create_category(body)


@api.endpoint(
    "/golf/customers/<int:customer_id>/memberships",
    permission="golf.view",
    response=MembershipSchema,
    many=True,
)
def customer_memberships(customer_id: int):
    """A customer's memberships, newest season first, with the included rounds left."""
    return memberships.memberships_of(customer_id)


@api.endpoint(
    "/golf/players/<int:player_id>/rain-check",
    methods=["POST"],
    permission="golf.manage",
    body=RainCheckInSchema,
    response=RainCheckSchema,
    status=201,
    statuses=[409],
)
def issue_rain_check(player_id: int, body):
    """Credit a checked-in player for the holes not played (a share of the green fee
    they paid); the code is taken off a later sale as ``{"golf_rain_check": {"code"}}``,
    once."""
    check = rainchecks.issue(player_id, body["holes_played"])
    check.expires_on = rainchecks.expires_on(check)
    return check


@api.endpoint(
    "/golf/rain-checks/<code>",
    permission="golf.view",
    response=RainCheckSchema,
    statuses=[409],
)
def get_rain_check(code: str):
    """A rain check that can still be taken off a sale, by its code (what the till
    checks before adding it): a 404 when unknown or used, a 409 ``rain_check_expired``
    once past its last day."""
    return rainchecks.usable(code)


# -- changing what the back office changes: the same rules, the same refusals (409) ----------
# A PUT takes the whole object, as its POST does (a field left out takes its default).


@api.endpoint(
    "/golf/courses/<int:course_id>",
    methods=["PUT"],
    permission="golf.manage",
    body=CourseSchema,
    response=CourseSchema,
    statuses=[409],
)
def update_course(course_id: int, body):
    """Change a course: a 409 ``course_exists`` when another course has the name,
    ``course_times_booked`` when booked tee times would fall off the tee sheet."""
    return courses.update_course(get_course(course_id), body)


@api.endpoint(
    "/golf/courses/<int:course_id>",
    methods=["DELETE"],
    permission="golf.manage",
    status=204,
    statuses=[409],
)
def delete_course(course_id: int):
    """Delete a course with its rates and blocked times: a 409 ``course_in_use`` once a
    tee time of it was ever booked."""
    courses.delete_course(get_course(course_id))
    return "", 204


@api.endpoint(
    "/golf/rates/<int:rate_id>",
    methods=["PUT"],
    permission="golf.manage",
    body=RateSchema,
    response=RateSchema,
)
def update_rate(rate_id: int, body):
    """Change a green-fee rule; green fees already charged keep what they were charged."""
    return courses.update_rate(courses.get_rate(rate_id), body)


@api.endpoint(
    "/golf/rates/<int:rate_id>",
    methods=["DELETE"],
    permission="golf.manage",
    status=204,
    statuses=[409],
)
def delete_rate(rate_id: int):
    """Delete a green-fee rule: a 409 ``rate_in_use`` once a green fee was charged by it."""
    courses.delete_rate(courses.get_rate(rate_id))
    return "", 204


@api.endpoint(
    "/golf/membership-categories/<int:category_id>",
    methods=["PUT"],
    permission="golf.manage",
    body=MembershipCategorySchema,
    response=MembershipCategorySchema,
    statuses=[409],
)
def update_membership_category(category_id: int, body):
    """Change a category (memberships sold keep their season; the new included rounds and
    discount apply to them from now on); ``active: false`` takes it off sale. A 409
    ``membership_category_exists`` when another has the name."""
    return memberships.update_category(memberships.get_category(category_id), body)


@api.endpoint(
    "/golf/membership-categories/<int:category_id>",
    methods=["DELETE"],
    permission="golf.manage",
    status=204,
    statuses=[409],
)
def delete_membership_category(category_id: int):
    """Delete a category nobody bought: a 409 ``membership_category_in_use`` once
    memberships of it were sold (take it off sale instead)."""
    memberships.delete_category(memberships.get_category(category_id))
    return "", 204
