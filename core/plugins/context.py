"""Access to the runtime serving the current request or command, and the calls plugins
make through it."""

from __future__ import annotations

import typing as t

from flask import current_app

from ..stores.settings import StoreSettings, current_store
from .runtime import Runtime


def current_runtime() -> Runtime:
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    runtime = app.extensions.get("comptoir.runtime")
    if runtime is None:  # the host app (command line, tests): its current runtime
        runtime = app.comptoir_host.runtimes.current()
    return runtime


def plugin_enabled(name: str) -> bool:
    """Whether the plugin ``name`` is enabled (and working) now: for a plugin that does
    more when another one is on, without depending on it.

    Example::

        if plugin_enabled("crm") and sale.customer_id is not None:
            ...
    """
    return current_runtime().is_enabled(name)


def call_hook(hook: str, **kwargs: t.Any) -> list[t.Any]:
    """Call a hook a plugin offers to others (declared in its ``PluginInfo.hookspecs``)
    through pluggy, wrappers included: the results that are not ``None``, in call order.
    A failing implementation raises :class:`~core.plugins.errors.HookFailed` naming its
    plugin (a 500 in a request); a :class:`~core.plugins.Rejected` passes through with the
    plugin set (a 422).

    Example, the crm plugin asking whether a customer may be erased::

        refusals = call_hook("crm_erase_refused", customer=customer)
    """
    return current_runtime().hooks.call(hook, **kwargs)


def present_hook(hook: str, **kwargs: t.Any) -> list[t.Any]:
    """As :func:`call_hook`, for hooks that add to what is shown: a failing
    implementation is logged and left out, the others' results still come.

    Example, extra fields for a customer page::

        for extra in present_hook("crm_customer_fields", customer=customer):
            fields.update(extra)
    """
    return current_runtime().hooks.present_results(hook, **kwargs)


def register_store(register_id: int) -> StoreSettings:
    """The store settings of a register's shop: what a plugin answers to
    ``pos_store_of_register``, else the shop-wide settings.

    Example, a plugin printing the shop's address::

        store = register_store(sale.register_id)
        address = store.values["address"]
    """
    store = current_store()
    hooks = current_runtime().hooks
    if not hooks.has("pos_store_of_register"):
        return store
    # A firstresult hook: pluggy answers the first plugin's value, not a list.
    answer = hooks.call("pos_store_of_register", register_id=register_id, store=store)
    return store if answer is None else answer
