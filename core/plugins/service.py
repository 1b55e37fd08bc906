"""Enabling and disabling plugins: dependencies first, migrations before the switch,
and a generation bump so that every worker rebuilds its runtime."""

from __future__ import annotations

import functools
import importlib.metadata
import logging
import typing as t
from dataclasses import dataclass

from flask_babel import gettext as _

from ..audit.services import record as audit
from ..db import db
from .discovery import dependency_order, dependents
from .errors import DependencyError, UnknownPlugin
from .state import enabled_names, set_enabled

log = logging.getLogger("comptoir.plugins")


@functools.cache
def _author(distribution: str | None) -> str:
    """The author named in a distribution's metadata, or ``""``."""
    if not distribution:
        return ""
    try:
        metadata = importlib.metadata.metadata(distribution)
    except importlib.metadata.PackageNotFoundError:
        return ""
    for key in ("Author", "Author-email", "Maintainer", "Maintainer-email"):
        value = metadata.get(key)
        if value and value.strip().upper() != "UNKNOWN":
            return value.strip()
    return ""


def describe_plugins(app: t.Any) -> list[dict[str, t.Any]]:
    """Every installed plugin: name, version, title, description, author, enabled,
    depends, dependents (installed plugins that need it, directly or not), broken and
    whether it has settings."""
    enabled = enabled_names()
    runtime = app.comptoir_host.runtimes.current()
    installed = app.comptoir_host.installed
    return [
        {
            "name": plugin.name,
            "version": plugin.version,
            "title": str(plugin.info.title),
            "description": str(plugin.info.description),
            "author": _author(plugin.distribution),
            "enabled": plugin.name in enabled,
            "depends": list(plugin.info.depends),
            "optional": list(plugin.info.optional),
            "dependents": sorted(dependents(plugin.name, set(installed), installed)),
            "broken": runtime.broken.get(plugin.name),
            "has_settings": plugin.name in runtime.settings_schemas,
        }
        for plugin in installed.values()
    ]


@dataclass(frozen=True)
class PluginChange:
    """What enabling or disabling a plugin switches, for the person to confirm first.

    :param also: the other plugins switched with it: the dependencies enabled first, or
        the enabled dependents disabled together.
    """

    name: str
    enable: bool
    also: tuple[str, ...]

    @property
    def names(self) -> list[str]:
        return [self.name, *self.also]


def plan_change(app: t.Any, name: str, enable: bool) -> PluginChange:
    """What :func:`enable_plugins` or :func:`disable_plugins` would switch for ``name``.

    :raise UnknownPlugin: not installed.
    :raise PluginError: a dependency missing or a cycle (enabling).
    """
    _check_installed(app, [name])
    installed = app.comptoir_host.installed
    enabled = enabled_names()
    if enable:
        order = dependency_order({name}, installed)
        also = tuple(other for other in order if other != name and other not in enabled)
    else:
        also = tuple(sorted(dependents(name, enabled - {name}, installed)))
    return PluginChange(name, enable, also)


def _check_installed(app: t.Any, names: t.Iterable[str]) -> None:
    for name in names:
        if name not in app.comptoir_host.installed:
            raise UnknownPlugin(name)


def enable_plugins(app: t.Any, names: t.Iterable[str]) -> list[str]:
    """Enable ``names`` and what they depend on; returns the plugins newly enabled, in the
    order they were switched on. Their migrations run first: if one fails, nothing is
    enabled."""
    from ..auth.services import ensure_builtin_roles
    from ..migrate import branch_of, upgrade

    host = app.comptoir_host
    names = list(names)
    _check_installed(app, names)
    installed = host.installed
    order = dependency_order(set(names), installed)  # includes the dependencies
    already = enabled_names()
    new = [name for name in order if name not in already]
    if not new:
        return []
    db.session.commit()  # migrations use their own connection
    upgrade(host, [name for name in new if branch_of(host, name)])
    set_enabled(set(new), True)
    audit("plugins.enable", "plugins", {"enabled": new})
    db.session.commit()
    runtime = host.runtimes.refresh()
    # Default grants of the newly enabled plugins go to the built-in roles.
    ensure_builtin_roles(
        permission
        for permission in runtime.permissions.values()
        if permission.code.split(".", 1)[0] in new
    )
    db.session.commit()
    for name in new:
        if name in runtime.hooks.implemented_by("pos_seed"):
            runtime.hooks.call_one(name, "pos_seed", demo=False, language=None)
    db.session.commit()
    log.info("enabled plugins: %s", ", ".join(new))
    return new


def disable_plugins(app: t.Any, names: t.Iterable[str]) -> list[str]:
    """Disable ``names``; refused while an enabled plugin outside ``names`` depends on one
    of them. Their data stays; enabling them again brings it back."""
    host = app.comptoir_host
    names = set(names)
    _check_installed(app, names)
    enabled = enabled_names()
    targets = names & enabled
    if not targets:
        return []
    for name in sorted(targets):
        blocking = sorted(dependents(name, enabled - names, host.installed))
        if blocking:
            raise DependencyError(
                _(
                    "cannot disable %(name)r: %(names)s depend on it; disable "
                    "them first or together",
                    name=name,
                    names=", ".join(blocking),
                )
            )
    set_enabled(targets, False)
    audit("plugins.disable", "plugins", {"disabled": sorted(targets)})
    db.session.commit()
    host.runtimes.refresh()
    log.info("disabled plugins: %s", ", ".join(sorted(targets)))
    return sorted(targets)
