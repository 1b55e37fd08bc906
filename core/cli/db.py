"""``comptoir db``: tools for developers and plugin authors."""

from __future__ import annotations

import click

from .base import app_command


@click.group("db")
def db_group() -> None:
    """Database migrations (for developers)."""


@db_group.command("revision")
@click.option("--branch", default="core", show_default=True, help="core or a plugin's name.")
@click.option("-m", "--message", required=True)
@app_command
def revision_command(app, branch: str, message: str) -> None:
    """Autogenerate a migration of BRANCH from the models (database at its heads)."""
    from ..migrate import revision

    if branch != "core" and branch not in app.installed:
        raise click.ClickException(f"no installed plugin is named {branch!r}")
    click.echo(revision(app, branch, message))
