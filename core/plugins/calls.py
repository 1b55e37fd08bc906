"""Calling hooks through pluggy, with every failure attributed to its plugin.

pluggy orders the implementations (``tryfirst``/``trylast``, registration order), runs the
wrappers (``wrapper=True`` and old-style ``hookwrapper=True``) around them exactly as its
documentation says, and stops at the first exception without saying whose it was. Comptoir
needs the name for every failure policy of ``hookspecs``, so each plugin is registered
through a *proxy* (:func:`plugin_proxy`) whose hook functions call the plugin's own and,
when it raises:

- re-raise a :class:`~core.plugins.errors.Rejected` with ``plugin`` set (a 422 naming it);
- re-raise anything else as :class:`~core.plugins.errors.HookFailed` naming the plugin and
  the hook (a 500, a rolled back sale, a failed outbox delivery, a broken registration);
- under the *leave out* policy of presentation hooks, log it and answer ``None``, so that
  the other plugins' parts are still there.

:class:`~core.plugins.info.Problem` results are stamped with the plugin that returned them.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import logging
import types
import typing as t
from collections.abc import Mapping
from contextvars import ContextVar

import pluggy

from .errors import HookFailed, Rejected
from .info import Problem
from .markers import PROJECT_NAME

log = logging.getLogger("comptoir.plugins")

_MARKER = f"{PROJECT_NAME}_impl"
#: True while a presentation hook is called: failures are logged and left out.
_LEAVE_OUT: ContextVar[bool] = ContextVar("comptoir_leave_out", default=False)
#: While collecting a registration hook: ``(plugin, result)`` as each implementation answers.
_ANSWERS: ContextVar[list[tuple[str, t.Any]] | None] = ContextVar(
    "comptoir_hook_answers", default=None
)


def _attributed_error(plugin: str, hook: str, error: Exception) -> Exception:
    """The exception to raise for ``error`` raised in ``plugin``'s ``hook``."""
    if isinstance(error, HookFailed):
        return error  # another plugin's, passing through a wrapper
    if isinstance(error, Rejected):
        if getattr(error, "plugin", None) is None:
            error.plugin = plugin
        return error
    return HookFailed(plugin, hook, error)


def _stamped(plugin: str, result: t.Any) -> t.Any:
    """Problems returned by a validation hook carry the plugin that found them."""
    if isinstance(result, list) and any(isinstance(item, Problem) for item in result):
        return [
            dataclasses.replace(item, plugin=plugin)
            if isinstance(item, Problem) and item.plugin is None
            else item
            for item in result
        ]
    return result


def attributed(plugin: str, hook: str, function: t.Callable) -> t.Callable:
    """``function`` (an implementation of ``hook`` by ``plugin``) with its failures
    attributed; a generator function (a wrapper) stays one, as pluggy requires."""
    if inspect.isgeneratorfunction(function):

        @functools.wraps(function)
        def wrapper(*args: t.Any) -> t.Generator[t.Any, t.Any, t.Any]:
            try:
                return (yield from function(*args))
            except Exception as error:
                raise _attributed_error(plugin, hook, error) from error

        return wrapper

    @functools.wraps(function)
    def implementation(*args: t.Any) -> t.Any:
        try:
            result = function(*args)
        except Exception as error:
            failure = _attributed_error(plugin, hook, error)
            if _LEAVE_OUT.get() and isinstance(failure, HookFailed):
                log.error(
                    "plugin %r failed in %s; its part is left out", plugin, hook, exc_info=error
                )
                return None
            raise failure from error
        answers = _ANSWERS.get()
        if answers is not None and result is not None:
            answers.append((plugin, result))
        return _stamped(plugin, result)

    return implementation


def plugin_proxy(name: str, module: t.Any) -> types.ModuleType:
    """What is registered with pluggy for the plugin ``name``: a module holding its hook
    implementations (the functions carrying the ``@hookimpl`` marker), each
    :func:`attributed`."""
    proxy = types.ModuleType(getattr(module, "__name__", name))
    for attribute in dir(module):
        function = getattr(module, attribute, None)
        if inspect.isroutine(function) and getattr(function, _MARKER, None) is not None:
            setattr(proxy, attribute, attributed(name, attribute, function))
    return proxy


