"""The plugin authors' reference of ``core.plugins``, generated from the code.

    python -m core.plugins.reference > docs/plugins/reference.md

Every name ``core.plugins`` exports is listed, in the sections below, with its signature
and its docstring, each with an example. A test fails when the page is stale, a name is
missing from a section, or a name has no example.
"""

from __future__ import annotations

import dataclasses
import inspect
import sys
import typing as t

import core.plugins as public

from .hookdocs import markdown_doc

#: The page's sections, in order: (title, what they are for, names).
SECTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "Declaring a plugin and what it registers",
        "Metadata, hook markers, and the values the registration hooks return.",
        (
            "PluginInfo",
            "hookimpl",
            "hookspec",
            "Permission",
            "SettingsSchema",
            "MenuItem",
            "AssetFolders",
            "TillAction",
            "TillPricing",
            "CartData",
            "JournalKind",
            "EventLoader",
            "EventFilter",
            "ReceiptSection",
            "ReceiptRow",
            "ReportSection",
            "RegisterGroup",
            "lazy_gettext",
        ),
    ),
    (
        "Selling",
        "Carts as the pricing hooks see them, what plugins add to them, payment methods.",
        (
            "Cart",
            "CartLine",
            "StoreSettings",
            "register_store",
            "AddedLine",
            "Adjustment",
            "Surcharge",
            "quote_sale",
            "LineKind",
            "LinePrice",
            "PaymentMethod",
            "Tender",
            "Problem",
        ),
    ),
    (
        "Read-only views and reads",
        "What hooks receive and plugins read: frozen values, never the core's models.",
        (
            "SaleView",
            "SaleLineView",
            "PaymentView",
            "SaleTaxView",
            "RefundView",
            "RefundLineView",
            "RefundPaymentView",
            "SalesTotals",
            "CashSessionView",
            "CashMovementView",
            "ProductView",
            "CategoryView",
            "TaxRateView",
            "UserView",
            "AccessScope",
            "current_scope",
            "get_sale",
            "find_sales",
            "sales_totals",
            "sales_report",
            "product_sales",
            "render_sale_receipt",
            "get_refund",
            "get_product",
            "get_products",
            "find_product_by_barcode",
            "find_product_by_sku",
            "set_product_cost",
            "list_categories",
            "list_tax_rates",
            "get_user",
            "get_users",
            "list_users",
            "verify_pin",
            "pin_users",
            "current_user",
            "current_store",
            "get_settings",
            "plugin_enabled",
        ),
    ),
    (
        "Stock",
        "Locations, levels and moves: goods received or moved between locations go into "
        "the same ledger as sales, atomically, in the caller's transaction.",
        (
            "LocationView",
            "list_locations",
            "RegisterView",
            "list_registers",
            "get_location",
            "create_location",
            "stock_at",
            "move_stock",
        ),
    ),
    (
        "Errors",
        "Services raise these; one place in the core turns them into HTTP answers.",
        (
            "DomainError",
            "Invalid",
            "NotFound",
            "Conflict",
            "Forbidden",
            "TooManyAttempts",
            "Rejected",
            "PluginError",
        ),
    ),
    (
        "Endpoints and pages",
        "Declared API endpoints, permissions and pages.",
        (
            "ApiBlueprint",
            "Page",
            "json_body",
            "require",
            "public",
            "has_permission",
            "SIGNED_IN",
            "sign_in_by_pin",
        ),
    ),
    (
        "Data",
        "Models, migrations, writing safely under concurrency, and caching what every "
        "request reads.",
        (
            "db",
            "Model",
            "UTCDateTime",
            "utcnow",
            "write_transaction",
            "separate_transaction",
            "begin_write",
            "insert_ignore",
            "SharedCache",
        ),
    ),
    (
        "Values",
        "Money, quantities and percentages in payloads and on receipts.",
        (
            "Money",
            "Quantity",
            "Percent",
            "Id",
            "UUIDString",
            "format_money",
            "decimal_text",
            "percent_text",
            "money_from_text",
            "money_text",
        ),
    ),
    (
        "Hooks of your own, the journal, the audit log and the outbox",
        "Calling the hooks a plugin offers, journaling, auditing, and after-commit events.",
        ("call_hook", "present_hook", "append_journal_entry", "audit", "emit_event"),
    ),
    (
        "Devices",
        "Printing to the shop's named printers (the kitchen's, the bar's), exactly once.",
        ("print_ticket",),
    ),
)

