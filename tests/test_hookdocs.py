"""The hook reference stays honest: generated from the docstrings, never stale, every hook
documented, in a family, and exercised by a test."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.plugins.hookdocs import FAMILIES, HookDoc, hook_docs, render

ROOT = Path(__file__).resolve().parent.parent
HOOKS_PAGE = ROOT / "docs" / "plugins" / "hooks.md"
HOOKS = hook_docs()


def _test_sources() -> str:
    """The text of every test of the repository: the core's, bundled plugins', examples'."""
    files = [
        path
        for folder in ("tests", "plugins", "examples")
        for path in (ROOT / folder).rglob("test_*.py")
        if path.name != Path(__file__).name
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
def test_hook_is_exercised_by_a_test(hook: HookDoc):
    """Some test (other than this one) names the hook."""
    assert hook.name in _test_sources(), f"no test mentions {hook.name}"


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
