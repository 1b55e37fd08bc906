"""A plugin returning what the core must refuse: an added line with a float price, and a
surcharge without saying how the till charges it offline (no TillPricing)."""

from decimal import Decimal

from marshmallow import Schema, fields

from core.plugins import AddedLine, CartData, PluginInfo, Surcharge, hookimpl

plugin_info = PluginInfo(name="bad_lines", title="Bad lines")


class CartSchema(Schema):
    bad_line = fields.Boolean(load_default=False)
    surcharge = fields.Boolean(load_default=False)


@hookimpl
def pos_register_cart_data():
    return [CartData("bad_lines", CartSchema)]


@hookimpl
def pos_add_lines(cart, store):
    if cart.plugin_data.get("bad_lines", {}).get("bad_line"):
        return [AddedLine("fee", "Fee", 1.5, Decimal("0"))]
    return None


@hookimpl
def pos_adjust_cart(cart, store):
    if cart.plugin_data.get("bad_lines", {}).get("surcharge"):
        return [Surcharge("Fee", "bad_lines", Decimal("20"), amount=100)]
    return None
