"""Finding installed plugins: the ``comptoir.plugins`` entry points (bundled and
third-party alike) plus ``EXTRA_PLUGINS`` from the configuration."""

from __future__ import annotations

import importlib
import importlib.metadata
import logging

from .errors import PluginError
from .info import InstalledPlugin, PluginInfo

ENTRY_POINT_GROUP = "comptoir.plugins"
log = logging.getLogger("comptoir.plugins")


def _load(name: str, module_path: str, version: str, distribution: str | None):
    module = importlib.import_module(module_path)
    info = getattr(module, "plugin_info", None)
    if not isinstance(info, PluginInfo):
        raise PluginError(f"plugin module {module_path} has no plugin_info = PluginInfo(...)")
    if info.name != name:
        raise PluginError(f"entry point {name!r} points at plugin {info.name!r}")
    return InstalledPlugin(info=info, module=module, version=version, distribution=distribution)


def discover(extra: str = "") -> dict[str, InstalledPlugin]:
    """Every installed plugin by name. A plugin that fails to import is logged and left
    out, so that one broken package cannot stop the shop."""
    found: dict[str, InstalledPlugin] = {}
    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        dist = ep.dist
        try:
            found[ep.name] = _load(
                ep.name, ep.value, dist.version if dist else "0", dist.name if dist else None
            )
        except Exception:
            log.exception("plugin %r could not be loaded; it is left out", ep.name)
    for item in filter(None, (part.strip() for part in extra.split(","))):
        name, _, module_path = item.partition("=")
        found[name] = _load(name, module_path, "0", None)
    return dict(sorted(found.items()))


def dependency_order(names: set[str], installed: dict[str, InstalledPlugin]) -> list[str]:
    """``names`` with each plugin after its dependencies, and after its optional ones that
    are among ``names`` too, ties broken by name so that every worker registers plugins in
    the same order. Raises :class:`PluginError` on a cycle or a missing dependency."""
    order: list[str] = []
    state: dict[str, str] = {}

    def visit(name: str, chain: tuple[str, ...]) -> None:
        if state.get(name) == "done":
            return
        if state.get(name) == "visiting":
            raise PluginError("dependency cycle: " + " -> ".join((*chain, name)))
        if name not in installed:
            raise PluginError(f"{chain[-1] if chain else name!r} needs {name!r}, not installed")
        state[name] = "visiting"
        info = installed[name].info
        for dep in sorted(info.depends):
            visit(dep, (*chain, name))
        # An optional plugin is waited for only when it is enabled as well.
        for dep in sorted(set(info.optional) & names):
            visit(dep, (*chain, name))
        state[name] = "done"
        order.append(name)

    for name in sorted(names):
        visit(name, ())
    return order


def dependents(name: str, among: set[str], installed: dict[str, InstalledPlugin]) -> set[str]:
    """The plugins of ``among`` that need ``name``, directly or not."""
    result: set[str] = set()
    changed = True
    while changed:
        changed = False
        for other in among - result - {name}:
            deps = set(installed[other].info.depends) if other in installed else set()
            if name in deps or deps & result:
                result.add(other)
                changed = True
    return result
