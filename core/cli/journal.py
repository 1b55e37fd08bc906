"""``comptoir journal``: check the tamper-evident journal, close periods, export and
check signed archives."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from .base import app_command, expected_errors, require_initialised


@click.group("journal")
def journal_group() -> None:
    """The tamper-evident journal of sales, refunds, cash movements and closings."""


@journal_group.command("verify")
@click.option("--register", "register_code", metavar="CODE", help="Check this register only.")
@app_command
def verify_command(app, register_code: str | None) -> None:
    """Check every chain, the anchor log, the signed closings and the records behind them.

    Exit 0 with a summary when intact; exit 1 with the first bad record on stderr. Never
    creates a key: a missing one is an error.
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
        closings = f"; {result.closings} signed closing(s)" if result.closings else ""
        click.echo(
            f"journal intact: {result.checked} entries on {result.registers} register(s)"
            f"{unchecked}{closings} ({heads or 'no registers'})"
        )
        return
    first = result.problems[0]
    more = len(result.problems) - 1
    click.echo(f"journal NOT intact: {first.describe()}", err=True)
    if more:
        click.echo(f"... and {more} more problem(s)", err=True)
    raise click.exceptions.Exit(1)


@journal_group.command("keygen")
@app_command
def keygen_command(app) -> None:
    """Create the journal's keys in the instance folder if missing (never replaces one):
    the entries' secret and the Ed25519 pair that signs closings and archives."""
    from ..journal.keys import generate_keys, public_key_path

    created = generate_keys(app.instance_path)
    for path in created:
        click.echo(f"created {path}")
    if not created:
        click.echo("the journal's keys already exist; nothing changed")
    click.echo(f"public key for auditors: {public_key_path(app.instance_path)}")


@journal_group.command("close")
@click.argument("kind", type=click.Choice(["day", "month", "year"]))
@click.argument("period", metavar="PERIOD")
@app_command
def close_command(app, kind: str, period: str) -> None:
    """Close a period that is over (UTC): PERIOD is 2026-11-29, 2026-11 or 2026.

    Stores its totals and grand totals, chained and signed with the instance's key.
    """
    from ..db import db
    from ..journal.closings import close_period

    require_initialised(app)
    closing = close_period(kind, period, closed_by=None)
    db.session.commit()
    totals = closing.payload["totals"]
    click.echo(
        f"closed {kind} {period} as closing #{closing.sequence}: {totals['sales_count']} "
        f"sale(s), net total {totals['net_total']} (minor units)"
    )


def _date(value: str, name: str) -> dt.datetime:
    try:
        return dt.datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=dt.UTC)
    except ValueError:
        raise click.BadParameter("a date as YYYY-MM-DD", param_hint=name) from None


@journal_group.command("export")
@click.option("--from", "start", required=True, metavar="YYYY-MM-DD", help="First day (UTC).")
@click.option("--to", "end", required=True, metavar="YYYY-MM-DD", help="Last day, included.")
@click.argument("output", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@app_command
def export_command(app, start: str, end: str, output: Path) -> None:
    """Write a signed archive (zip) of the entries and closings from --from to --to."""
    from ..journal.archive import write_archive

    require_initialised(app)
    first, last = _date(start, "--from"), _date(end, "--to") + dt.timedelta(days=1)
    if last <= first:
        raise click.BadParameter("--to is before --from", param_hint="--to")
    manifest = write_archive(output, first, last)
    count = sum(s["last"] - s["first"] + 1 for s in manifest["registers"].values())
    click.echo(f"wrote {output}: {count} entries, signed")


@journal_group.command("verify-archive")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--public-key",
    "public_key",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The shop's Ed25519 public key (PEM), obtained from the shop, not the archive.",
)
@expected_errors
def verify_archive_command(archive: Path, public_key: Path) -> None:
    """Check a signed archive with the public key alone (no database, no instance)."""
    from ..journal.archive import check_archive
    from ..journal.keys import load_public_key

    result = check_archive(archive, load_public_key(public_key))
    if result.ok:
        click.echo(
            f"archive intact: {result.entries} entries, {result.closings} signed closing(s), "
            f"from {result.period[0]} to {result.period[1]}"
        )
        return
    click.echo(f"archive NOT intact: {result.problems[0]}", err=True)
    for problem in result.problems[1:]:
        click.echo(f"  {problem}", err=True)
    raise click.exceptions.Exit(1)
