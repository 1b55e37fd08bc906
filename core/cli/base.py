"""Shared machinery of the commands: the app, and expected errors as one-line messages."""

from __future__ import annotations

import functools
import typing as t

import click
import sqlalchemy as sa

from ..config import instance_exists, instance_path_from_env
from .language import gettext as _


class CliState:
    """Created once per invocation; builds the app on first use."""

    def __init__(self) -> None:
        self._app = None
        self._plugin_commands: dict[str, click.Command] | None = None

    @property
    def app(self):
        if self._app is None:
            from ..app import create_app

            self._app = create_app()
        return self._app

    def plugin_commands(self) -> dict[str, click.Command]:
        """The enabled plugins' commands, by name; none until the instance is set up.

        Listing the commands (``comptoir --help``) must leave the directory as it found
        it, so the app is built only for an existing instance: building it creates one.
        """
        if self._plugin_commands is None:
            self._plugin_commands = {}
            try:
                if self._app is None and not instance_exists(instance_path_from_env()):
                    return self._plugin_commands
                app = self.app
                with app.app_context():
                    runtime = app.runtimes.current()
                    if runtime.generation >= 0:
                        for command in runtime.hooks.collect("pos_register_cli_commands"):
                            self._plugin_commands[command.name] = command
            except Exception:  # a broken instance must not hide the built-in commands
                pass
        return self._plugin_commands


def expected_errors(command: t.Callable) -> t.Callable:
    """Turn the mistakes an operator can make into ``Error: ...`` and exit code 1."""

    @functools.wraps(command)
    def wrapper(*args: t.Any, **kwargs: t.Any) -> t.Any:
        from ..auth.services import AuthError
        from ..config import ConfigError
        from ..errors import DomainError
        from ..migrate import MigrationError
        from ..plugins.errors import PluginError

        try:
            return command(*args, **kwargs)
        except (AuthError, DomainError) as exc:
            raise click.ClickException(exc.message) from None
        except (ConfigError, PluginError, MigrationError) as exc:
            raise click.ClickException(str(exc)) from None
        except sa.exc.OperationalError as exc:
            message = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            if "no such table" in message or "does not exist" in message:
                message += _(" (run 'comptoir init' first)")
            raise click.ClickException(_("database: %(error)s", error=message)) from None
        except sa.exc.ArgumentError as exc:
            raise click.ClickException(_("database URL: %(error)s", error=exc)) from None

    return wrapper


def app_command(command: t.Callable) -> t.Callable:
    """Run the command inside the app's context with the app as first argument."""

    @click.pass_obj
    @functools.wraps(command)
    @expected_errors
    def wrapper(state: CliState, *args: t.Any, **kwargs: t.Any) -> t.Any:
        app = state.app
        with app.app_context():
            return command(app, *args, **kwargs)

    return wrapper


def require_initialised(app) -> None:
    from ..plugins.runtime import read_generation

    if read_generation(app.engine) < 0:
        raise click.ClickException(_("the database is not initialised: run 'comptoir init' first"))


def BUILTIN_COMMANDS() -> list[click.Command]:  # noqa: N802 - reads as a constant
    from .db import db_group
    from .hardware import hardware_group
    from .init import demo, init
    from .journal import journal_group
    from .outbox import outbox_group
    from .plugins import plugins_group
    from .products import products_group
    from .run import run
    from .users import tokens_group, users_group

    return [
        init,
        demo,
        run,
        plugins_group,
        users_group,
        tokens_group,
        outbox_group,
        db_group,
        products_group,
        hardware_group,
        journal_group,
    ]
