"""Tips: cashiers record the tips they receive; managers see them per person."""

from __future__ import annotations

from pathlib import Path

from flask_babel import lazy_gettext as _l
from marshmallow import Schema

from core.plugins import (
    AssetFolders,
    MenuItem,
    Money,
    Permission,
    PluginInfo,
    SettingsSchema,
    hookimpl,
)

# Imported with the plugin, enabled or not: its tables belong in the migrations' metadata.
from . import models  # noqa: F401

HERE = Path(__file__).parent

plugin_info = PluginInfo(
    name="tips",
    title=_l("Tips"),
    description=_l("Cashiers record the tips they receive; managers see them per person."),
    migrations="migrations",
)


class TipsSettings(Schema):
    #: A tip above this (minor units) is refused as a likely typo.
    max_amount = Money(load_default=10_000, minimum=1)


@hookimpl
def pos_register_permissions():
    return [
        Permission("tips.record", _l("Record a tip received"), ("cashier", "manager")),
        Permission("tips.view", _l("See everyone's tips"), ("manager",)),
    ]


@hookimpl
def pos_register_settings():
    return [SettingsSchema("tips", TipsSettings, _l("Tips"))]


@hookimpl
def pos_register_blueprints():
    from .views import pages

    return [pages]


@hookimpl
def pos_register_api():
    from .api import api

    return [api]


@hookimpl
def pos_register_assets():
    return [
        AssetFolders(
            "tips",
            templates=str(HERE / "templates"),
            translations=str(HERE / "translations"),
        )
    ]


@hookimpl
def pos_register_admin_menu():
    return [MenuItem(_l("Tips"), "tips.index", "tips.view", order=400, section="sales")]
