"""The receipts' registrations: their API (and, by import, the ``duplicate`` journal kind)."""

from ..plugins.markers import hookimpl
from .api import api


@hookimpl
def pos_register_api():
    return [api]
