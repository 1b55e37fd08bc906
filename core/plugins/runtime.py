"""A runtime: the plugin manager and everything registered for one enabled-plugin set.

A runtime is immutable once built. When an enable or disable bumps the generation, each
worker builds a new runtime (and a new Flask app from it) and swaps it in; requests in
flight finish on the old one. A disabled plugin is never registered, so its hooks are
never called, by construction.
"""

from __future__ import annotations

import importlib
import logging
import re
import typing as t
from dataclasses import dataclass, field

import pluggy
import sqlalchemy as sa

from . import hookspecs
from .calls import Hooks, plugin_proxy
from .discovery import dependency_order, dependents
from .errors import HookFailed, PluginError
from .info import (
    CartData,
    EventFilter,
    EventLoader,
    InstalledPlugin,
    JournalKind,
    MenuItem,
    Permission,
    SettingsSchema,
    TillAction,
    TillPricing,
)
from .markers import PROJECT_NAME

log = logging.getLogger("comptoir.plugins")

#: A till string's key: the till reads it as "<plugin>.<key>" (core keys have no dot).
_TILL_STRING_KEY = re.compile(r"[a-z0-9_]+")

#: The core's own features, registered first, with the same hooks plugins use.
CORE_PLUGINS: tuple[str, ...] = (
    "core.stores.hooks",
    "core.auth.hooks",
    "core.stock.hooks",
    "core.registers.hooks",
    "core.devices.hooks",
    "core.catalog.hooks",
    "core.journal.hooks",
    "core.sales.hooks",
    "core.receipts.hooks",
    "core.reports.hooks",
    "core.audit.hooks",
    "core.plugins.hooks",
    "core.admin.hooks",
    "core.till.hooks",
    "core.api.hooks",
)


@dataclass
class Runtime:
    generation: int
    installed: dict[str, InstalledPlugin]
    enabled: tuple[str, ...]
    broken: dict[str, str]
    pm: pluggy.PluginManager
    hooks: Hooks
    permissions: dict[str, Permission] = field(default_factory=dict)
    settings_schemas: dict[str, SettingsSchema] = field(default_factory=dict)
    payment_methods: dict[str, t.Any] = field(default_factory=dict)
    line_kinds: dict[str, t.Any] = field(default_factory=dict)
    #: Which plugin registered each payment method and line kind (to name it on failure).
    owners: dict[str, str] = field(default_factory=dict)
    #: Plugin name -> how the till prices its lines and surcharges offline.
    till_pricing: dict[str, TillPricing] = field(default_factory=dict)
    #: Plugin name -> the schema of its part of a cart (``plugin_data``).
    cart_data: dict[str, CartData] = field(default_factory=dict)
    journal_kinds: dict[str, JournalKind] = field(default_factory=dict)
    event_loaders: dict[str, EventLoader] = field(default_factory=dict)
    #: (plugin name, hook) -> the events of the hook that plugin wants delivered.
    event_filters: dict[tuple[str, str], EventFilter] = field(default_factory=dict)
    admin_menu: list[MenuItem] = field(default_factory=list)
    till_actions: list[TillAction] = field(default_factory=list)
    #: Plugin name -> its till scripts' words (key -> lazy string), pos_register_till_strings.
    till_strings: dict[str, dict[str, t.Any]] = field(default_factory=dict)
    #: (plugin name, item) pairs, registered on the runtime's Flask app when it is built.
    blueprints: list[tuple[str, t.Any]] = field(default_factory=list)
    api_blueprints: list[tuple[str, t.Any]] = field(default_factory=list)
    assets: list[tuple[str, t.Any]] = field(default_factory=list)
    #: Every settings namespace, validated and completed with defaults (see core.settings).
    settings: dict[str, dict[str, t.Any]] = field(default_factory=dict)
    app: t.Any = None

    def is_enabled(self, name: str) -> bool:
        return name in self.enabled

    def non_revenue_kinds(self) -> tuple[str, ...]:
        """Codes of the enabled line kinds that are no revenue of the shop's (a tip):
        the sales report leaves their lines out of its revenue figures."""
        return tuple(sorted(code for code, kind in self.line_kinds.items() if not kind.revenue))

    def priced_on_server_only(self) -> tuple[str, ...]:
        """Plugins whose lines or surcharges the till cannot price offline: it refuses
        offline sales while one of them is enabled."""
        adding = set(self.hooks.implemented_by("pos_add_lines")) - set(CORE_PLUGINS)
        return tuple(
            sorted(
                name
                for name in adding | set(self.till_pricing)
                if self.till_pricing.get(name, TillPricing(None)).script is None
            )
        )


