"""Models and migrations agree, for the core and for every installed plugin that ships a
migration branch: on an empty database, upgrading the branch gives exactly the tables
of the models (autogenerate finds no difference), and downgrading removes them all."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from core.db import db
from core.migrate import CORE_BRANCH, alembic_config, upgrade
from core.plugins.discovery import discover
from core.testing.fixtures import make_test_app

#: Plugins with a migration branch: every installed one, plus the sample used by tests.
SAMPLES = "alpha=sample_plugins.alpha"
INSTALLED = discover(SAMPLES)
BRANCHES = [CORE_BRANCH] + sorted(
    name for name, plugin in INSTALLED.items() if plugin.migrations_path is not None
)
PLUGIN_PREFIXES = tuple(f"{name}_" for name in INSTALLED)


def owns(branch: str, table: str) -> bool:
    """A plugin owns the tables named ``<plugin>_*``; the core owns the others."""
    if branch == CORE_BRANCH:
        return not table.startswith(PLUGIN_PREFIXES) and table != "alembic_version"
    return table.startswith(f"{branch}_")


@pytest.fixture
def empty_app(empty_database_url, tmp_path):
    app = make_test_app(empty_database_url, tmp_path / "instance", [SAMPLES])
    # Import every installed plugin's models, so the metadata is complete.
    assert set(app.installed) >= set(BRANCHES) - {CORE_BRANCH}
    yield app
    app.close()


def _differences(app, branch: str) -> list:
    def include(obj, name, type_, reflected, compare_to):
        if type_ == "table":
            return owns(branch, name)
        table = getattr(obj, "table", None)
        return table is None or owns(branch, table.name)

    with app.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"compare_type": True, "include_object": include, "render_as_batch": True},
        )
        return compare_metadata(context, db.metadata)


def _tables(app) -> set[str]:
    return set(sa.inspect(app.engine).get_table_names())


def test_every_installed_branch_is_checked():
    """The parametrization is not empty: the core, the sample, and any installed plugin."""
    assert BRANCHES[0] == CORE_BRANCH and "alpha" in BRANCHES


@pytest.mark.parametrize("branch", BRANCHES)
def test_models_and_migrations_agree(empty_app, branch):
    branches = [CORE_BRANCH] if branch == CORE_BRANCH else [CORE_BRANCH, branch]
    upgrade(empty_app, branches)
    owned = {t for t in _tables(empty_app) if owns(branch, t)}
    expected = {t.name for t in db.metadata.sorted_tables if owns(branch, t.name)}
    assert owned == expected
    assert _differences(empty_app, branch) == []


@pytest.mark.parametrize("branch", BRANCHES)
def test_downgrade_to_base_removes_the_branchs_tables(empty_app, branch):
    branches = [CORE_BRANCH] if branch == CORE_BRANCH else [CORE_BRANCH, branch]
    upgrade(empty_app, branches)
    with empty_app.engine.begin() as connection:
        command.downgrade(alembic_config(empty_app, connection), f"{branch}@base")
    assert {t for t in _tables(empty_app) if owns(branch, t)} == set()
    if branch != CORE_BRANCH:
        assert {t for t in _tables(empty_app) if owns(CORE_BRANCH, t)}, "the core is untouched"


def test_upgrade_targets_are_explicit(empty_app):
    """Upgrading the core leaves an installed plugin's branch alone (never `heads`)."""
    upgrade(empty_app, [CORE_BRANCH])
    assert "alpha_note" not in _tables(empty_app)


def test_unknown_revision_in_the_database_is_explained(empty_app):
    """A revision no installed code knows (a plugin uninstalled without purging) gives an
    actionable message instead of Alembic's bare error."""
    from core.migrate import MigrationError

    upgrade(empty_app, [CORE_BRANCH])
    with empty_app.engine.begin() as connection:
        connection.execute(sa.text("INSERT INTO alembic_version VALUES ('gone_0001')"))
    with pytest.raises(MigrationError, match="gone_0001"):
        upgrade(empty_app, [CORE_BRANCH])
