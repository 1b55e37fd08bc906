"""Exceptions of the plugin framework."""

from __future__ import annotations

from flask_babel import gettext as _

from ..errors import Invalid


class PluginError(Exception):
    """Something about plugins the operator or the user must hear about.

    Example::

        raise PluginError("the parcel carrier's address is not set")
    """


class UnknownPlugin(PluginError):
    def __init__(self, name: str):
        super().__init__(_("no installed plugin is named %(name)r", name=name))
        self.name = name


class DependencyError(PluginError):
    """Enabling or disabling would break a dependency."""


class Rejected(Invalid):  # noqa: N818 - reads as "the cart was rejected"
    """Raised by a plugin's hook to refuse a cart, a sale or a refund, with a reason the
    cashier can read. Becomes a 422 naming the plugin (``plugin``, set by the framework).

    Example::

        @hookimpl
        def pos_sale_completing(sale, cart, store):
            if not reserve_parcel_slot(sale.id):
                raise Rejected("no parcel slot left today", code="parcel_full", field="lines")
    """

    code = "rejected"
    #: The plugin that refused; the hook callers set it.
    plugin: str | None = None

    def __init__(self, message: str, code: str = "rejected", field: str | None = None):
        super().__init__(message, code=code, field=field)
        self.field = field


class HookFailed(Exception):
    """A plugin's hook implementation raised; names the plugin and the hook."""

    def __init__(self, plugin: str, hook: str, error: BaseException):
        super().__init__(f"plugin {plugin!r} failed in {hook}: {error!r}")
        self.plugin = plugin
        self.hook = hook
        self.error = error
