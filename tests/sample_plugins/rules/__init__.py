"""A plugin implementing every in-request hook (pure and transactional) so that the
failure policies can be tested without the sales engine.

Each implementation looks at the value it is given: ``"reject"`` raises
:class:`~core.plugins.Rejected`, ``"crash"`` raises a bug, anything else passes. Its API
endpoint ``POST /api/v1/rules/run`` calls one hook the way the core does: pure hooks
before any write, transactional ones after a business row is written and before commit.
"""

from __future__ import annotations

import sqlalchemy as sa
from marshmallow import Schema, fields, validate

from core.plugins import (
    ApiBlueprint,
    Permission,
    PluginInfo,
    ReceiptRow,
    ReceiptSection,
    Rejected,
    ReportSection,
    call_hook,
    db,
    hookimpl,
    write_transaction,
)
from core.stock.models import Location

plugin_info = PluginInfo(name="rules", title="Rules", description="Refuses or crashes on demand")

PURE_HOOKS = ("pos_price_line", "pos_adjust_cart", "pos_sale_validate")
TRANSACTIONAL_HOOKS = ("pos_sale_completing", "pos_refund_completing")
#: The code of the business row the transactional driver writes before calling the hook.
PROBE_LOCATION = "rules-probe"


def _act(value):
    if value == "reject":
        raise Rejected("refused by the rules", code="rules_refused", field="lines")
    if value == "crash":
        raise RuntimeError("a bug in the rules")
    return None


@hookimpl
def pos_price_line(line, cart, store):
    return _act(line)


@hookimpl
def pos_adjust_cart(cart, store):
    return _act(cart)


@hookimpl
def pos_sale_validate(cart, store, actor):
    return _act(cart)


@hookimpl
def pos_sale_completing(sale, cart, store):
    _act(sale)


@hookimpl
def pos_refund_completing(refund, sale, store):
    _act(refund)


@hookimpl
def pos_receipt_sections(sale, store):
    return [ReceiptSection("Rules", (ReceiptRow("checked", "yes"),))]


@hookimpl
def pos_report_sections(report, params):
    return [ReportSection("rules", "Rules", ("rule",), (("checked",),))]


@hookimpl
def pos_session_report_sections(session, report, store):
    return [ReportSection("rules", "Rules", ("rule",), (("checked",),), note="Checked.")]


@hookimpl
def pos_register_permissions():
    return [Permission("rules.run", "Run the rules driver")]


class RunSchema(Schema):
    hook = fields.String(required=True, validate=validate.OneOf(PURE_HOOKS + TRANSACTIONAL_HOOKS))
    mode = fields.String(required=True, validate=validate.OneOf(["ok", "reject", "crash"]))


api = ApiBlueprint("rules_api", __name__, tag="rules")


@api.endpoint("/rules/run", methods=["POST"], permission="rules.run", body=RunSchema)
def run(body):
    """Call one hook with ``mode`` as every argument, as the sales engine would."""
    hook, mode = body["hook"], body["mode"]
    argnames = {
        "pos_price_line": ("line", "cart", "store"),
        "pos_adjust_cart": ("cart", "store"),
        "pos_sale_validate": ("cart", "store", "actor"),
        "pos_sale_completing": ("sale", "cart", "store"),
        "pos_refund_completing": ("refund", "sale", "store"),
    }[hook]
    if hook in TRANSACTIONAL_HOOKS:
        write_transaction()
        db.session.add(Location(code=PROBE_LOCATION, name="Probe"))
        db.session.flush()
    call_hook(hook, **{name: mode for name in argnames})
    db.session.commit()
    written = db.session.scalar(sa.select(sa.func.count()).where(Location.code == PROBE_LOCATION))
    return {"called": hook, "written": written}


@hookimpl
def pos_register_api():
    return [api]
