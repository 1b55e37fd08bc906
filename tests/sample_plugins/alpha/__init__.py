"""A plugin with a permission, a page, an API endpoint, a setting, a model and a migration."""

from pathlib import Path

import click
import sqlalchemy as sa
from flask import Blueprint
from marshmallow import Schema, fields
from sqlalchemy.orm import Mapped, mapped_column

from core.plugins import (
    ApiBlueprint,
    MenuItem,
    Model,
    Permission,
    PluginInfo,
    SettingsSchema,
    TillAction,
    db,
    get_settings,
    hookimpl,
    require,
)

plugin_info = PluginInfo(
    name="alpha",
    title="Alpha",
    description="Sample plugin for the core's tests",
    migrations=str(Path(__file__).parent / "migrations"),
)

CALLS: list[str] = []


class AlphaNote(Model):
    __tablename__ = "alpha_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(sa.String(200))


class AlphaSettings(Schema):
    greeting = fields.String(load_default="hello")


pages = Blueprint("alpha", __name__, url_prefix="/alpha")


@pages.route("/")
@require("admin.access")
@require("alpha.view")
def index():
    return f"alpha says {get_settings('alpha')['greeting']}"


api = ApiBlueprint("alpha_api", __name__)


class NoteSchema(Schema):
    id = fields.Integer(dump_only=True)
    text = fields.String(required=True)


@api.endpoint(
    "/alpha/notes",
    methods=["POST"],
    permission="alpha.edit",
    body=NoteSchema,
    response=NoteSchema,
    status=201,
)
def add_note(body):
    """Add a note."""
    note = AlphaNote(text=body["text"])
    db.session.add(note)
    db.session.commit()
    return note


@api.endpoint("/alpha/notes", permission="alpha.view", response=NoteSchema, many=True)
def list_notes():
    """List notes."""
    return db.session.scalars(sa.select(AlphaNote).order_by(AlphaNote.id)).all()


@hookimpl
def pos_register_permissions():
    return [
        Permission("alpha.view", "See alpha", ("cashier", "manager")),
        Permission("alpha.edit", "Change alpha", ("manager",)),
    ]


@hookimpl
def pos_register_blueprints():
    return [pages]


@hookimpl
def pos_register_api():
    return [api]


@hookimpl
def pos_register_settings():
    return [SettingsSchema("alpha", AlphaSettings, "Alpha")]


@hookimpl
def pos_register_admin_menu():
    return [MenuItem("Alpha", "alpha.index", "alpha.view", order=50)]


@hookimpl
def pos_register_till_actions():
    return [TillAction("alpha.wave", "Wave", "alpha.view", "/static/plugins/alpha/wave.js")]


@hookimpl
def pos_seed(demo):
    CALLS.append("seed")


@click.group("alpha")
def cli():
    """Alpha's commands."""


@cli.command("hello")
def hello():
    """Say hello."""
    click.echo(f"alpha says {get_settings('alpha')['greeting']}")


@hookimpl
def pos_register_cli_commands():
    return [cli]
