"""The hook reference stays honest: generated from the docstrings, never stale, every hook
documented, in a family, and exercised by a test."""

from __future__ import annotations

import importlib
import pkgutil
import typing as t
from pathlib import Path

import pytest

from core.plugins.hookdocs import FAMILIES, HookDoc, hook_docs, render
from core.plugins.markers import PROJECT_NAME

ROOT = Path(__file__).resolve().parent.parent
HOOKS_PAGE = ROOT / "docs" / "plugins" / "hooks.md"
HOOKS = hook_docs()


def _test_plugins() -> dict[str, t.Any]:
    """The plugins the tests load, by module name: the sample plugins of tests/ and the
    ``*_plugin.py`` modules of the bundled plugins' tests."""
    modules = {
        f"sample_plugins.{info.name}": None
        for info in pkgutil.iter_modules([str(ROOT / "tests" / "sample_plugins")])
    }
    for path in (ROOT / "plugins").glob("*/tests/*_plugin.py"):
        if path.name.startswith("test_"):
            continue
        modules[".".join(path.relative_to(ROOT).with_suffix("").parts)] = None
    return {name: importlib.import_module(name) for name in sorted(modules)}


TEST_PLUGINS = _test_plugins()


def _implemented_by_test_plugins() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for module_name, module in TEST_PLUGINS.items():
        for attribute in dir(module):
            function = getattr(module, attribute)
            if callable(function) and getattr(function, f"{PROJECT_NAME}_impl", None):
                found.setdefault(attribute, []).append(module_name)
    return found


IMPLEMENTED = _implemented_by_test_plugins()


def _test_sources() -> str:
    files = [
        path
        for folder in ("tests", "plugins", "examples")
        for pattern in ("test_*.py", "conftest.py")
        for path in (ROOT / folder).rglob(pattern)
    ]
    return "\n".join(path.read_text() for path in files)


def test_every_hook_is_listed():
    assert len(HOOKS) >= 19
    assert {"pos_register_permissions", "pos_sale_completed"} <= {h.name for h in HOOKS}


def test_reference_page_is_up_to_date():
    """docs/plugins/hooks.md is what `python -m core.plugins.hookdocs` prints now."""
    assert HOOKS_PAGE.read_text() == render(), (
        "stale: run python -m core.plugins.hookdocs > docs/plugins/hooks.md"
    )


@pytest.mark.parametrize("hook", HOOKS, ids=lambda h: h.name)
def test_hook_has_a_docstring(hook: HookDoc):
    """Each hook says when it is called and what it gets or returns."""
    assert len(hook.doc) > 40, f"{hook.name} needs a docstring"


@pytest.mark.parametrize("hook", HOOKS, ids=lambda h: h.name)
def test_hook_belongs_to_a_family(hook: HookDoc):
    """Each hook sits under a `# -- <family> ---` section whose failure policy is known."""
    assert hook.family in FAMILIES, f"{hook.name} is in no known family"


@pytest.mark.parametrize("hook", HOOKS, ids=lambda h: h.name)
def test_hook_is_implemented_by_a_test_plugin(hook: HookDoc):
    """A plugin the tests load implements the hook, so some test calls it for real (a
    mention of its name in a test proves nothing)."""
    assert hook.name in IMPLEMENTED, f"no test plugin implements {hook.name}"


@pytest.mark.parametrize("module", sorted(TEST_PLUGINS))
def test_every_test_plugin_is_loaded_by_a_test(module: str):
    """Each test plugin is enabled by some test (``"name=module"`` in a marker, or its
    bundled plugin's tests)."""
    sources = _test_sources()
    assert f"={module}" in sources or f"={module.split('.')[-1]}" in sources, (
        f"no test loads {module}"
    )


def test_undocumented_hook_is_caught():
    """The checks above can fail: a spec without a docstring yields an empty doc."""
    import types

    from core.plugins.markers import hookspec

    module = types.ModuleType("fake_specs")
    source = "# -- registration ---\n\ndef pos_nothing():\n    pass\n"
    exec(compile(source, "fake_specs", "exec"), module.__dict__)
    module.pos_nothing = hookspec(module.pos_nothing)
    import inspect

    original = inspect.getsource
    inspect.getsource = lambda obj: source if obj is module else original(obj)
    try:
        (doc,) = hook_docs(module)
    finally:
        inspect.getsource = original
    assert doc.name == "pos_nothing" and doc.doc == "" and doc.family == "registration"
