"""The restaurant plugin's implementations of the core's hooks."""

from __future__ import annotations

from pathlib import Path

from flask_babel import lazy_gettext as _l

from core.plugins import (
    AssetFolders,
    CartData,
    MenuItem,
    Permission,
    SettingsSchema,
    TillAction,
    TillPricing,
    hookimpl,
)

from . import billing, pricing
from .tips import records as tip_records
from .tips import report as tip_report

HERE = Path(__file__).resolve().parent


@hookimpl
def pos_register_permissions():
    return [
        Permission(
            "restaurant.serve",
            _l("Seat tables, take orders, send courses and bill tables"),
            ("cashier", "manager"),
        ),
        Permission("restaurant.kitchen", _l("See the kitchen display"), ("cashier", "manager")),
        Permission("restaurant.manage", _l("Draw floor plans and set modifiers"), ("manager",)),
        Permission("restaurant.reports", _l("See the restaurant's report"), ("manager",)),
        Permission("restaurant.tips.view", _l("See the tips owed to each employee"), ("manager",)),
    ]


@hookimpl
def pos_register_settings():
    from .settings import RestaurantSettingsSchema

    return [SettingsSchema("restaurant", RestaurantSettingsSchema, _l("Restaurant"))]


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
            "restaurant",
            templates=str(HERE / "templates"),
            static=str(HERE / "static"),
            translations=str(HERE / "translations"),
        )
    ]


#: The restaurant's pages stand under a heading of their own in the back office menu.
SECTION = _l("Restaurant")


@hookimpl
def pos_register_admin_menu():
    return [
        MenuItem(
            _l("Floor plan"), "restaurant.floor", "restaurant.manage", order=500, section=SECTION
        ),
        MenuItem(
            _l("Modifiers"), "restaurant.modifiers", "restaurant.manage", order=510, section=SECTION
        ),
        MenuItem(
            _l("Kitchen display"),
            "restaurant.kitchen",
            "restaurant.kitchen",
            order=520,
            section=SECTION,
        ),
        MenuItem(
            _l("Restaurant report"),
            "restaurant.report",
            "restaurant.reports",
            order=530,
            section=SECTION,
        ),
        MenuItem(_l("Tips"), "restaurant.tips", "restaurant.tips.view", order=540, section=SECTION),
    ]


@hookimpl
def pos_register_line_kinds():
    from .lines import ModifierLine
    from .tips.lines import TipLine

    return [ModifierLine(), TipLine()]


@hookimpl
def pos_register_cart_data():
    from .schemas import RestaurantCartSchema

    return [CartData("restaurant", RestaurantCartSchema)]


@hookimpl
def pos_line_tax_rate(line, cart, store):
    """Taken away: the item's take-away tax rate, where the merchant set one."""
    return pricing.line_tax_rate(line, cart)


@hookimpl
def pos_adjust_cart(cart, store):
    """The service charge of an order that has it."""
    return pricing.service_surcharges(cart)


@hookimpl
def pos_register_till_pricing():
    # The till's mirror of the service charge, for a bill whose sale ends up offline.
    return [TillPricing("/static/plugins/restaurant/pricing.js")]


@hookimpl
def pos_sale_validate(cart, store, actor):
    return billing.validate_cart(cart) + billing.validate_tips(cart)


@hookimpl
def pos_sale_completing(sale, cart, store):
    """Mark the order lines this sale pays, once (a second payment of them rolls back),
    and keep its tips for their employees."""
    billing.mark_paid(sale, cart)
    tip_records.record_sale(sale)


@hookimpl
def pos_refund_completing(refund, sale, store):
    """A tip given back subtracts from its employee."""
    tip_records.record_refund(refund, sale)


@hookimpl
def pos_session_report_sections(session, report, store):
    """The register's tips per employee, and the rule for the cash ones."""
    return tip_report.session_section(session, store)


@hookimpl
def pos_register_till_actions():
    return [
        TillAction(
            code="restaurant.tables",
            title=_l("Tables"),
            permission="restaurant.serve",
            script="/static/plugins/restaurant/tables.js",
            order=20,
        ),
        TillAction(
            code="restaurant.takeaway",
            title=_l("Take-away"),
            permission="restaurant.serve",
            script="/static/plugins/restaurant/takeaway.js",
            order=21,
        ),
    ]


