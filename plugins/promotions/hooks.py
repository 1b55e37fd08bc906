"""The promotions plugin's hook implementations."""

from __future__ import annotations

from pathlib import Path

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from core.plugins import (
    Adjustment,
    AssetFolders,
    MenuItem,
    Permission,
    Problem,
    ReceiptRow,
    ReceiptSection,
    SettingsSchema,
    TillAction,
    format_money,
    get_settings,
    hookimpl,
)

from . import services
from .cart_data import CART_DATA
from .settings import PromotionsSettingsSchema

HERE = Path(__file__).resolve().parent


@hookimpl
def pos_register_permissions():
    return [
        Permission("promotions.view", _l("See promotions and coupons"), ("manager",)),
        Permission("promotions.edit", _l("Create, change and delete promotions"), ("manager",)),
    ]


@hookimpl
def pos_register_settings():
    return [SettingsSchema("promotions", PromotionsSettingsSchema, _l("Promotions"))]


@hookimpl
def pos_register_cart_data():
    """The coupons the cashier typed: ``plugin_data["promotions"]["coupons"]``."""
    return [CART_DATA]


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
            "promotions",
            templates=str(HERE / "templates"),
            static=str(HERE / "static"),
            translations=str(HERE / "translations"),
        )
    ]


@hookimpl
def pos_register_admin_menu():
    return [
        MenuItem(
            _l("Promotions"), "promotions.index", "promotions.view", order=140, section="catalog"
        )
    ]


@hookimpl
def pos_register_till_strings():
    """The words of the till's Coupon action (static/coupon.js)."""
    return {
        "coupon": _l("Coupon"),
        "coupon_chip": _l("Coupon: %(codes)s"),
        "coupon_code": _l("Coupon code"),
    }


@hookimpl
def pos_register_till_actions():
    return [
        TillAction(
            code="promotions.coupon",
            title=_l("Coupon"),
            permission="sales.sell",
            script="/static/plugins/promotions/coupon.js",
            order=40,
        )
    ]


@hookimpl
def pos_price_line(line, cart, store):
    """Percent and amount promotions of this line (computed once for the whole cart)."""
    savings = services.pricing_for(cart, store).result.line.get(line.key, ())
    return [Adjustment(s.amount, s.rule.name, s.rule.source) for s in savings] or None


@hookimpl
def pos_adjust_cart(cart, store):
    """Buy X get Y and bundles, each tied to the lines it discounts; refuses a cart with
    a coupon that does not run now (the quote's 422)."""
    pricing = services.pricing_for(cart, store)
    services.check_coupons(pricing)
    return [Adjustment(s.amount, s.rule.name, s.rule.source, s.key) for s in pricing.result.cart]


@hookimpl
def pos_sale_validate(cart, store, actor):
    pricing = services.pricing_for(cart, store)
    return [
        Problem("invalid_coupon", f"{code}: {message}", pricing.coupon_field(code))
        for code, message in pricing.coupon_problems
    ]


@hookimpl
def pos_sale_completing(sale, cart, store):
    services.count_uses(sale)


@hookimpl
def pos_receipt_sections(sale, store):
    """ "You saved": what each promotion took off this sale."""
    if not get_settings("promotions")["show_savings_on_receipt"]:
        return None
    applied = services.applied_promotions(sale)
    if not applied:
        return None
    locale = store.values.get("locale", "en")
    rows = [
        ReceiptRow(label, format_money(amount, sale.currency, locale))
        for label, amount in sorted(applied.values(), key=lambda pair: pair[0])
    ]
    total = sum(amount for _label, amount in applied.values())
    rows.append(
        ReceiptRow(_("Total saved"), format_money(total, sale.currency, locale), emphasis=True)
    )
    return [ReceiptSection(_("You saved"), tuple(rows), order=20)]