#: What objects that carry no docstring of their own (instances, markers) are.
NOTES: dict[str, str] = {
    "hookimpl": """Marks a function of your plugin's module as a hook implementation
(pluggy's ``HookimplMarker`` for the project ``comptoir``). Options as pluggy documents
them: ``tryfirst``, ``trylast``, ``wrapper=True`` (a generator around the other
implementations; ``result = yield``), ``hookwrapper=True`` (old-style), and
``optionalhook=True`` for a hook of a plugin that may not be installed.

Example::

    @hookimpl
    def pos_register_permissions():
        return [Permission("parcel.view", "See parcels", ("cashier", "manager"))]

    @hookimpl(wrapper=True)
    def pos_receipt_sections(sale, store):
        sections = yield
        return sections  # seen, and possibly changed, after every other plugin's
""",
    "hookspec": """Marks the specification of a hook your plugin offers to others
(pluggy's ``HookspecMarker``); put them in a module named by ``PluginInfo(hookspecs=...)``
and name them after your plugin (``parcel_*``). Call them with :func:`call_hook` or
:func:`present_hook`.

Example::

    # comptoir_parcel/hookspecs.py
    @hookspec
    def parcel_received(parcel):
        \"\"\"A parcel was handed over the counter.\"\"\"
""",
    "lazy_gettext": """Flask-Babel's ``lazy_gettext``: marks a word that is defined when
the module is imported (a permission's description, a menu title, the plugin's title, its
till scripts' words) and translates it each time it is shown, in the reader's language,
from the plugin's catalog (``AssetFolders(translations=...)``). ``%(name)s`` placeholders
are filled by keyword arguments, or by ``till.t(key, {name: value})`` in the till.

Example::

    from core.plugins import hookimpl, lazy_gettext as _l

    plugin_info = PluginInfo(name="parcel", title=_l("Parcels"))

    @hookimpl
    def pos_register_till_strings():
        # The till shows them with till.t("parcel.ask_code") and
        # till.t("parcel.handed_over", {code: "P-12"}), in the cashier's language.
        return {
            "ask_code": _l("Parcel code"),
            "handed_over": _l("Parcel %(code)s handed over"),
        }
""",
    "db": """The Flask-SQLAlchemy object: ``db.session`` is the request's (or the
command's) session. Services never commit it: an API endpoint commits when its view
returns, a page or a command after its service (see the plugin guide).

Example::

    tips = db.session.scalars(sa.select(Tip).where(Tip.user_id == user_id)).all()
""",
    "Model": """The declarative base of every table, the core's and the plugins': one
``MetaData`` with a naming convention, so Alembic can alter tables on SQLite. Name your
tables ``<plugin>_...``; money columns are ``sa.BigInteger``.

Example::

    class Tip(Model):
        __tablename__ = "tips_tip"
        id: Mapped[int] = mapped_column(primary_key=True)
        amount: Mapped[int] = mapped_column(sa.BigInteger)
        created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
""",
    "SIGNED_IN": """The permission any signed-in user holds: for a page or an endpoint
open to every user but not to the public.

Example::

    @api.endpoint("/parcel/mine", permission=SIGNED_IN, response=ParcelSchema, many=True)
    def my_parcels():
        ...
""",
}


def _signature(obj: t.Any) -> str:
    try:
        if inspect.isclass(obj) and dataclasses.is_dataclass(obj):
            fields = [
                f.name
                + (
                    ""
                    if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
                    else "=..."
                )  # noqa: E501
                for f in dataclasses.fields(obj)
                if f.init
            ]
            return f"({', '.join(fields)})"
        if inspect.isclass(obj) or inspect.isfunction(obj):
            text = str(inspect.signature(obj))
            return text.replace("'", "")
    except (TypeError, ValueError):
        pass
    return ""


def _kind(obj: t.Any) -> str:
    if inspect.isclass(obj):
        if issubclass(obj, BaseException):
            return "exception"
        return "class"
    if inspect.isfunction(obj):
        return "function"
    return "object"


def documentation(name: str) -> str:
    """What the page says of ``name``: its note, or its docstring."""
    obj = getattr(public, name)
    if name in NOTES:
        return NOTES[name].strip()
    return inspect.getdoc(obj) or ""


def render() -> str:
    out = [
        "# `core.plugins` reference",
        "",
        "<!-- Generated by `python -m core.plugins.reference`; a test fails when stale. -->",
        "",
        "Everything a plugin may use from the core, and nothing else: a plugin imports",
        "`core.plugins` only (its tests also `core.testing`), which an import-linter",
        "contract checks for the bundled plugins. The hooks are in the",
        "[hook reference](hooks.md); the till's side in [till actions](till-actions.md).",
        "",
    ]
    for title, _purpose, _names in SECTIONS:
        anchor = title.lower().replace(" ", "-").replace(",", "")
        out.append(f"- [{title}](#{anchor})")
    for title, purpose, names in SECTIONS:
        out += ["", f"## {title}", "", purpose]
        for name in names:
            obj = getattr(public, name)
            out += ["", f"### `{name}{_signature(obj)}`", "", f"*{_kind(obj)}*", ""]
            out.append(markdown_doc(documentation(name)))
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
