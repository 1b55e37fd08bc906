"""Enabling and disabling plugins: dependencies first, migrations before the switch,
and a generation bump so that every worker rebuilds its runtime."""

from __future__ import annotations

import logging
import typing as t

from ..db import db
from .discovery import dependency_order, dependents
from .errors import DependencyError, UnknownPlugin
from .state import enabled_names, set_enabled

log = logging.getLogger("comptoir.plugins")


def describe_plugins(app: t.Any) -> list[dict[str, t.Any]]:
    """Every installed plugin: name, version, title, description, enabled, depends, broken."""
    enabled = enabled_names()
    runtime = app.comptoir_host.runtimes.current()
    return [
        {
            "name": plugin.name,
            "version": plugin.version,
            "title": plugin.info.title,
            "description": plugin.info.description,
            "enabled": plugin.name in enabled,
            "depends": list(plugin.info.depends),
            "broken": runtime.broken.get(plugin.name),
        }
        for plugin in app.comptoir_host.installed.values()
    ]


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
                f"cannot disable {name!r}: {', '.join(blocking)} depend on it; disable "
                "them first or together"
            )
    set_enabled(targets, False)
    db.session.commit()
    host.runtimes.refresh()
    log.info("disabled plugins: %s", ", ".join(sorted(targets)))
    return sorted(targets)
