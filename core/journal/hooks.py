"""The journal's registrations with the core hooks."""

from ..plugins.info import Permission
from ..plugins.markers import hookimpl
from .api import api


@hookimpl
def pos_register_api():
    return [api]


@hookimpl
def pos_register_permissions():
    return [Permission("journal.close", "Close a day, a month or a year (signed)", ("manager",))]
