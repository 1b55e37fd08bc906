"""A plugin whose registration hook raises: it must be left out, the rest must start."""

from core.plugins import PluginInfo, hookimpl

plugin_info = PluginInfo(name="broken_registration", title="Broken")


@hookimpl
def pos_register_permissions():
    raise RuntimeError("boom at registration")
