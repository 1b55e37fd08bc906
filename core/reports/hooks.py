"""The reports' registrations: their API."""

from ..plugins.markers import hookimpl
from .api import api


@hookimpl
def pos_register_api():
    return [api]
