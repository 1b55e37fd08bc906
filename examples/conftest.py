"""Each folder of ``examples/`` is a plugin package of its own. Its tests need it installed
(``pip install -e examples/<name>``): ``.ci/run`` installs them and sets
``COMPTOIR_REQUIRE_EXAMPLES=1``, which turns a missing one into an error. A plain ``pytest``
on a machine without them leaves their folders out and says so in the header."""

from __future__ import annotations

import configparser
import importlib.metadata
import os
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def _distribution_name(folder: Path) -> str | None:
    parser = configparser.ConfigParser()
    parser.read(folder / "setup.cfg")
    return parser.get("metadata", "name", fallback=None)


def _missing() -> dict[str, str]:
    missing = {}
    for folder in sorted(p for p in HERE.iterdir() if (p / "setup.cfg").exists()):
        name = _distribution_name(folder)
        try:
            importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            missing[folder.name] = name
    return missing


MISSING = _missing()
if MISSING and os.environ.get("COMPTOIR_REQUIRE_EXAMPLES"):
    raise pytest.UsageError(
        "examples not installed: "
        + ", ".join(f"pip install -e examples/{folder}" for folder in MISSING)
    )
collect_ignore = list(MISSING)


def pytest_report_header(config: pytest.Config) -> list[str]:
    if not MISSING:
        return []
    return [f"examples not installed, not collected: {', '.join(MISSING)}"]
