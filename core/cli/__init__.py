"""``comptoir``: the command line (a click group).

Plugins add sub-commands through ``pos_register_cli_commands``; they are listed only once
the database is initialised and the plugin is enabled.
"""

from __future__ import annotations

import typing as t

import click

from .. import __version__
from .base import BUILTIN_COMMANDS, CliState


class ComptoirGroup(click.Group):
    def _plugin_commands(self, ctx: click.Context) -> dict[str, click.Command]:
        state = ctx.ensure_object(CliState)
        return state.plugin_commands()

    def list_commands(self, ctx: click.Context) -> list[str]:
        names = set(super().list_commands(ctx))
        names |= set(self._plugin_commands(ctx))
        return sorted(names)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        command = super().get_command(ctx, name)
        if command is None:
            command = self._plugin_commands(ctx).get(name)
            if command is not None:
                # A plugin's command runs inside the app, like the built-in ones.
                ctx.with_resource(ctx.ensure_object(CliState).app.app_context())
        return command


@click.group(cls=ComptoirGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="comptoir")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Comptoir point of sale: set up, serve and manage a shop."""
    ctx.ensure_object(CliState)


for _command in BUILTIN_COMMANDS():
    main.add_command(_command)

__all__: t.Sequence[str] = ["main"]
