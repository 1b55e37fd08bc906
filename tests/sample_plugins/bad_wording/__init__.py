"""A plugin giving a till string a key the till cannot name (tests/test_till_strings.py)."""

from core.plugins import PluginInfo, hookimpl, lazy_gettext

plugin_info = PluginInfo(name="bad_wording", title="Bad wording")


@hookimpl
def pos_register_till_strings():
    return {"Not a key": lazy_gettext("Hello")}
