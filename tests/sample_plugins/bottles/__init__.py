"""A bottle shop, for the tests: every part of the platform a selling plugin uses, written
from the plugin guide and ``core.plugins`` alone.

- ``pos_add_lines``: a deposit of 0.25 (outside VAT) per bottle of a bottled product,
  added for its line (so refunded with it);
- the line kind ``bottles_back``: bottles brought back, credited at 0.25 each (a credit
  line), sold offline too;
- the payment method ``voucher``, whose fields are its number (kept) and a PIN (dropped);
- its part of the cart (``plugin_data["bottles"]``): ``codes`` (``2FOR1`` makes the second
  croissant of a line free, ``pos_price_line``) and ``delivery`` (a 5.00 surcharge at 20 %,
  ``pos_adjust_cart``);
- its till pricing module (``static/pricing.js``), mirroring the deposit and the delivery;
- till actions: "Bottles back" (``static/back.js``, a ``bottles_back`` line) and
  "Delivery" (``static/delivery.js``, ``plugin_data["bottles"]["delivery"]``);
- the journal kind ``bottles_back``: every sale that takes bottles back is journaled;
- ``pos_sale_validate`` (customer 666 may not buy), ``pos_sale_completing`` (a ticket on
  each deposit line; 99 bottles break the machine), ``pos_refund_completing``, the
  after-commit hooks, and a receipt section.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from marshmallow import Schema, fields, validate

from core.plugins import (
    AddedLine,
    Adjustment,
    AssetFolders,
    CartData,
    JournalKind,
    LineKind,
    LinePrice,
    PaymentMethod,
    PluginInfo,
    Problem,
    ReceiptRow,
    ReceiptSection,
    Rejected,
    SettingsSchema,
    Surcharge,
    TillAction,
    TillPricing,
    append_journal_entry,
    get_sale,
    hookimpl,
)

HERE = Path(__file__).parent
plugin_info = PluginInfo(name="bottles", title="Bottles", description="Deposits and bottle returns")

DEPOSIT = 25
DELIVERY = 500
#: What the after-commit hooks saw, for the tests.
EVENTS: list[str] = []
REFUNDS: list[str] = []


class BottlesSettings(Schema):
    #: Products sold in a returnable bottle.
    deposit_skus = fields.List(fields.String(), load_default=lambda: ["BEER", "BOI-004"])


class CartSchema(Schema):
    codes = fields.List(fields.String(validate=validate.Length(1, 16)), load_default=list)
    delivery = fields.Boolean(load_default=False)


class BottlesBackSchema(Schema):
    bottles = fields.Integer(required=True, strict=True, validate=validate.Range(1, 100))


class BottlesBack(LineKind):
    code = "bottles_back"
    title = "Bottles returned"
    schema = BottlesBackSchema
    works_offline = True

    def build(self, payload, store):
        if payload["bottles"] == 13:
            raise Rejected("13 bottles bring bad luck", code="unlucky")
        return LinePrice(
            name=f"Bottles returned x{payload['bottles']}",
            unit_price=-DEPOSIT * payload["bottles"],
            tax_rate=Decimal("0"),
            sku="BOTTLES-BACK",
            data={"bottles": payload["bottles"]},
        )


class VoucherFields(Schema):
    number = fields.String(
        required=True,
        validate=validate.Regexp(r"^V-\d{4}$", error="a voucher number is V- and 4 digits"),
        metadata={"label": "Voucher number", "keep": "keep"},
    )
    pin = fields.String(
        required=True,
        validate=validate.Length(4, 4),
        metadata={"label": "PIN", "keep": "drop", "input": "password"},
    )


class VoucherRefundFields(Schema):
    number = fields.String(
        load_default=None,
        validate=validate.Regexp(r"^V-\d{4}$"),
        metadata={"label": "Voucher number", "keep": "keep"},
    )


class Voucher(PaymentMethod):
    """Paper vouchers of the shop: the number is printed, the PIN is checked and dropped."""

    code = "voucher"
    title = "Voucher"
    works_offline = True
    fields = VoucherFields
    refund_fields = VoucherRefundFields

    def validate(self, tender, cart, store):
        if tender.fields["pin"] != tender.fields["number"][-4:][::-1]:
            return [Problem("voucher_pin", "wrong PIN for this voucher", "pin")]
        return []

    def apply(self, tender, sale):
        tender.data["checked"] = tender.fields["number"]

    def reverse(self, tender, refund):
        tender.data["credited"] = tender.fields.get("number") or "a new voucher"


@hookimpl
def pos_register_settings():
    return [SettingsSchema("bottles", BottlesSettings, "Bottles")]


@hookimpl
def pos_register_line_kinds():
    return [BottlesBack()]


@hookimpl
def pos_register_payment_methods():
    return [Voucher()]


@hookimpl
def pos_register_cart_data():
    return [CartData("bottles", CartSchema)]


@hookimpl
def pos_register_till_pricing():
    return [TillPricing("/static/plugins/bottles/pricing.js")]


@hookimpl
def pos_register_till_actions():
    return [
        TillAction("bottles.back", "Bottles back", "sales.sell", "/static/plugins/bottles/back.js"),
        TillAction(
            "bottles.delivery", "Delivery", "sales.sell", "/static/plugins/bottles/delivery.js"
        ),
    ]


@hookimpl
def pos_register_assets():
    return [AssetFolders("bottles", static=str(HERE / "static"))]


def _rebuild_bottles_back(reference):
    sale = get_sale(reference)
    if sale is None:
        return None
    return {"bottles": sum(line.data.get("bottles", 0) for line in sale.lines)}


@hookimpl
def pos_register_journal_kinds():
    return [JournalKind("bottles_back", _rebuild_bottles_back)]


@hookimpl
def pos_add_lines(cart, store):
    from core.plugins import get_settings

    bottled = set(get_settings("bottles")["deposit_skus"])
    return [
        AddedLine(
            "deposit",
            "Deposit",
            DEPOSIT,
            Decimal("0"),
            line.quantity,
            sku="DEPOSIT",
            for_line=line.key,
        )
        for line in cart.lines
        if line.product is not None and line.product.sku in bottled
    ]


@hookimpl
def pos_price_line(line, cart, store):
    codes = cart.plugin_data.get("bottles", {}).get("codes", [])
    if line.sku == "CROISSANT" and "2FOR1" in codes and line.quantity >= 2:
        return [Adjustment(amount=line.unit_price, label="2 for 1", source="bottles")]
    return None


@hookimpl
def pos_adjust_cart(cart, store):
    if cart.plugin_data.get("bottles", {}).get("delivery"):
        return [Surcharge("Delivery", "bottles", Decimal("20"), amount=DELIVERY)]
    return None


@hookimpl
def pos_sale_validate(cart, store, actor):
    if cart.customer_id == 666:
        return [Problem("banned", "this customer may not buy", "customer_id")]
    return None


@hookimpl
def pos_sale_completing(sale, cart, store):
    back = sum(line.data.get("bottles", 0) for line in sale.lines)
    if back == 99:
        raise RuntimeError("the bottle machine is broken")
    for line in sale.lines:
        if line.kind == "deposit":
            line.data["ticket"] = f"D-{sale.number}"
    if back:
        append_journal_entry(sale.register_id, "bottles_back", sale.id, {"bottles": back})


@hookimpl
def pos_refund_completing(refund, sale, store):
    if refund.reason == "refuse me":
        raise Rejected("the bottle shop refuses this refund", code="no_refund")


@hookimpl
def pos_sale_completed(event_id, sale):
    EVENTS.append(f"{event_id}:{sale.id}")


@hookimpl
def pos_refund_completed(event_id, refund):
    REFUNDS.append(f"{event_id}:{refund.id}:{refund.sale.id}")


@hookimpl
def pos_receipt_sections(sale, store):
    deposits = [line for line in sale.lines if line.kind == "deposit"]
    if not deposits:
        return None
    bottles = sum(line.quantity for line in deposits)
    return [ReceiptSection("Deposit", (ReceiptRow("Bottles", str(bottles)),))]


@hookimpl
def pos_refund_receipt_sections(refund, store):
    kinds = {line.id: line.kind for line in refund.sale.lines}
    back = sum(line.total for line in refund.lines if kinds[line.sale_line_id] == "deposit")
    if not back:
        return None
    return [ReceiptSection("Deposit", (ReceiptRow("Deposit refunded", str(back)),))]
