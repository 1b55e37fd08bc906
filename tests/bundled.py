"""The bundled plugins (packages of ``plugins/`` registered as entry points), for the tests
that run the whole API with every one of them enabled: a new bundled plugin is fuzzed,
conformance-checked and translated-checked without editing a list in each test."""

from __future__ import annotations

from core.plugins.discovery import discover

#: Their names, in name order.
BUNDLED = tuple(
    name for name, found in discover().items() if found.module.__name__.startswith("plugins.")
)
