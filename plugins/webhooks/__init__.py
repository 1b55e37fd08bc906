"""Webhooks (being built)."""

from core.plugins import PluginInfo

plugin_info = PluginInfo(name="webhooks", title="Webhooks")
