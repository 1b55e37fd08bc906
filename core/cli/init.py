"""``comptoir init`` and ``comptoir demo``."""

from __future__ import annotations

import secrets

import click

from .base import app_command, expected_errors

DEMO_LOGINS = (
    ("admin", "admin", "comptoir-admin", None),
    ("manager", "manager", "comptoir-manager", "1111"),
    ("cashier", "cashier", None, "1234"),
)


LANGUAGE = click.Choice(["en", "fr", "nl", "ru"])


def initialise(
    app, *, demo: bool, admin_password: str | None, language: str | None = None
) -> str | None:
    """Create or upgrade the database and the base data; idempotent. Returns the admin
    password when one was generated.

    ``language`` becomes the store's language; with ``demo``, the demo shop is named in
    it, and a shop whose settings were never saved takes that country's name and currency.
    """
    import sqlalchemy as sa

    from ..auth.models import User
    from ..auth.services import create_user, ensure_builtin_roles
    from ..db import db
    from ..migrate import upgrade_all
    from ..plugins.runtime import read_enabled
    from ..plugins.state import bump_generation

    _generation, enabled = read_enabled(app.engine)
    upgrade_all(app, sorted(n for n in enabled if n in app.installed))
    if db.session.execute(sa.text("SELECT COUNT(*) FROM plugin_generation")).scalar() == 0:
        bump_generation()
        db.session.commit()
    runtime = app.runtimes.refresh()
    ensure_builtin_roles(runtime.permissions.values())
    generated = None
    if db.session.scalar(sa.select(User.id).where(User.username == "admin")) is None:
        password = admin_password
        if demo and password is None:
            password = DEMO_LOGINS[0][2]
        if password is None:
            password = generated = secrets.token_urlsafe(12)
        create_user("admin", ["admin"], password=password, full_name="Administrator")
    db.session.commit()
    if language:
        _store_speaks(language, demo=demo)
        runtime = app.runtimes.current()
    runtime.hooks.seed(demo=demo, language=language if demo else None)
    db.session.commit()
    if demo:
        for username, role, password, pin in DEMO_LOGINS[1:]:
            if db.session.scalar(sa.select(User.id).where(User.username == username)) is None:
                create_user(
                    username, [role], password=password, pin=pin, full_name=username.title()
                )
        db.session.commit()
    return generated


def _store_speaks(language: str, *, demo: bool) -> None:
    """The store's language; for a new demo shop, its country's shop name and currency."""
    from ..catalog.demo_languages import DEMO_LANGUAGES
    from ..db import db
    from ..plugins.models import Setting
    from ..settings import save_settings

    changes = {"locale": language}
    if demo and db.session.get(Setting, "store") is None:
        local = DEMO_LANGUAGES[language]
        changes |= {"name": local.shop_name, "currency": local.currency}
    save_settings("store", changes)


@click.command()
@click.option("--demo", is_flag=True, help="Also load a demo shop (products, users, PINs).")
@click.option("--admin-password", metavar="P", help="Password of the first admin user.")
@click.option(
    "--language",
    type=LANGUAGE,
    help="The store's language; with --demo, the demo shop is named in it.",
)
@app_command
def init(app, demo: bool, admin_password: str | None, language: str | None) -> None:
    """Create or upgrade the database (core and enabled plugins), the default store,
    location and register, and the first admin user, named admin."""
    generated = initialise(app, demo=demo, admin_password=admin_password, language=language)
    click.echo(f"Database ready: {app.config['SQLALCHEMY_DATABASE_URI']}")
    if generated:
        click.echo(f"Admin user: admin, password: {generated} (shown once; change it)")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64))
@click.option("--language", type=LANGUAGE, help="The demo shop's language (fr, nl, ru, en).")
@click.pass_context
@expected_errors
def demo(ctx: click.Context, host: str, port: int, workers: int, language: str | None) -> None:
    """Set up a demo shop if needed, then serve it (``init --demo``, then ``run``)."""
    from .run import check_port_free, serve

    check_port_free(host, port)
    from .base import CliState

    app = ctx.ensure_object(CliState).app
    with app.app_context():
        initialise(app, demo=True, admin_password=None, language=language)
    url = f"http://{host}:{port}"
    click.echo(f"Comptoir demo shop at {url}")
    click.echo(f"  till:        {url}/till   (cashier PIN 1234, manager PIN 1111)")
    click.echo(f"  back office: {url}/admin  (admin / comptoir-admin, manager / comptoir-manager)")
    serve(app, host=host, port=port, workers=workers)
