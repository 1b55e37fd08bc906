"""A plugin that depends on alpha and records the hooks called on it."""

from core.plugins import Permission, PluginInfo, hookimpl

plugin_info = PluginInfo(name="beta", title="Beta", depends=("alpha",))

CALLS: list[str] = []


@hookimpl
def pos_register_permissions():
    CALLS.append("pos_register_permissions")
    return [Permission("beta.use", "Use beta")]
