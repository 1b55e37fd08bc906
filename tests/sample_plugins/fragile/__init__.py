"""A plugin with an API endpoint that trusts its input: ``POST /api/v1/fragile/quantities``
answers 500 whenever ``quantity`` is not a number (an ``int()`` on a schema-valid string).
The API fuzz test uses it to prove that its checker reports a server error."""

from marshmallow import Schema, fields

from core.plugins import ApiBlueprint, Permission, PluginInfo, hookimpl

plugin_info = PluginInfo(name="fragile", title="Fragile", description="Crashes on bad input")


class QuantitySchema(Schema):
    quantity = fields.String(required=True)


api = ApiBlueprint("fragile_api", __name__, tag="fragile")


@api.endpoint(
    "/fragile/quantities", methods=["POST"], permission="fragile.use", body=QuantitySchema
)
def add_quantity(body):
    """Double a quantity (the bug: the string is never checked to be a number)."""
    return {"doubled": 2 * int(body["quantity"])}


@hookimpl
def pos_register_permissions():
    return [Permission("fragile.use", "Use the fragile endpoint", ("manager",))]


@hookimpl
def pos_register_api():
    return [api]
