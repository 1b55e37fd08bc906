"""Settings: one namespace per schema (``store`` for the core, a plugin's name for its
own), stored as JSON and validated by the namespace's marshmallow schema.

Settings are part of the runtime: they are read when a runtime is built and served from
memory, so the hot paths (pricing a scan, completing a sale) never query them. Saving
bumps the generation, and every worker rebuilds within a second.
"""

from __future__ import annotations

import typing as t

import sqlalchemy as sa
from marshmallow import ValidationError

from .audit.services import changed
from .audit.services import record as audit
from .db import db, utcnow
from .plugins.context import current_runtime
from .plugins.info import SettingsSchema
from .plugins.models import Setting
from .plugins.state import bump_generation


def _complete(schema: SettingsSchema, stored: dict[str, t.Any]) -> dict[str, t.Any]:
    instance = schema.schema()
    known = {k: v for k, v in stored.items() if k in instance.fields}
    try:
        return instance.load(known)
    except ValidationError as error:
        # A stored value the schema no longer accepts (after an upgrade): defaults for
        # the bad fields only, rather than a shop that cannot start or forgets its name.
        bad = set(error.messages) if isinstance(error.messages, dict) else set(known)
    try:
        return instance.load({k: v for k, v in known.items() if k not in bad})
    except ValidationError:
        return instance.load({})


def load_all_settings(
    engine: sa.Engine, schemas: dict[str, SettingsSchema]
) -> dict[str, dict[str, t.Any]]:
    stored: dict[str, dict[str, t.Any]] = {}
    try:
        with engine.connect() as conn:
            for row in conn.execute(sa.select(Setting.namespace, Setting.values)):
                stored[row.namespace] = row.values or {}
    except (sa.exc.OperationalError, sa.exc.ProgrammingError):
        pass  # before init: defaults
    return {ns: _complete(schema, stored.get(ns, {})) for ns, schema in schemas.items()}


def get_settings(namespace: str) -> dict[str, t.Any]:
    """The settings of ``namespace``, with defaults for what was never set.

    Example::

        days = get_settings("parcel")["days_kept"]
    """
    try:
        return current_runtime().settings[namespace]
    except KeyError:
        raise LookupError(f"no settings namespace {namespace!r} is registered") from None


def save_settings(namespace: str, changes: dict[str, t.Any]) -> dict[str, t.Any]:
    """Validate and store ``changes`` (a partial update), commit, then rebuild this
    process's runtime.

    Settings are part of the runtime: saving them is one of the framework's own
    operations, like enabling a plugin, and manages its own transaction (the rebuilt
    runtime must read what was committed). Call it with nothing else pending.

    :raises marshmallow.ValidationError: with the bad fields; nothing is stored.
    :raises LookupError: for an unknown namespace.
    """
    runtime = current_runtime()
    schema = runtime.settings_schemas.get(namespace)
    if schema is None:
        raise LookupError(f"no settings namespace {namespace!r} is registered")
    instance = schema.schema()
    unknown = set(changes) - set(instance.fields)
    if unknown:
        raise ValidationError({name: ["Unknown setting."] for name in sorted(unknown)})
    current = dict(runtime.settings.get(namespace, {}))
    merged = instance.load({**instance.dump(current), **changes})
    row = db.session.get(Setting, namespace)
    if row is None:
        row = Setting(namespace=namespace)
        db.session.add(row)
    audit(
        "settings.change", f"settings:{namespace}", changed(row.values or {}, instance.dump(merged))
    )
    row.values = instance.dump(merged)
    row.updated_at = utcnow()
    bump_generation()
    db.session.commit()
    current_refresh()
    return merged


def current_refresh() -> None:
    """Let this process see its own change at once (others see it within a second)."""
    from flask import current_app

    current_app.comptoir_host.runtimes.refresh()  # type: ignore[attr-defined]
