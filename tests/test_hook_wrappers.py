"""Hooks go through pluggy: wrappers (``wrapper=True`` and old-style ``hookwrapper=True``)
work as pluggy documents them, and every failure names its plugin."""

from __future__ import annotations

import logging
import types

import pytest

from core.plugins import PluginInfo, Problem, ReceiptRow, ReceiptSection, Rejected, hookimpl
from core.plugins.errors import HookFailed
from core.plugins.info import InstalledPlugin
from core.plugins.runtime import build_runtime


def _plugin(name: str, **hooks) -> InstalledPlugin:
    """A plugin module made on the fly from ``hook name -> function`` (already marked)."""
    module = types.ModuleType(f"{name}_module")
    for hook, function in hooks.items():
        setattr(module, hook, function)
    module.plugin_info = PluginInfo(name=name, title=name)
    return InstalledPlugin(module.plugin_info, module, "1.0", None)


def _runtime(*plugins: InstalledPlugin):
    installed = {plugin.name: plugin for plugin in plugins}
    return build_runtime(installed, set(installed), 1, strict=True)


def _section(title: str) -> list[ReceiptSection]:
    return [ReceiptSection(title, (ReceiptRow("x"),))]


@hookimpl
def _sections_a(sale, store):
    return _section("A")


@hookimpl
def _sections_boom(sale, store):
    raise RuntimeError("boom")


def test_new_style_wrapper_sees_and_replaces_the_results():
    """A ``wrapper=True`` implementation gets the inner results from its ``yield`` and what
    it returns is the hook's result."""

    @hookimpl(wrapper=True)
    def pos_receipt_sections(sale, store):
        results = yield
        return [[*sections, *_section("wrapped")] for sections in results]

    runtime = _runtime(
        _plugin("alpha", pos_receipt_sections=_sections_a),
        _plugin("wrapper", pos_receipt_sections=pos_receipt_sections),
    )
    titles = [s.title for s in runtime.hooks.present("pos_receipt_sections", sale=None, store=None)]
    assert titles == ["A", "wrapped"]


def test_old_style_hookwrapper_can_force_the_result():
    """An old-style ``hookwrapper=True`` gets the outcome object and may force a result."""

    @hookimpl(hookwrapper=True)
    def pos_adjust_cart(cart, store):
        outcome = yield
        outcome.force_result([[*result, "from the wrapper"] for result in outcome.get_result()])

    @hookimpl
    def adjust(cart, store):
        return ["inner"]

    runtime = _runtime(
        _plugin("inner", pos_adjust_cart=adjust),
        _plugin("outer", pos_adjust_cart=pos_adjust_cart),
    )
    assert runtime.hooks.collect("pos_adjust_cart", cart=None, store=None) == [
        "inner",
        "from the wrapper",
    ]


def test_failure_under_a_wrapper_names_the_failing_plugin():
    """An implementation's bug reaches the caller through the wrappers still naming the
    plugin that raised, not the wrapper."""
    seen = []

    @hookimpl(wrapper=True)
    def pos_adjust_cart(cart, store):
        try:
            return (yield)
        except HookFailed as failure:
            seen.append(failure.plugin)
            raise

    @hookimpl
    def crash(cart, store):
        raise ValueError("a bug")

    runtime = _runtime(
        _plugin("buggy", pos_adjust_cart=crash),
        _plugin("watcher", pos_adjust_cart=pos_adjust_cart),
    )
    with pytest.raises(HookFailed) as caught:
        runtime.hooks.call("pos_adjust_cart", cart=None, store=None)
    assert caught.value.plugin == "buggy" and seen == ["buggy"]


def test_a_failing_wrapper_is_named():
    """A wrapper's own exception names the wrapper's plugin."""

    @hookimpl(wrapper=True)
    def pos_adjust_cart(cart, store):
        yield
        raise KeyError("the wrapper's bug")

    runtime = _runtime(_plugin("shaky", pos_adjust_cart=pos_adjust_cart))
    with pytest.raises(HookFailed) as caught:
        runtime.hooks.call("pos_adjust_cart", cart=None, store=None)
    assert caught.value.plugin == "shaky" and caught.value.hook == "pos_adjust_cart"


def test_refusal_names_the_plugin_through_a_wrapper():
    """``Rejected`` keeps its type and carries the refusing plugin's name."""

    @hookimpl(wrapper=True)
    def pos_adjust_cart(cart, store):
        return (yield)

    @hookimpl
    def refuse(cart, store):
        raise Rejected("not today", code="closed")

    runtime = _runtime(
        _plugin("strict", pos_adjust_cart=refuse),
        _plugin("around", pos_adjust_cart=pos_adjust_cart),
    )
    with pytest.raises(Rejected) as caught:
        runtime.hooks.call("pos_adjust_cart", cart=None, store=None)
    assert caught.value.plugin == "strict" and caught.value.code == "closed"


def test_problems_carry_the_plugin_that_found_them():
    """Problems returned by pos_sale_validate are stamped with their plugin."""

    @hookimpl
    def pos_sale_validate(cart, store, actor):
        return [Problem("too_young", "ask for an ID", "customer_id")]

    runtime = _runtime(_plugin("agecheck", pos_sale_validate=pos_sale_validate))
    (problem,) = runtime.hooks.collect("pos_sale_validate", cart=None, store=None, actor=None)
    assert problem.plugin == "agecheck" and problem.message == "ask for an ID"


def test_presentation_leaves_out_only_the_failing_part(caplog):
    """A failing receipt section is logged with its plugin; the others still print."""
    runtime = _runtime(
        _plugin("alpha", pos_receipt_sections=_sections_a),
        _plugin("boom", pos_receipt_sections=_sections_boom),
    )
    with caplog.at_level(logging.ERROR, logger="comptoir.plugins"):
        sections = runtime.hooks.present("pos_receipt_sections", sale=None, store=None)
    assert [s.title for s in sections] == ["A"]
    assert "'boom' failed in pos_receipt_sections" in caplog.text


def test_presentation_without_a_failing_wrapper(caplog):
    """A presentation wrapper that raises is logged and left out: the parts it wrapped
    still show."""

    @hookimpl(wrapper=True)
    def pos_receipt_sections(sale, store):
        yield
        raise RuntimeError("the wrapper broke")

    runtime = _runtime(
        _plugin("alpha", pos_receipt_sections=_sections_a),
        _plugin("fragile", pos_receipt_sections=pos_receipt_sections),
    )
    with caplog.at_level(logging.ERROR, logger="comptoir.plugins"):
        sections = runtime.hooks.present("pos_receipt_sections", sale=None, store=None)
    assert [s.title for s in sections] == ["A"]
    assert "'fragile' failed in pos_receipt_sections" in caplog.text


def test_call_one_runs_a_single_plugin():
    """An outbox delivery calls one plugin's implementation, not the others'."""
    calls = []

    @hookimpl
    def first(event_id, sale):
        calls.append(("first", event_id))

    @hookimpl
    def second(event_id, sale):
        calls.append(("second", event_id))

    runtime = _runtime(
        _plugin("first", pos_sale_completed=first), _plugin("second", pos_sale_completed=second)
    )
    runtime.hooks.call_one("second", "pos_sale_completed", event_id="e1", sale=None)
    assert calls == [("second", "e1")]
    with pytest.raises(LookupError):
        runtime.hooks.call_one("nobody", "pos_sale_completed", event_id="e2", sale=None)
