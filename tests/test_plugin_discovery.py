"""Finding installed plugins: entry points, EXTRA_PLUGINS, and what is left out."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from core.plugins.discovery import ENTRY_POINT_GROUP, dependency_order, discover
from core.plugins.errors import PluginError
from core.plugins.info import InstalledPlugin, PluginInfo


def _fake_distribution(site: Path, name: str, version: str, entry_points: dict[str, str]) -> None:
    """What pip leaves in site-packages for an installed distribution: enough metadata for
    ``importlib.metadata`` to list its entry points."""
    info = site / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    lines = [f"[{ENTRY_POINT_GROUP}]"] + [f"{k} = {v}" for k, v in entry_points.items()]
    (info / "entry_points.txt").write_text("\n".join(lines) + "\n")


@pytest.fixture
def site(tmp_path, monkeypatch):
    folder = tmp_path / "site"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    return folder


def test_entry_point_plugins_are_discovered_with_their_version(site):
    """A plugin registered under the comptoir.plugins entry-point group is installed, with
    the version and name of its distribution."""
    _fake_distribution(site, "comptoir-alpha", "1.2.3", {"alpha": "sample_plugins.alpha"})
    found = discover()
    assert found["alpha"].version == "1.2.3"
    assert found["alpha"].distribution == "comptoir-alpha"
    assert found["alpha"].info.title == "Alpha"


def test_module_without_plugin_info_is_left_out_and_logged(site, caplog):
    """An entry point whose module has no plugin_info is left out, with a log line; the
    other plugins are still found."""
    _fake_distribution(
        site,
        "comptoir-mixed",
        "1.0",
        {"notaplugin": "sample_plugins", "alpha": "sample_plugins.alpha"},
    )
    with caplog.at_level(logging.ERROR, logger="comptoir.plugins"):
        found = discover()
    assert "notaplugin" not in found
    assert "alpha" in found
    assert any(
        "notaplugin" in record.getMessage() and "plugin_info" in record.exc_text
        for record in caplog.records
    )


def test_plugin_that_fails_to_import_is_left_out(site, caplog):
    """One broken package cannot stop the shop: an import error is logged and skipped."""
    _fake_distribution(site, "comptoir-ghost", "1.0", {"ghost": "no_such_module_anywhere"})
    with caplog.at_level(logging.ERROR, logger="comptoir.plugins"):
        found = discover()
    assert "ghost" not in found
    assert any("ghost" in record.getMessage() for record in caplog.records)


def test_entry_point_name_must_match_plugin_name(site, caplog):
    """The entry-point name is the plugin's name; a mismatch is left out and logged."""
    _fake_distribution(site, "comptoir-liar", "1.0", {"gamma": "sample_plugins.alpha"})
    with caplog.at_level(logging.ERROR, logger="comptoir.plugins"):
        found = discover()
    assert "gamma" not in found and "alpha" not in found
    assert any("gamma" in record.getMessage() for record in caplog.records)


def test_extra_plugins_are_loaded_beside_entry_points():
    """EXTRA_PLUGINS ("name=module,...") loads plugins that are not installed."""
    found = discover("alpha=sample_plugins.alpha, beta=sample_plugins.beta")
    assert {"alpha", "beta"} <= set(found)
    assert found["beta"].info.depends == ("alpha",)
    assert found["alpha"].migrations_path.is_dir()


def test_extra_plugin_without_plugin_info_is_an_error():
    """An operator's explicit EXTRA_PLUGINS entry that is not a plugin is refused loudly."""
    with pytest.raises(PluginError, match="plugin_info"):
        discover("nothing=sample_plugins")


def test_dependency_order_puts_dependencies_first():
    """Plugins are registered after what they depend on, ties by name."""
    installed = discover("alpha=sample_plugins.alpha,beta=sample_plugins.beta")
    assert dependency_order({"beta"}, installed) == ["alpha", "beta"]


def test_dependency_on_a_missing_plugin_is_reported():
    installed = discover("beta=sample_plugins.beta")
    with pytest.raises(PluginError, match="'alpha', not installed"):
        dependency_order({"beta"}, installed)


def _plugin(name: str, **info) -> InstalledPlugin:
    return InstalledPlugin(PluginInfo(name=name, title=name, **info), None, "1", None)


def test_an_optional_plugin_comes_first_only_when_it_is_enabled_too():
    """``optional`` orders like ``depends`` when both plugins are on (even against the
    names' order), and is no requirement when the optional one is off or not installed."""
    installed = {p.name: p for p in (_plugin("aaa", optional=("zzz",)), _plugin("zzz"))}
    assert dependency_order({"aaa", "zzz"}, installed) == ["zzz", "aaa"]
    assert dependency_order({"aaa"}, installed) == ["aaa"]
    alone = {"aaa": installed["aaa"]}
    assert dependency_order({"aaa"}, alone) == ["aaa"]


def test_a_plugin_is_either_needed_or_optional():
    with pytest.raises(ValueError, match="needed or optional"):
        PluginInfo(name="aaa", title="aaa", depends=("zzz",), optional=("zzz",))
