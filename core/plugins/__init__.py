"""What plugin authors may use: the one public module of the core for plugins.

    from core.plugins import hookimpl, PluginInfo, Permission, ApiBlueprint, require

Everything else in ``core`` may change without notice.
"""

from __future__ import annotations

import importlib
import typing as t

from .errors import PluginError, Rejected
from .info import (
    AssetFolders,
    MenuItem,
    Permission,
    PluginInfo,
    Problem,
    ReceiptRow,
    ReceiptSection,
    ReportSection,
    SettingsSchema,
    TillAction,
)
from .markers import hookimpl, hookspec

# Re-exported lazily: they import the web layer, which imports this package.
_LAZY = {
    "ApiBlueprint": "core.api.blueprint",
    "ApiError": "core.api.errors",
    "DomainError": "core.errors",
    "Invalid": "core.errors",
    "NotFound": "core.errors",
    "Conflict": "core.errors",
    "Forbidden": "core.errors",
    "TooManyAttempts": "core.errors",
    "json_body": "core.api.blueprint",
    "Page": "core.paging",
    "require": "core.auth.permissions",
    "public": "core.auth.permissions",
    "has_permission": "core.auth.permissions",
    "SIGNED_IN": "core.auth.permissions",
    "get_settings": "core.settings",
    "current_runtime": "core.plugins.context",
    "db": "core.db",
    "Model": "core.db",
    "UTCDateTime": "core.db",
    "utcnow": "core.db",
    "write_transaction": "core.db",
    "begin_write": "core.db",
    "insert_ignore": "core.db",
    "format_money": "core.receipts.render",
    "Money": "core.fields",
    "Quantity": "core.fields",
    "Percent": "core.fields",
    "decimal_text": "core.fields",
    "percent_text": "core.fields",
    "PaymentMethod": "core.sales.payment_methods",
    "LineKind": "core.sales.line_kinds",
    "LinePrice": "core.sales.line_kinds",
    "Adjustment": "core.sales.pricing",
}

__all__ = [
    "AssetFolders",
    "MenuItem",
    "Permission",
    "PluginError",
    "PluginInfo",
    "Problem",
    "ReceiptRow",
    "ReceiptSection",
    "Rejected",
    "ReportSection",
    "SettingsSchema",
    "TillAction",
    "hookimpl",
    "hookspec",
    *_LAZY,
]


def __getattr__(name: str) -> t.Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'core.plugins' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
