"""Where themes live: a theme is a folder of ``templates`` and ``static`` files that
override the default theme's (the store's ``theme`` setting picks it)."""

from __future__ import annotations

from pathlib import Path

#: The folder of every theme (the ``themes`` package).
THEMES_ROOT = Path(__file__).resolve().parent.parent / "themes"
#: The theme that holds the core's own templates and static files.
DEFAULT_THEME = "default"
