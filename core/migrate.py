"""Database migrations: the core's Alembic branch and one branch per plugin.

Targets are always explicit (``core@head``, ``<plugin>@head``), never ``heads``: a
disabled plugin's tables stay where they are, untouched, until it is enabled again.
"""

from __future__ import annotations

import os
import typing as t
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from .db import POSTGRESQL_ONLY

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
CORE_BRANCH = "core"


class MigrationError(Exception):
    """A migration problem the operator can act on."""


def alembic_config(app: t.Any, connection: sa.Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    locations = [str(MIGRATIONS / "versions")]
    locations += [
        str(plugin.migrations_path)
        for plugin in app.installed.values()
        if plugin.migrations_path is not None
    ]
    cfg.set_main_option("path_separator", "os")
    cfg.set_main_option("version_locations", os.pathsep.join(locations))
    cfg.attributes["connection"] = connection
    return cfg


def branch_of(app: t.Any, name: str) -> str | None:
    """The branch label of a plugin, or None when it ships no migrations."""
    plugin = app.installed[name]
    return name if plugin.migrations_path is not None else None


def upgrade(app: t.Any, branches: t.Iterable[str]) -> None:
    """Upgrade each branch to its head, in order, each in its own transaction."""
    for branch in branches:
        with app.engine.begin() as connection:
            _check_known_revisions(app, connection)
            command.upgrade(alembic_config(app, connection), f"{branch}@head")


def upgrade_all(app: t.Any, enabled: t.Iterable[str]) -> None:
    """The core, then every enabled plugin that ships migrations (``comptoir init``)."""
    branches = [CORE_BRANCH] + [n for n in enabled if branch_of(app, n)]
    upgrade(app, branches)


def current_heads(app: t.Any) -> set[str]:
    with app.engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


def _check_known_revisions(app: t.Any, connection: sa.Connection) -> None:
    """Explain a revision in the database that no installed code knows: the plugin that
    created its tables was uninstalled without ``comptoir plugins purge``."""
    stored = set(MigrationContext.configure(connection).get_current_heads())
    script = ScriptDirectory.from_config(alembic_config(app))
    for revision in stored:
        try:
            script.get_revision(revision)
        except Exception:
            raise MigrationError(
                f"the database holds migration {revision!r} that no installed code knows: "
                "reinstall the plugin that made it, or remove its tables and its row in "
                "alembic_version"
            ) from None


def exists_on(obj: t.Any, type_: str, dialect: str) -> bool:
    """Whether a schema object of the models exists on ``dialect``: an index declared for
    PostgreSQL alone (``core.catalog.models.postgres_prefix_index``) does not elsewhere,
    so autogenerate must not ask for it there."""
    if type_ != "index" or not obj.info.get(POSTGRESQL_ONLY):
        return True
    return dialect == "postgresql"


def branch_tables(app: t.Any, branch: str) -> t.Callable[..., bool]:
    """An Alembic ``include_object`` keeping the tables of one branch: ``<plugin>_*`` for
    a plugin, the tables of no installed plugin for the core."""
    prefixes = tuple(f"{name}_" for name in app.installed)
    dialect = app.engine.dialect.name

    def include(obj: t.Any, name: str | None, type_: str, reflected: bool, compare_to: t.Any):
        if not exists_on(obj, type_, dialect):
            return False
        table = obj if type_ == "table" else getattr(obj, "table", None)
        table_name = getattr(table, "name", name) or ""
        if table_name == "alembic_version":
            return False
        if branch == CORE_BRANCH:
            return not table_name.startswith(prefixes)
        return table_name.startswith(f"{branch}_")

    return include


def revision(app: t.Any, branch: str, message: str) -> str:
    """Autogenerate a revision on ``branch`` from the models (for developers and plugin
    authors). Every installed branch is first brought to its head, so that the new
    revision holds only this branch's changes."""
    others = [name for name in app.installed if name != branch and branch_of(app, name)]
    upgrade(app, [CORE_BRANCH, *others])
    script = ScriptDirectory.from_config(alembic_config(app))
    try:
        head = script.get_revision(f"{branch}@head")
    except Exception:
        head = None
    if head is not None:
        upgrade(app, [branch])
    with app.engine.begin() as connection:
        cfg = alembic_config(app, connection)
        cfg.attributes["include_object"] = branch_tables(app, branch)
        kwargs: dict[str, t.Any] = {"message": message, "autogenerate": True}
        if head is None:
            plugin = app.installed.get(branch)
            depends = [f"{CORE_BRANCH}@head"]
            if plugin is not None:
                depends += [f"{dep}@head" for dep in plugin.info.depends if branch_of(app, dep)]
            kwargs.update(
                branch_label=branch,
                version_path=str(plugin.migrations_path if plugin else MIGRATIONS / "versions"),
                head="base",
                depends_on=None if branch == CORE_BRANCH else depends,
            )
        else:
            kwargs["head"] = f"{branch}@head"
        scripts = command.revision(cfg, **kwargs)
        return scripts.path if hasattr(scripts, "path") else str(scripts)
