"""The receipts' registrations: their API, the back office's receipt preview and the
``duplicate`` journal kind."""

from ..plugins.markers import hookimpl
from .api import api
from .journal import JOURNAL_KINDS


@hookimpl
def pos_register_journal_kinds():
    return list(JOURNAL_KINDS)


@hookimpl
def pos_register_api():
    return [api]


@hookimpl
def pos_register_blueprints():
    from .views import pages

    return [pages]
