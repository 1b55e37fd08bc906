"""``comptoir plugins``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .base import app_command, expected_errors, require_initialised
from .language import gettext as _


@click.group("plugins")
def plugins_group() -> None:
    """List, enable, disable and scaffold plugins."""


@plugins_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@app_command
def list_command(app, as_json: bool) -> None:
    """Every installed plugin: name, version, enabled, depends."""
    from ..plugins.service import describe_plugins

    require_initialised(app)
    plugins = describe_plugins(app)
    if as_json:
        click.echo(json.dumps(plugins, indent=2))
        return
    if not plugins:
        click.echo(_("No plugins are installed."))
    for p in plugins:
        state = _("broken") if p["broken"] else (_("enabled") if p["enabled"] else _("disabled"))
        depends = _("  (needs %(names)s)", names=", ".join(p["depends"])) if p["depends"] else ""
        click.echo(f"{p['name']:<16} {p['version']:<10} {state:<9} {p['title']}{depends}")


@plugins_group.command("enable")
@click.argument("names", nargs=-1, required=True)
@app_command
def enable_command(app, names) -> None:
    """Enable plugins (their dependencies first); their migrations run."""
    from ..plugins.service import enable_plugins

    require_initialised(app)
    changed = enable_plugins(app, names)
    click.echo(
        _("Enabled: %(names)s", names=", ".join(changed)) if changed else _("Already enabled.")
    )


@plugins_group.command("disable")
@click.argument("names", nargs=-1, required=True)
@app_command
def disable_command(app, names) -> None:
    """Disable plugins; refused while an enabled plugin depends on one. Data is kept."""
    from ..plugins.service import disable_plugins

    require_initialised(app)
    changed = disable_plugins(app, names)
    click.echo(
        _("Disabled: %(names)s", names=", ".join(changed)) if changed else _("Already disabled.")
    )


@plugins_group.command("new")
@click.argument("name")
@click.option(
    "--directory",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to create (default: ./comptoir-NAME).",
)
@expected_errors
def new_command(name: str, directory: Path | None) -> None:
    """Create a new plugin package NAME: metadata, a permission, a page, an API endpoint,
    a model with its migration branch, and tests."""
    from ..plugins.scaffold import render_plugin

    target = render_plugin(name, directory)
    click.echo(_("Created plugin %(name)r in %(folder)s", name=name, folder=target))
    command = f"pip install -e {target} && comptoir plugins enable {name}"
    click.echo(_("Next: %(command)s", command=command))
