"""Comptoir: a point-of-sale system with a small Flask core and pluggy plugins."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("comptoir")
except PackageNotFoundError:  # running from a checkout that was not pip-installed
    __version__ = "0.0.0"

from .app import create_app  # noqa: E402

__all__ = ["__version__", "create_app"]
