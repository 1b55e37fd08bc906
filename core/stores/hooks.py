"""The store settings, registered like any plugin's."""

from ..plugins.info import SettingsSchema
from ..plugins.markers import hookimpl
from .settings import StoreSettingsSchema


@hookimpl
def pos_register_settings():
    return [SettingsSchema("store", StoreSettingsSchema, "Store")]
