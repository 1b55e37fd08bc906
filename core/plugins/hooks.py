"""The plugin framework's own endpoints and permissions, through its own hooks; and the
core's message catalog, declared as a plugin declares its own."""

from pathlib import Path

from .api import api
from .info import AssetFolders
from .markers import hookimpl

#: The core's catalogs (``<lang>/LC_MESSAGES/messages.mo``), kept by tools/catalogs.py.
CORE_CATALOGS = Path(__file__).resolve().parents[1] / "translations"


@hookimpl
def pos_register_api():
    return [api]


@hookimpl
def pos_register_assets():
    # Flask-Babel reads the folders the assets name, and only those once one is named: the
    # core's catalog is listed first, so that a plugin's catalog adds to it (and wins on a
    # message both translate) instead of replacing it.
    return [AssetFolders("core", translations=str(CORE_CATALOGS))]
