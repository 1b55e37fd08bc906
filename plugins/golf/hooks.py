"""The golf plugin's hook implementations."""

from __future__ import annotations

from pathlib import Path

from flask_babel import lazy_gettext as _l

from core.plugins import (
    AssetFolders,
    MenuItem,
    Permission,
    SettingsSchema,
    TillAction,
    hookimpl,
)

from . import checkin, memberships, rainchecks, refunds
from .settings import GolfSettingsSchema

HERE = Path(__file__).parent


@hookimpl
def pos_register_permissions():
    return [
        Permission(
            "golf.view",
            _l("See tee sheets, bookings and the starter's list"),
            ("cashier", "manager"),
        ),
        # A booking website's API token holds golf.book (and nothing else it needs).
        Permission(
            "golf.book", _l("Book tee times, cancel, record no-shows"), ("cashier", "manager")
        ),
        Permission("golf.manage", _l("Set up courses, blocked times and green fees"), ("manager",)),
    ]


@hookimpl
def pos_register_settings():
    return [SettingsSchema("golf", GolfSettingsSchema, _l("Golf"))]


@hookimpl
def pos_register_line_kinds():
    return [checkin.GreenFeeLine(), memberships.MembershipLine(), rainchecks.RainCheckLine()]


@hookimpl
def pos_register_api():
    from .api import api

    return [api]


@hookimpl
def pos_register_blueprints():
    from . import setup_pages  # noqa: F401 - adds the setup pages to the blueprint
    from .views import pages

    return [pages]


@hookimpl
def pos_register_assets():
    return [
        AssetFolders(
            "golf",
            templates=str(HERE / "templates"),
            static=str(HERE / "static"),
            translations=str(HERE / "translations"),
        )
    ]


#: The golf pages stand under a heading of their own in the back office menu.
SECTION = _l("Golf")


@hookimpl
def pos_register_admin_menu():
    return [
        MenuItem(_l("Tee sheet"), "golf.sheet_page", "golf.view", order=600, section=SECTION),
        MenuItem(_l("Golf setup"), "golf.setup", "golf.manage", order=610, section=SECTION),
    ]


MEMBERSHIP_STRINGS = {
    "current_season": _l("The current season ends on %(end)s: this one follows it."),
    "customer_search": _l("Customer (name, e-mail or phone)"),
    "day_format": _l("Give days as YYYY-MM-DD, such as 2031-04-01."),
    "included_rounds": _l("%(count)s included rounds"),
    "membership": _l("Membership"),
    "membership_for": _l("Membership for %(name)s"),
    "no_customer_found": _l("No customer matches %(text)s."),
    "no_membership_on_sale": _l("No membership is on sale: add one in Golf setup."),
    "renew": _l("Renew %(name)s"),
    "season_end": _l("Season ends (included)"),
    "season_order": _l("The season ends after it starts."),
    "season_start": _l("Season starts"),
}

RAIN_CHECK_STRINGS = {
    "done": _l("Done"),
    "give_rain_check": _l("Give a rain check"),
    "holes_played": _l("Holes played"),
    "nobody_paid": _l("Nobody of booking %(id)s paid a green fee yet"),
    "rain_check": _l("Rain check"),
    "rain_check_code": _l("Rain check code"),
    "rain_check_for": _l("Rain check for %(name)s"),
    "rain_check_given": _l("Rain check given: hand this code to the player"),
    "store_credit_given": _l(
        "Rain check given as store credit: hand this gift card code to the player"
    ),
    "rain_check_line": _l("Rain check %(code)s"),
    "use_rain_check": _l("Take a rain check off this sale"),
    "valid_until": _l("valid until %(day)s"),
}


@hookimpl
def pos_register_till_strings():
    """The words of the till's actions: Check in (static/checkin.js), Membership
    (static/membership.js) and Rain check (static/raincheck.js)."""
    return {
        **MEMBERSHIP_STRINGS,
        **RAIN_CHECK_STRINGS,
        "all_checked_in": _l("Everybody of this booking is checked in"),
        "booking_number": _l("Booking number"),
        "check_in": _l("Check in"),
        "green_fee": _l("Green fee %(time)s %(name)s"),
        "not_checkable": _l("Booking %(id)s cannot be checked in (no-show or cancelled)"),
        "rounds_left": _l("%(name)s: %(count)s included rounds left"),
    }


@hookimpl
def pos_register_till_actions():
    return [
        TillAction(
            "golf.check_in",
            _l("Check in"),
            "golf.view",
            "/static/plugins/golf/checkin.js",
            order=20,
        ),
        TillAction(
            "golf.membership",
            _l("Membership"),
            "golf.view",
            "/static/plugins/golf/membership.js",
            order=21,
        ),
        TillAction(
            "golf.rain_check",
            _l("Rain check"),
            "golf.view",
            "/static/plugins/golf/raincheck.js",
            order=22,
        ),
    ]


@hookimpl
def pos_sale_validate(cart, store, actor):
    return checkin.validate_cart(cart)


@hookimpl
def pos_sale_completing(sale, cart, store):
    checkin.complete(sale)
    memberships.complete(sale)
    rainchecks.complete(sale)


@hookimpl
def pos_refund_completing(refund, sale, store):
    refunds.complete(refund, sale)
