"""The reference of core.plugins stays honest: every public name is on the page, generated
from the code, with an example; and core.plugins exports its names explicitly."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import core.plugins as public
from core.plugins.reference import SECTIONS, documentation, render

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "plugins" / "reference.md"
LISTED = [name for _title, _purpose, names in SECTIONS for name in names]


def test_reference_page_is_up_to_date():
    """docs/plugins/reference.md is what `python -m core.plugins.reference` prints now."""
    assert PAGE.read_text() == render(), (
        "stale: run python -m core.plugins.reference > docs/plugins/reference.md"
    )


def test_every_public_name_is_in_one_section():
    assert sorted(LISTED) == sorted(public.__all__)
    assert len(LISTED) == len(set(LISTED))


@pytest.mark.parametrize("name", sorted(public.__all__))
def test_every_public_name_has_an_example(name):
    """Each name is documented with an example a plugin author can start from."""
    assert "Example" in documentation(name) and "::" in documentation(name), name


def test_the_public_module_exports_explicitly():
    """No lazy module __getattr__: IDEs, type checkers and readers see every name."""
    tree = ast.parse((ROOT / "core" / "plugins" / "__init__.py").read_text())
    functions = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
    assert "__getattr__" not in functions
    for name in public.__all__:
        assert hasattr(public, name), name
