"""A plugin with a line kind (a bottle deposit) and sale hooks, for the sales tests."""

from decimal import Decimal

from marshmallow import Schema, fields, validate

from core.plugins import (
    Adjustment,
    LineKind,
    LinePrice,
    PluginInfo,
    Problem,
    ReceiptRow,
    ReceiptSection,
    Rejected,
    hookimpl,
)

plugin_info = PluginInfo(name="deposit", title="Deposit", description="Bottle deposits")

EVENTS: list[str] = []


class DepositSchema(Schema):
    bottles = fields.Integer(required=True, strict=True, validate=validate.Range(1, 100))


class Deposit(LineKind):
    code = "deposit"
    title = "Bottle deposit"
    schema = DepositSchema

    def build(self, payload, store):
        if payload["bottles"] == 13:
            raise Rejected("13 bottles bring bad luck", code="unlucky")
        return LinePrice(
            name=f"Deposit x{payload['bottles']}",
            unit_price=25 * payload["bottles"],
            tax_rate=Decimal("0"),
            sku="DEPOSIT",
            data={"bottles": payload["bottles"]},
        )


@hookimpl
def pos_register_line_kinds():
    return [Deposit()]


@hookimpl
def pos_price_line(line, cart, store):
    if line.sku == "CROISSANT" and "2FOR1" in cart.coupons and line.quantity >= 2:
        return [Adjustment(amount=line.unit_price, label="2 for 1", source="deposit")]
    return None


@hookimpl
def pos_sale_validate(cart, store, actor):
    if cart.customer_id == 666:
        return [Problem("banned", "this customer may not buy", "customer_id")]
    return None


@hookimpl
def pos_sale_completing(sale, cart, store):
    for line in sale.lines:
        if line.kind == "deposit" and line.data.get("bottles") == 99:
            raise RuntimeError("the deposit machine is broken")
        if line.kind == "deposit":
            line.data = {**line.data, "ticket": f"D-{sale.number}"}


@hookimpl
def pos_sale_completed(event_id, sale):
    EVENTS.append(f"{event_id}:{sale.id}")


@hookimpl
def pos_receipt_sections(sale, store):
    bottles = sum(line.data.get("bottles", 0) for line in sale.lines if line.kind == "deposit")
    if bottles:
        return [ReceiptSection("Deposit", (ReceiptRow("Bottles", str(bottles)),))]
    return None
