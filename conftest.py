"""Run before any test module: a checkout whose package is not installed gets one clear
line instead of an ImportError from the first conftest (the fixtures, the plugins and the
test tools all come with ``pip install -e '.[test]'``, the README's command)."""

from __future__ import annotations

import importlib.metadata

import pytest

try:
    importlib.metadata.distribution("comptoir")
    import sqlalchemy  # noqa: F401 - a dependency, present when the package was installed
except (importlib.metadata.PackageNotFoundError, ImportError):
    pytest.exit(
        "Comptoir is not installed here: run  pip install -e '.[test]'  then pytest "
        "(README, 'Try it')",
        returncode=4,
    )
