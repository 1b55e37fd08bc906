"""`comptoir plugins new NAME` renders a plugin package that installs, migrates and
passes its own tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from core.cli import main
from core.plugins.scaffold import core_revision

ROOT = Path(__file__).resolve().parent.parent


def _new(*args: str):
    return CliRunner().invoke(main, ["plugins", "new", *args], catch_exceptions=False)


def test_scaffold_writes_a_package(tmp_path):
    target = tmp_path / "comptoir-gift_wrap"
    result = _new("gift_wrap", "--directory", str(target))
    assert result.exit_code == 0, result.output
    assert "Created plugin 'gift_wrap'" in result.output
    package = target / "comptoir_gift_wrap"
    assert "gift_wrap = comptoir_gift_wrap" in (target / "setup.cfg").read_text()
    assert 'name="gift_wrap"' in (package / "__init__.py").read_text()
    assert "class GiftWrapItem(Model)" in (package / "models.py").read_text()
    migration = (package / "migrations" / "gift_wrap_0001_initial.py").read_text()
    assert 'branch_labels = ("gift_wrap",)' in migration
    assert f'depends_on = "{core_revision()}"' in migration
    assert (target / "tests" / "test_gift_wrap.py").exists()
    assert (target / "tests" / "test_gift_wrap_browser.py").exists()
    assert (package / "static" / "add_item.js").exists()
    assert (package / "translations" / "fr" / "LC_MESSAGES" / "messages.mo").exists()
    setup = (target / "setup.cfg").read_text()
    assert "static/*" in setup and "translations/*/LC_MESSAGES/*" in setup
    assert "write_transaction()" in (package / "services.py").read_text()
    assert ".commit()" not in (package / "services.py").read_text()
    assert not list(target.rglob("*.tmpl")) and "@@" not in "".join(
        p.read_text() for p in target.rglob("*") if p.is_file() and p.suffix != ".mo"
    )


def test_scaffold_refuses_an_existing_directory(tmp_path):
    (tmp_path / "taken").mkdir()
    result = _new("gift_wrap", "--directory", str(tmp_path / "taken"))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: {tmp_path / 'taken'} already exists; choose another --directory"
    ]


@pytest.mark.parametrize("name", ["Gift", "gift-wrap", "9lives", "x", "class", "core", "a__b"])
def test_scaffold_refuses_a_bad_name(tmp_path, name):
    result = _new(name, "--directory", str(tmp_path / "out"))
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"Error: bad plugin name {name!r}")
    assert not (tmp_path / "out").exists()


@pytest.mark.comptoir_database  # its own pytest inherits the database URL
def test_scaffolded_plugin_installs_and_its_tests_pass(tmp_path):
    """Installed with pip (its entry point is real), the new plugin is discovered, its
    models and migrations agree (the core's own check), and its generated tests pass,
    on the database of this run (SQLite, or PostgreSQL on that leg)."""
    source = tmp_path / "comptoir-parcel"
    assert _new("parcel", "--directory", str(source)).exit_code == 0
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", site, source],
        check=True,
        capture_output=True,
        timeout=300,
    )
    # A fresh pytest, not a worker of this run's xdist (PYTEST_XDIST_* would leak in).
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env["PYTHONPATH"] = os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")])
    own = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly"],
        cwd=source,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert own.returncode == 0, own.stdout + own.stderr
    # Its browser test too: Chromium is there wherever this suite runs its browser tests.
    expected = "10 passed" if Path("/usr/bin/chromium").exists() else "9 passed, 1 skipped"
    assert expected in own.stdout, own.stdout
    agreement = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "tests/test_migrations.py", "-k", "parcel"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert agreement.returncode == 0, agreement.stdout + agreement.stderr
    assert "1 passed" in agreement.stdout