class Hooks:
    """The hook callers of one runtime, one method per failure policy."""

    def __init__(self, pm: pluggy.PluginManager):
        self._pm = pm
        self._implemented: dict[str, tuple[str, ...]] = {}
        self._only: dict[tuple[str, str], t.Any] = {}

    def _caller(self, hook: str) -> t.Any:
        return getattr(self._pm.hook, hook)

    def implemented_by(self, hook: str) -> tuple[str, ...]:
        """The plugins implementing ``hook`` (wrappers aside), in call order."""
        names = self._implemented.get(hook)
        if names is None:
            impls = self._caller(hook).get_hookimpls()
            names = tuple(
                impl.plugin_name
                for impl in reversed(impls)
                if not (impl.wrapper or impl.hookwrapper)
            )
            self._implemented[hook] = names
        return names

    def has(self, hook: str) -> bool:
        """Whether any plugin implements ``hook``: a cheap test before a per-line call."""
        return bool(self.implemented_by(hook))

    def call(self, hook: str, **kwargs: t.Any) -> list[t.Any]:
        """Call ``hook`` through pluggy; the results that are not ``None``, in call order
        (as the wrappers left them). A failure raises :class:`HookFailed` naming the
        plugin, a refusal :class:`Rejected` with the plugin set."""
        return self._caller(hook)(**kwargs)

    def collect(self, hook: str, **kwargs: t.Any) -> list[t.Any]:
        """:meth:`call`, the returned lists concatenated."""
        items: list[t.Any] = []
        for result in self.call(hook, **kwargs):
            items.extend(result)
        return items

    def collect_by_plugin(self, hook: str, **kwargs: t.Any) -> list[tuple[str, t.Any]]:
        """Registration: ``(plugin, item)`` for every item of every returned list, so that a
        duplicate code can be blamed on the plugin that registered it."""
        answers: list[tuple[str, t.Any]] = []
        token = _ANSWERS.set(answers)
        try:
            results = self.call(hook, **kwargs)
        finally:
            _ANSWERS.reset(token)
        owner = {id(result): plugin for plugin, result in answers}
        wrappers = [
            impl.plugin_name
            for impl in self._caller(hook).get_hookimpls()
            if impl.wrapper or impl.hookwrapper
        ]
        pairs = []
        for result in results:
            # A list a wrapper put in place belongs to the (outermost) wrapper.
            plugin = owner.get(id(result)) or (wrappers[-1] if wrappers else "?")
            # A mapping (pos_register_till_strings) gives its (key, value) pairs.
            items = result.items() if isinstance(result, Mapping) else result
            pairs.extend((plugin, item) for item in items)
        return pairs

    def present(self, hook: str, **kwargs: t.Any) -> list[t.Any]:
        """Presentation hooks: :meth:`present_results`, the returned lists concatenated."""
        items: list[t.Any] = []
        for result in self.present_results(hook, **kwargs):
            if result:
                items.extend(result)
        return items

    def present_results(self, hook: str, **kwargs: t.Any) -> list[t.Any]:
        """The results that are not ``None``, a failing implementation's left out and
        logged. A failing wrapper is logged and the hook is called again without it."""
        token = _LEAVE_OUT.set(True)
        try:
            left_out: list[t.Any] = []
            while True:
                caller = self._caller(hook)
                if left_out:
                    caller = self._pm.subset_hook_caller(hook, left_out)
                try:
                    results = caller(**kwargs)
                    break
                except HookFailed as failure:
                    log.error(
                        "plugin %r failed in %s; its part is left out",
                        failure.plugin,
                        hook,
                        exc_info=failure.error,
                    )
                    plugin = self._pm.get_plugin(failure.plugin)
                    if plugin is None or plugin in left_out:
                        return []
                    left_out.append(plugin)
        finally:
            _LEAVE_OUT.reset(token)
        return results

    def call_one(self, plugin_name: str, hook: str, **kwargs: t.Any) -> t.Any:
        """Call one plugin's implementation through pluggy, without the others (an outbox
        delivery, a plugin's seed); its result, or ``None``."""
        if plugin_name not in self.implemented_by(hook):
            raise LookupError(f"plugin {plugin_name!r} does not implement {hook}")
        caller = self._only.get((hook, plugin_name))
        if caller is None:
            keep = self._pm.get_plugin(plugin_name)
            others = [plugin for plugin in self._pm.get_plugins() if plugin is not keep]
            caller = self._only[(hook, plugin_name)] = self._pm.subset_hook_caller(hook, others)
        results = caller(**kwargs)
        return results[0] if results else None

    def seed(self, demo: bool, language: str | None = None) -> None:
        """``pos_seed`` for each plugin in registration order (the core first, then plugins
        in dependency order), so that a plugin's data can rely on the core's."""
        for plugin in reversed(self.implemented_by("pos_seed")):
            self.call_one(plugin, "pos_seed", demo=demo, language=language)
