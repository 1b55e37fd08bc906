"""Calling hooks one plugin at a time, so that a failure is attributed and contained.

pluggy stops at the first exception and does not say whose it was. Comptoir needs both
to apply the failure policies of ``hookspecs``: the implementations are taken from pluggy
(order, ``tryfirst``/``trylast``, validation) and called here one by one.
"""

from __future__ import annotations

import logging
import typing as t

import pluggy

from .errors import HookFailed, Rejected

log = logging.getLogger("comptoir.plugins")


class Hooks:
    """The hook callers of one runtime."""

    def __init__(self, pm: pluggy.PluginManager):
        self._pm = pm
        self._cache: dict[str, list[tuple[str, t.Callable, tuple[str, ...]]]] = {}

    def implementations(self, hook: str) -> list[tuple[str, t.Callable, tuple[str, ...]]]:
        """``(plugin name, function, argument names)`` in call order (as pluggy would)."""
        impls = self._cache.get(hook)
        if impls is None:
            caller = getattr(self._pm.hook, hook)
            impls = [
                (impl.plugin_name, impl.function, tuple(impl.argnames))
                for impl in reversed(caller.get_hookimpls())
            ]
            self._cache[hook] = impls
        return impls

    def implemented_by(self, hook: str) -> list[str]:
        return [name for name, _, _ in self.implementations(hook)]

    def call(self, hook: str, **kwargs: t.Any) -> list[tuple[str, t.Any]]:
        """Call every implementation; an exception is re-raised as :class:`HookFailed`
        naming the plugin, except :class:`Rejected`, which passes through with the plugin
        recorded on it. ``None`` results are dropped."""
        results = []
        for plugin, function, argnames in self.implementations(hook):
            try:
                result = function(*[kwargs[name] for name in argnames])
            except Rejected as exc:
                exc.plugin = plugin
                raise
            except Exception as exc:
                raise HookFailed(plugin, hook, exc) from exc
            if result is not None:
                results.append((plugin, result))
        return results

    def call_one(self, plugin_name: str, hook: str, **kwargs: t.Any) -> t.Any:
        """Call one plugin's implementation (outbox deliveries); raises what it raises."""
        for plugin, function, argnames in self.implementations(hook):
            if plugin == plugin_name:
                return function(*[kwargs[name] for name in argnames])
        raise LookupError(f"plugin {plugin_name!r} does not implement {hook}")

    def collect(self, hook: str, **kwargs: t.Any) -> list[t.Any]:
        """Concatenate list results of every plugin (registration and pure hooks)."""
        items: list[t.Any] = []
        for _plugin, result in self.call(hook, **kwargs):
            items.extend(result)
        return items

    def seed(self, demo: bool) -> None:
        """Call ``pos_seed`` in registration order (the core first, then plugins in
        dependency order), so that a plugin's data can rely on the core's."""
        for plugin, function, argnames in reversed(self.implementations("pos_seed")):
            try:
                function(*[{"demo": demo}[name] for name in argnames])
            except Exception as exc:
                raise HookFailed(plugin, "pos_seed", exc) from exc

    def present(self, hook: str, **kwargs: t.Any) -> list[t.Any]:
        """Presentation hooks: a failing plugin's part is left out and logged."""
        items: list[t.Any] = []
        for plugin, function, argnames in self.implementations(hook):
            try:
                result = function(*[kwargs[name] for name in argnames])
            except Exception:
                log.exception("plugin %r failed in %s; its part is left out", plugin, hook)
                continue
            if result:
                items.extend(result)
        return items
