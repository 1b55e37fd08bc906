"""``comptoir journal``: check the tamper-evident journal."""

from __future__ import annotations

import click

from .base import app_command, require_initialised


@click.group("journal")
def journal_group() -> None:
    """The tamper-evident journal of sales, refunds, cash movements and closings."""


@journal_group.command("verify")
@click.option("--register", "register_code", metavar="CODE", help="Check this register only.")
@app_command
def verify_command(app, register_code: str | None) -> None:
    """Check every chain and the records behind it.

    Exit 0 with a summary when intact; exit 1 with the first bad record on stderr.
    """
    import sqlalchemy as sa

    from ..db import db
    from ..journal.services import verify
    from ..registers.models import Register

    require_initialised(app)
    register_id = None
    if register_code is not None:
        register_id = db.session.scalar(
            sa.select(Register.id).where(Register.code == register_code)
        )
        if register_id is None:
            raise click.BadParameter(f"no register {register_code!r}", param_hint="--register")
    result = verify(register_id)
    if result.ok:
        heads = ", ".join(f"{code} at #{head['sequence']}" for code, head in result.heads.items())
        unchecked = f"; {result.unchecked} of unknown kinds" if result.unchecked else ""
        click.echo(
            f"journal intact: {result.checked} entries on {result.registers} register(s)"
            f"{unchecked} ({heads or 'no registers'})"
        )
        return
    first = result.problems[0]
    more = len(result.problems) - 1
    click.echo(f"journal NOT intact: {first.describe()}", err=True)
    if more:
        click.echo(f"... and {more} more problem(s)", err=True)
    raise click.exceptions.Exit(1)
