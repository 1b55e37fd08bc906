"""A plugin whose till script words come through pos_register_till_strings
(tests/test_till_strings.py)."""

from core.plugins import PluginInfo, hookimpl, lazy_gettext

plugin_info = PluginInfo(name="wording", title="Wording")


@hookimpl
def pos_register_till_strings():
    # "Cancel" is in the core's catalog: the till shows it translated.
    return {"cancel_it": lazy_gettext("Cancel"), "hello": lazy_gettext("Hello %(name)s")}
