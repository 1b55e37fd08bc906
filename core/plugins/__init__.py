"""What plugin authors may use: the one public module of the core for plugins.

    from core.plugins import hookimpl, PluginInfo, Permission, ApiBlueprint, require

A plugin imports nothing else from the core (an import-linter contract checks the bundled
plugins and the examples); everything else in ``core`` may change without notice. Every
name below is documented, with an example, in ``docs/plugins/reference.md``, generated
from these docstrings.

This package is also the plugin framework itself (runtime, hook callers, outbox...); those
modules are the core's, not the plugins'.
"""

from __future__ import annotations

from flask_babel import lazy_gettext

from ..api.blueprint import ApiBlueprint, json_body
from ..audit.services import record as audit
from ..auth.permissions import SIGNED_IN, has_permission, public, require
from ..auth.pins import pin_users, sign_in_by_pin, verify_pin
from ..auth.records import UserView, current_user, get_user, get_users, list_users
from ..auth.scope import AccessScope
from ..catalog.records import (
    CategoryView,
    ProductView,
    TaxRateView,
    find_product_by_barcode,
    find_product_by_sku,
    get_product,
    get_products,
    list_categories,
    list_tax_rates,
    set_product_cost,
)
from ..db import (
    Model,
    UTCDateTime,
    begin_write,
    db,
    insert_ignore,
    separate_transaction,
    utcnow,
    write_transaction,
)
from ..devices.tickets import print_ticket
from ..errors import Conflict, DomainError, Forbidden, Invalid, NotFound, TooManyAttempts
from ..fields import (
    Id,
    Money,
    Percent,
    Quantity,
    UUIDString,
    decimal_text,
    money_from_text,
    money_text,
    percent_text,
)
from ..journal.services import append_entry as append_journal_entry
from ..paging import Page
from ..receipts.records import render_sale_receipt
from ..receipts.render import format_money
from ..registers.records import CashMovementView, CashSessionView, RegisterView, list_registers
from ..reports.services import sales_report
from ..sales.additions import AddedLine, Surcharge
from ..sales.cart import Cart, CartLine
from ..sales.line_kinds import LineKind, LinePrice
from ..sales.payment_methods import PaymentMethod, Tender
from ..sales.pricing import Adjustment
from ..sales.quote import quote_sale
from ..sales.records import (
    PaymentView,
    RefundLineView,
    RefundPaymentView,
    RefundView,
    SaleLineView,
    SalesTotals,
    SaleTaxView,
    SaleView,
    find_sales,
    get_refund,
    get_sale,
    product_sales,
    sales_totals,
)
from ..settings import get_settings
from ..stock.records import (
    LocationView,
    create_location,
    get_location,
    list_locations,
    move_stock,
    stock_at,
)
from ..stores.settings import StoreSettings, current_store
from .context import call_hook, plugin_enabled, present_hook, register_store
from .errors import PluginError, Rejected
from .info import (
    AssetFolders,
    CartData,
    EventFilter,
    EventLoader,
    JournalKind,
    MenuItem,
    Permission,
    PluginInfo,
    Problem,
    ReceiptRow,
    ReceiptSection,
    RegisterGroup,
    ReportSection,
    SettingsSchema,
    TillAction,
    TillPricing,
)
from .markers import hookimpl, hookspec
from .outbox import emit as emit_event
from .scope import current_scope
from .shared_cache import SharedCache

__all__ = [
    # declaring a plugin and what it registers
    "AssetFolders",
    "CartData",
    "EventFilter",
    "EventLoader",
    "JournalKind",
    "MenuItem",
    "Permission",
    "PluginInfo",
    "ReceiptRow",
    "ReceiptSection",
    "RegisterGroup",
    "ReportSection",
    "SettingsSchema",
    "TillAction",
    "TillPricing",
    "hookimpl",
    "hookspec",
    "lazy_gettext",
    # selling
    "AddedLine",
    "Adjustment",
    "quote_sale",
    "Cart",
    "CartLine",
    "LineKind",
    "LinePrice",
    "PaymentMethod",
    "Problem",
    "StoreSettings",
    "Surcharge",
    "register_store",
    "Tender",
    # read-only views and reads
    "AccessScope",
    "CashMovementView",
    "CashSessionView",
    "CategoryView",
    "LocationView",
    "PaymentView",
    "ProductView",
    "RegisterView",
    "RefundLineView",
    "RefundPaymentView",
    "RefundView",
    "SaleLineView",
    "SaleTaxView",
    "SaleView",
    "SalesTotals",
    "TaxRateView",
    "UserView",
    "current_scope",
    "current_store",
    "current_user",
    "find_product_by_barcode",
    "find_product_by_sku",
    "find_sales",
    "get_product",
    "get_products",
    "get_refund",
    "get_sale",
    "get_settings",
    "get_user",
    "get_users",
    "list_users",
    "verify_pin",
    "pin_users",
    "sign_in_by_pin",
    "sales_report",
    "get_location",
    "list_locations",
    "list_registers",
    "stock_at",
    "list_categories",
    "list_tax_rates",
    "plugin_enabled",
    "product_sales",
    "render_sale_receipt",
    "sales_totals",
    "set_product_cost",
    # stock (goods received, moved between locations)
    "create_location",
    "move_stock",
    # errors
    "Conflict",
    "DomainError",
    "Forbidden",
    "Invalid",
    "NotFound",
    "PluginError",
    "Rejected",
    "TooManyAttempts",
    # HTTP
    "ApiBlueprint",
    "Page",
    "SIGNED_IN",
    "has_permission",
    "json_body",
    "public",
    "require",
    # data
    "Model",
    "UTCDateTime",
    "begin_write",
    "db",
    "insert_ignore",
    "utcnow",
    "separate_transaction",
    "write_transaction",
    "SharedCache",
    # values
    "Id",
    "Money",
    "Percent",
    "Quantity",
    "UUIDString",
    "decimal_text",
    "format_money",
    "money_from_text",
    "money_text",
    "percent_text",
    # hooks, journal, audit log and outbox
    "append_journal_entry",
    "audit",
    "call_hook",
    "emit_event",
    "present_hook",
    # devices
    "print_ticket",
]