def read_enabled(engine: sa.Engine) -> tuple[int, set[str]]:
    """The generation and the enabled names, or ``(-1, set())`` before ``comptoir init``."""
    try:
        with engine.connect() as conn:
            generation = conn.execute(
                sa.text("SELECT generation FROM plugin_generation WHERE id = 1")
            ).scalar()
            names = conn.execute(sa.text("SELECT name FROM plugin_state WHERE enabled")).scalars()
            return (generation or 0), set(names)
    except (sa.exc.OperationalError, sa.exc.ProgrammingError):
        return -1, set()


def read_generation(engine: sa.Engine) -> int:
    try:
        with engine.connect() as conn:
            value = conn.execute(
                sa.text("SELECT generation FROM plugin_generation WHERE id = 1")
            ).scalar()
            return value or 0
    except (sa.exc.OperationalError, sa.exc.ProgrammingError):
        return -1


def new_plugin_manager(installed: dict[str, InstalledPlugin]) -> pluggy.PluginManager:
    pm = pluggy.PluginManager(PROJECT_NAME)
    pm.add_hookspecs(hookspecs)
    # Hooks a plugin offers others are known even while it is disabled, so that its
    # dependents' optional implementations validate.
    for plugin in installed.values():
        if plugin.info.hookspecs is not None:
            pm.add_hookspecs(plugin.info.hookspecs)
    for module_path in CORE_PLUGINS:
        pm.register(
            plugin_proxy(module_path, importlib.import_module(module_path)), name=module_path
        )
    return pm


def build_runtime(
    installed: dict[str, InstalledPlugin],
    enabled_names: set[str],
    generation: int,
    *,
    kill_switch: set[str] = frozenset(),
    strict: bool = False,
) -> Runtime:
    """Register the core and the enabled plugins and run the registration hooks.

    A plugin whose registration fails is left out with its dependents and recorded in
    ``broken`` with the reason; ``strict`` raises instead (tests).
    """
    broken: dict[str, str] = {}
    wanted = set(enabled_names)
    for name in sorted(wanted):
        if name in kill_switch:
            broken[name] = "disabled by COMPTOIR_DISABLE_PLUGINS"
        elif name not in installed:
            broken[name] = "enabled but not installed"
    wanted -= set(broken)
    for name in list(broken):
        for dependent in dependents(name, wanted, installed):
            broken.setdefault(dependent, f"needs {name}, which is not available")
    wanted -= set(broken)

    while True:
        try:
            order = dependency_order(wanted, installed)
        except PluginError as exc:
            if strict:
                raise
            # A dependency vanished (uninstalled); keep what still stands.
            missing = {n for n in wanted if set(installed[n].info.depends) - wanted}
            for name in missing:
                broken[name] = str(exc)
            wanted -= missing
            continue
        pm = new_plugin_manager(installed)
        runtime = Runtime(generation, installed, tuple(order), broken, pm, Hooks(pm))
        failed = _register_all(runtime, order, strict)
        if not failed:
            return runtime
        name, reason = failed
        if name not in wanted:
            # Only an enabled plugin can be left out; anything else would loop forever.
            raise PluginError(f"{name}: {reason}")
        log.error("plugin %r is broken and left out: %s", name, reason)
        broken[name] = reason
        for dependent in dependents(name, wanted, installed):
            broken.setdefault(dependent, f"needs {name}, which is broken")
        wanted -= {name} | dependents(name, wanted, installed)


