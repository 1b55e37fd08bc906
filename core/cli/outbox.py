"""``comptoir outbox``."""

from __future__ import annotations

import click

from .base import app_command, require_initialised
from .language import gettext as _


@click.group("outbox")
def outbox_group() -> None:
    """After-commit deliveries to plugins (e-mails, webhooks, printing)."""


@outbox_group.command("run")
@app_command
def run_command(app) -> None:
    """Deliver every pending delivery that is due, once."""
    from ..plugins.outbox import run_due

    require_initialised(app)
    click.echo(_("Delivered: %(count)s", count=run_due(limit=10_000)))
