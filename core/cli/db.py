"""``comptoir db``: tools for developers and plugin authors."""

from __future__ import annotations

import click

from .base import app_command
from .language import gettext as _


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
        raise click.ClickException(_("no installed plugin is named %(name)r", name=branch))
    click.echo(revision(app, branch, message))