def _register_all(runtime: Runtime, order: list[str], strict: bool) -> tuple[str, str] | None:
    """Register the plugins of ``order`` and collect what they register, or name the first
    plugin that fails."""
    pm = runtime.pm
    for name in order:
        try:
            pm.register(plugin_proxy(name, runtime.installed[name].module), name=name)
        except Exception as exc:
            if strict:
                raise
            return name, f"invalid hook implementation: {exc}"
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        if strict:
            raise
        return pm.get_name(exc.plugin) or str(exc.plugin), str(exc)

    collected: dict[str, list[tuple[str, t.Any]]] = {}
    for hook in (
        "pos_register_permissions",
        "pos_register_settings",
        "pos_register_payment_methods",
        "pos_register_line_kinds",
        "pos_register_admin_menu",
        "pos_register_till_actions",
        "pos_register_till_strings",
        "pos_register_blueprints",
        "pos_register_api",
        "pos_register_assets",
        "pos_register_till_pricing",
        "pos_register_cart_data",
        "pos_register_journal_kinds",
        "pos_register_event_loaders",
        "pos_register_event_filters",
    ):
        try:
            collected[hook] = runtime.hooks.collect_by_plugin(hook)
        except HookFailed as failure:
            if strict or failure.plugin in CORE_PLUGINS:
                raise
            return failure.plugin, f"{hook} failed: {failure.error!r}"

    # Codes are checked in registration order (the core, then plugins after their
    # dependencies) so that a duplicate is blamed on the later plugin, never on the core.
    rank = {name: index for index, name in enumerate((*CORE_PLUGINS, *order))}

    def in_registration_order(hook: str) -> list[tuple[str, t.Any]]:
        return sorted(collected.get(hook, []), key=lambda pair: rank.get(pair[0], len(rank)))

    # What is registered by a unique code: a second registration of a code is the later
    # plugin's fault.
    unique_codes = (
        ("pos_register_permissions", runtime.permissions, "code", "permission"),
        ("pos_register_settings", runtime.settings_schemas, "namespace", "settings namespace"),
        ("pos_register_payment_methods", runtime.payment_methods, "code", "payment method"),
        ("pos_register_line_kinds", runtime.line_kinds, "code", "line kind"),
        ("pos_register_journal_kinds", runtime.journal_kinds, "code", "journal kind"),
        ("pos_register_event_loaders", runtime.event_loaders, "hook", "event loader of"),
    )
    for hook, registered, attribute, what in unique_codes:
        for plugin, item in in_registration_order(hook):
            code = getattr(item, attribute)
            if code in registered:
                return plugin, f"{what} {code!r} is already registered"
            registered[code] = item
            if hook in ("pos_register_payment_methods", "pos_register_line_kinds"):
                runtime.owners[code] = plugin
    for plugin, item in in_registration_order("pos_register_event_filters"):
        if (plugin, item.hook) in runtime.event_filters:
            return plugin, f"more than one event filter of {item.hook!r}"
        runtime.event_filters[(plugin, item.hook)] = item
    for plugin, pricing in in_registration_order("pos_register_till_pricing"):
        if plugin in runtime.till_pricing:
            return plugin, "registers more than one TillPricing"
        runtime.till_pricing[plugin] = pricing
    for plugin, (key, text) in in_registration_order("pos_register_till_strings"):
        if not isinstance(key, str) or not _TILL_STRING_KEY.fullmatch(key):
            return plugin, f"till string key {key!r}: use lowercase letters, digits and _"
        runtime.till_strings.setdefault(plugin, {})[key] = text
    for plugin, data in in_registration_order("pos_register_cart_data"):
        if data.name != plugin or plugin in runtime.cart_data:
            return plugin, f"cart data {data.name!r}: one per plugin, named after it"
        runtime.cart_data[plugin] = data
    runtime.admin_menu = sorted(
        (item for _, item in collected.get("pos_register_admin_menu", [])),
        key=lambda item: (item.order, str(item.code if hasattr(item, "code") else item.endpoint)),
    )
    runtime.blueprints = collected.get("pos_register_blueprints", [])
    runtime.api_blueprints = collected.get("pos_register_api", [])
    runtime.assets = collected.get("pos_register_assets", [])
    runtime.till_actions = sorted(
        (item for _, item in collected.get("pos_register_till_actions", [])),
        key=lambda item: (item.order, str(item.code if hasattr(item, "code") else item.endpoint)),
    )
    return None
