"""A plugin whose till actions exercise the till's dialogs (tests/browser/test_till_dialogs.py)."""

from pathlib import Path

from core.plugins import AssetFolders, PluginInfo, TillAction, hookimpl

plugin_info = PluginInfo(
    name="tillkit", title="Till kit", description="Till actions for the dialog tests"
)

SCRIPT = "/static/plugins/tillkit/dialogs.js"


@hookimpl
def pos_register_assets():
    return [AssetFolders("tillkit", static=str(Path(__file__).parent / "static"))]


@hookimpl
def pos_register_till_actions():
    return [
        TillAction(f"tillkit.{name}", title, "sales.sell", f"{SCRIPT}?{name}", order=200 + i)
        for i, (name, title) in enumerate(
            [("ask", "Ask"), ("pick", "Pick"), ("sure", "Sure?"), ("long", "Long form")]
        )
    ]
