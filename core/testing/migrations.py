"""The check every plugin's migration branch must pass, for plugin authors' suites too:
on an empty database, upgrading the branch gives exactly the tables of the models
(Alembic's autogenerate finds no difference), and downgrading it removes them all.

    def test_my_migrations_match_my_models(empty_database_url, tmp_path):
        assert_migrations_match_models(empty_database_url, tmp_path, "parcel")
"""

from __future__ import annotations

import typing as t
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from ..db import db
from ..migrate import CORE_BRANCH, alembic_config, exists_on, upgrade

__all__ = ["assert_migrations_match_models", "owns"]


def owns(branch: str, table: str, plugins: t.Iterable[str]) -> bool:
    """A plugin owns the tables named ``<plugin>_*``; the core owns the others."""
    if branch == CORE_BRANCH:
        prefixes = tuple(f"{name}_" for name in plugins)
        return not table.startswith(prefixes) and table != "alembic_version"
    return table.startswith(f"{branch}_")


def differences(app: t.Any, branch: str) -> list:
    """What autogenerate finds between the database and the models of ``branch``."""

    dialect = app.engine.dialect.name

    def include(obj, name, type_, reflected, compare_to):
        if not exists_on(obj, type_, dialect):
            return False
        if type_ == "table":
            return owns(branch, name, app.installed)
        table = getattr(obj, "table", None)
        return table is None or owns(branch, table.name, app.installed)

    with app.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"compare_type": True, "include_object": include, "render_as_batch": True},
        )
        return compare_metadata(context, db.metadata)


def tables(app: t.Any) -> set[str]:
    return set(sa.inspect(app.engine).get_table_names())


def assert_migrations_match_models(
    empty_database_url: str, instance: Path, branch: str, extra_plugins: t.Iterable[str] = ()
) -> None:
    """Upgrade ``branch`` (and the core) on the empty database: its tables are exactly its
    models' and autogenerate finds no difference; then downgrade it to base: its tables are
    gone and the core's stay.

    :raises AssertionError: saying what differs.
    """
    from .fixtures import make_test_app

    app = make_test_app(empty_database_url, Path(instance) / "migrations-check", extra_plugins)
    try:
        branches = [CORE_BRANCH] if branch == CORE_BRANCH else [CORE_BRANCH, branch]
        upgrade(app, branches)
        owned = {name for name in tables(app) if owns(branch, name, app.installed)}
        expected = {
            table.name
            for table in db.metadata.sorted_tables
            if owns(branch, table.name, app.installed)
        }
        assert owned == expected, f"tables {sorted(owned ^ expected)} differ from the models"
        found = differences(app, branch)
        assert found == [], f"models and migrations of {branch} differ: {found}"
        with app.engine.begin() as connection:
            command.downgrade(alembic_config(app, connection), f"{branch}@base")
        left = {name for name in tables(app) if owns(branch, name, app.installed)}
        assert left == set(), f"downgrading {branch} to base left {sorted(left)}"
        if branch != CORE_BRANCH:
            core = {name for name in tables(app) if owns(CORE_BRANCH, name, app.installed)}
            assert core, "downgrading a plugin's branch must leave the core's tables"
    finally:
        app.close()
