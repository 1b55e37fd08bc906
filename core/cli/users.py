"""``comptoir users`` and ``comptoir tokens``."""

from __future__ import annotations

import click

from .base import app_command, require_initialised
from .language import gettext as _


@click.group("users")
def users_group() -> None:
    """Manage users."""


@users_group.command("create")
@click.argument("name")
@click.option("--role", "roles", multiple=True, required=True, help="admin, manager, cashier...")
@click.option("--password", metavar="P", help="Password for the back office and the API.")
@click.option("--pin", metavar="N", help="PIN for the till (4 to 8 digits).")
@click.option("--full-name", default="", help="Name shown on the till and receipts.")
@app_command
def create_user_command(app, name, roles, password, pin, full_name) -> None:
    """Add a user NAME with one or more roles."""
    from ..auth.services import create_user
    from ..db import db

    require_initialised(app)
    user = create_user(name, roles, password=password, pin=pin, full_name=full_name)
    db.session.commit()
    click.echo(
        _(
            "Created user %(name)s (%(roles)s)",
            name=user.username,
            roles=", ".join(user.role_names),
        )
    )


@click.group("tokens")
def tokens_group() -> None:
    """Manage API tokens."""


@tokens_group.command("create")
@click.argument("name")
@click.option("--label", default="cli", help="What the token is for.")
@app_command
def create_token_command(app, name, label) -> None:
    """Print a new API token for user NAME (the token alone on the last line)."""
    import sqlalchemy as sa

    from ..auth.models import User
    from ..auth.tokens import create_token
    from ..db import db

    require_initialised(app)
    user = db.session.scalar(sa.select(User).where(User.username == name))
    if user is None:
        raise click.ClickException(_("no user named %(name)r", name=name))
    if not user.active:
        raise click.ClickException(_("user %(name)r is deactivated", name=name))
    _token, secret = create_token(user, label)
    db.session.commit()
    click.echo(
        _(
            "API token for %(name)s (shown once; send it as 'Authorization: Bearer ...'):",
            name=name,
        )
    )
    click.echo(secret)