@hookimpl
def pos_register_till_strings():
    """The words of the till's Tables action (static/tables.js)."""
    return {
        "add_items": _l("Put the cart on the table"),
        "as_list": _l("List"),
        "ask_bill": _l("The table asks for the bill"),
        "bill_asked": _l("The table is waiting for the bill"),
        "card": _l("Card"),
        "card_tip": _l("Tip on the card"),
        "cash_given": _l("Cash handed over"),
        "change_is": _l("Change: %(amount)s"),
        "given_short": _l("Less than the amount to pay"),
        "cart_empty": _l("The cart holds no items to put on the table"),
        "cash": _l("Cash"),
        "changed_elsewhere": _l("The order was changed on another device: sent again"),
        "course": _l("Course"),
        "course_sent": _l("Course sent (%(count)s tickets)"),
        "course_n": _l("Course %(course)s"),
        "covers": _l("Guests"),
        "free_table": _l("Free the table (nothing to pay)"),
        "items_added": _l("%(count)s items put on the table"),
        "merge": _l("Merge into another table"),
        "modifiers": _l("Modifiers"),
        "move_item": _l("Move an item to another seat or course"),
        "item_moved": _l("Item moved"),
        "nothing_to_move": _l("No item left to move"),
        "moved": _l("Moved to table %(name)s"),
        "no_free_table": _l("No free table"),
        "no_more_modifiers": _l("No more modifiers"),
        "no_seated_table": _l("No other seated table"),
        "no_tables": _l("No table yet: draw the floor plan in the back office"),
        "note": _l("Note to the kitchen"),
        "order_summary": _l("%(count)s lines, %(covers)s guests"),
        "paid": _l("Paid: %(amount)s"),
        "parts": _l("Equal parts"),
        "pay": _l("Pay the table"),
        "seat": _l("Seat (0: the table)"),
        "seat_n": _l("Seat %(seat)s"),
        "seated_for": _l("%(minutes)s min"),
        "send_course": _l("Send a course"),
        "shared": _l("Shared (the table)"),
        "state_bill": _l("waiting for the bill"),
        "state_free": _l("free"),
        "state_seated": _l("seated"),
        "state_ordering": _l("ordered"),
        "table": _l("Table %(name)s"),
        "tables": _l("Tables"),
        "table_freed": _l("The table is free"),
        "tip_above_change": _l("The tip cannot be more than the change"),
        "tip_from_change": _l("Tip kept from the change"),
        "tip_from_change_hint": _l("Hand back the change less the tip the waiter keeps."),
        "tip_offline": _l("A tip needs the server: pay without a tip, or wait for the network"),
        "transfer": _l("Move to another table"),
        "to_pay": _l("To pay: %(amount)s"),
        "whole_table": _l("The whole table"),
        "service_on": _l("Add the service charge"),
        "service_off": _l("Take off the service charge"),
        "service_added": _l("The bill will add the service charge"),
        "service_removed": _l("The bill will not add the service charge"),
        "take_away": _l("Taken away (take-away tax rates)"),
        "eat_in": _l("Eaten in (the usual tax rates)"),
        "taken_away": _l("Taken away: the take-away tax rates apply"),
        "eaten_in": _l("Eaten in: the usual tax rates apply"),
        "takeaway_sale": _l("Take-away"),
        "zoom_in": _l("Bigger"),
        "zoom_out": _l("Smaller"),
        # A tablet that was offline (static/kept.js).
        "kept_offline": _l(
            "Offline: %(count)s items kept for table %(name)s, sent when the server answers"
        ),
        "kept_waiting": _l("%(count)s items kept on this device wait to be sent"),
        "offline_only_add": _l("Offline: only putting items on the table works"),
        "offline_unknown_table": _l(
            "Offline: only a table this device opened before can take items"
        ),
        "changed_meanwhile": _l("Changed meanwhile on other devices:"),
        "nothing_changed": _l("Nobody else changed the table meanwhile."),
        "kept_sent_title": _l("Table %(name)s: kept items sent"),
        "kept_sent": _l("The %(count)s items kept offline are on the table."),
        "kept_refused_title": _l("Table %(name)s: kept items not added"),
        "kept_refused": _l("The %(count)s items kept offline were not added, because:"),
        "add_anyway": _l("Add them to the table as it is now"),
        "drop_kept": _l("Do not add them"),
        "kept_dropped": _l("%(count)s kept items dropped"),
        "understood": _l("Understood"),
        "decide_later": _l("Later"),
        "changed_title": _l("Changed on another device meanwhile"),
        "do_anyway": _l("Do it on the order as it is now"),
    }
