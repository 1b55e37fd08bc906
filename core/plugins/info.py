"""What plugins declare and return: metadata and the small value types of the hooks."""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field
from pathlib import Path

_NAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_")


@dataclass(frozen=True)
class PluginInfo:
    """A plugin's metadata, read whether or not the plugin is enabled.

    Export it as ``plugin_info`` from the module named by the plugin's entry point.

    :param name: the plugin's namespace: entry-point name, URL and API prefix, table
        prefix (``<name>_``), permission prefix and Alembic branch label.
    :param migrations: folder of the plugin's Alembic revisions (a path, or relative to
        the plugin module's folder). Metadata, not a hook: Alembic needs the scripts of
        a disabled plugin whose tables exist.
    :param hookspecs: a module of hook specifications the plugin offers to others.
    """

    name: str
    title: str
    description: str = ""
    depends: tuple[str, ...] = ()
    migrations: str | None = None
    hookspecs: t.Any = None
    visible: bool = True

    def __post_init__(self) -> None:
        if not self.name or not set(self.name) <= _NAME_CHARS or self.name[0].isdigit():
            raise ValueError(f"plugin name {self.name!r}: use lowercase letters, digits and _")


@dataclass(frozen=True)
class InstalledPlugin:
    """A plugin found on this machine, enabled or not."""

    info: PluginInfo
    module: t.Any
    version: str
    distribution: str | None

    @property
    def name(self) -> str:
        return self.info.name

    @property
    def migrations_path(self) -> Path | None:
        if not self.info.migrations:
            return None
        path = Path(self.info.migrations)
        if not path.is_absolute():
            path = Path(self.module.__file__).parent / path
        return path


@dataclass(frozen=True)
class Permission:
    """A permission code such as ``sales.refund``; plugins prefix theirs with their name."""

    code: str
    description: str
    #: Built-in roles that get it on a new install (admin gets everything anyway).
    default_roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class MenuItem:
    """An entry of the admin's menu."""

    title: str
    endpoint: str
    permission: str
    order: int = 100
    icon: str = ""


@dataclass(frozen=True)
class TillAction:
    """A button on the till's sale screen.

    :param script: URL of an ES module that exports ``run(till)``; called on click.
    """

    code: str
    title: str
    permission: str
    script: str
    order: int = 100
    hotkey: str | None = None


@dataclass(frozen=True)
class AssetFolders:
    """Template and static folders a plugin adds to the lookup (theme, then plugin, then
    core). ``static_url`` is where its static files are served, under ``/static/``."""

    name: str
    templates: str | None = None
    static: str | None = None


@dataclass(frozen=True)
class SettingsSchema:
    """A marshmallow schema for one namespace of settings stored in the database."""

    namespace: str
    schema: t.Any
    title: str = ""


@dataclass(frozen=True)
class ReceiptRow:
    label: str
    value: str = ""
    emphasis: bool = False


@dataclass(frozen=True)
class ReceiptSection:
    """A neutral block of a receipt that the core renders to text, HTML and ESC/POS.

    Plugins never emit printer bytes or markup.
    """

    title: str
    rows: tuple[ReceiptRow, ...] = ()
    order: int = 100
    barcode: str | None = None
    qr: str | None = None


@dataclass(frozen=True)
class ReportSection:
    """A titled table added to a sales report."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[t.Any, ...], ...] = ()
    order: int = 100


@dataclass(frozen=True)
class Problem:
    """Why a cart cannot be completed, as said by a validation hook (or a payment
    method's ``validate``). ``plugin`` is filled in by the core: the plugin that said so."""

    code: str
    message: str
    field: str | None = None
    plugin: str | None = None


@dataclass
class HookTrace:
    """Who answered a hook call; kept when tracing is on (debugging plugins)."""

    hook: str
    calls: list[tuple[str, float]] = field(default_factory=list)
