"""Models and migrations agree, for the core and for every installed plugin that ships a
migration branch: on an empty database, upgrading the branch gives exactly the tables
of the models (autogenerate finds no difference), and downgrading removes them all."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.migrate import CORE_BRANCH, upgrade
from core.plugins.discovery import discover
from core.testing.fixtures import make_test_app
from core.testing.migrations import assert_migrations_match_models, tables

#: Plugins with a migration branch: every installed one, plus the sample used by tests.
SAMPLES = "alpha=sample_plugins.alpha"
INSTALLED = discover(SAMPLES)
BRANCHES = [CORE_BRANCH] + sorted(
    name for name, plugin in INSTALLED.items() if plugin.migrations_path is not None
)


@pytest.fixture
def empty_app(empty_database_url, tmp_path):
    app = make_test_app(empty_database_url, tmp_path / "instance", [SAMPLES])
    # Import every installed plugin's models, so the metadata is complete.
    assert set(app.installed) >= set(BRANCHES) - {CORE_BRANCH}
    yield app
    app.close()


def test_every_installed_branch_is_checked():
    """The parametrization is not empty: the core, the sample, and any installed plugin."""
    assert BRANCHES[0] == CORE_BRANCH and "alpha" in BRANCHES


@pytest.mark.parametrize("branch", BRANCHES)
def test_models_and_migrations_agree(empty_database_url, tmp_path, branch):
    """Upgrading the branch gives exactly its models' tables, autogenerate finds no
    difference, and downgrading it to base removes them (core.testing's check, the one
    plugin authors run)."""
    assert_migrations_match_models(empty_database_url, tmp_path, branch, [SAMPLES])


def test_upgrade_targets_are_explicit(empty_app):
    """Upgrading the core leaves an installed plugin's branch alone (never `heads`)."""
    upgrade(empty_app, [CORE_BRANCH])
    assert "alpha_note" not in tables(empty_app)


def test_unknown_revision_in_the_database_is_explained(empty_app):
    """A revision no installed code knows (a plugin uninstalled without purging) gives an
    actionable message instead of Alembic's bare error."""
    from core.migrate import MigrationError

    upgrade(empty_app, [CORE_BRANCH])
    with empty_app.engine.begin() as connection:
        connection.execute(sa.text("INSERT INTO alembic_version VALUES ('gone_0001')"))
    with pytest.raises(MigrationError, match="gone_0001"):
        upgrade(empty_app, [CORE_BRANCH])
