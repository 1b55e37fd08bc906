"""The store settings page and each enabled plugin's settings page.

Both validate through the namespace's schema, as ``PATCH /api/v1/settings/<namespace>``
does, and store with :func:`core.settings.save_settings` (which commits and rebuilds the
runtime): a refused form stores nothing and shows each field's message.

Who may edit: ``settings.manage``, which managers hold by default (the shop's name,
receipts, rounding and the plugins' settings are part of running the shop); switching
plugins on and off (``plugins.manage``) stays the admin's.
"""

from __future__ import annotations

import dataclasses
import typing as t

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from werkzeug.datastructures import MultiDict

from ..auth.permissions import require_back_office
from ..db import db
from ..fields import money_text
from ..plugins.context import current_runtime
from ..settings import save_settings
from ..stores.logo import MAX_LOGO_BYTES, logo_data_url
from ..stores.settings import LANGUAGES, installed_themes
from .schema_forms import build_form, flat_errors, read_form, ticked

bp = Blueprint("admin_settings", __name__, url_prefix="/admin")

STORE = "store"
#: The store page's own inputs for the logo (a file, and a box to remove it).
LOGO_FIELDS = ("receipt_logo",)
#: The store page's labels and help, in the shop's words.
STORE_LABELS = {
    "name": (_l("Shop name"), _l("Printed at the top of every receipt.")),
    "address": (_l("Address"), ""),
    "tax_id": (_l("VAT number"), ""),
    "company_number": (_l("Company number"), _l("SIRET, KvK, Companies House number...")),
    "currency": (
        _l("Currency"),
        _l("ISO code such as EUR, GBP, USD. Change it only before the first sale."),
    ),
    "prices_include_tax": (_l("Shelf prices include tax"), ""),
    "cashier_discount_limit": (
        _l("Cashier discount limit"),
        _l("Beyond this percent a manager approves the discount."),
    ),
    "allow_negative_stock": (_l("Sell when the stock says none is left (negative stock)"), ""),
    "receipt_header": (_l("Receipt header"), ""),
    "receipt_footer": (_l("Receipt footer"), ""),
    "timezone": (_l("Time zone"), _l('Such as Europe/Paris: what "today" means in reports.')),
    "pin_max_attempts": (_l("Wrong PINs before a lockout"), ""),
    "pin_lockout_minutes": (_l("Lockout (minutes)"), ""),
    "till_idle_lock_seconds": (_l("Lock the till after this many idle seconds (0: never)"), ""),
    "offline_max_age_hours": (
        _l("Offline sales accepted up to (hours old)"),
        _l("An offline sale older than this is refused and settled by a manager."),
    ),
    "offline_max_ahead_minutes": (
        _l("Till clocks may run ahead by (minutes)"),
        _l("An offline sale dated further ahead of the server's clock is refused."),
    ),
}
GS1_LAYOUTS = (
    ("item5_weight5", _l("2X IIIII WWWWW C: item, weight in grams")),
    ("item5_price5", _l("2X IIIII PPPPP C: item, price in cents")),
    ("item4_check_price5", _l("2X IIII K PPPPP C: item, price check digit, price")),
    ("none", _l("None: the scales print no weight or price labels")),
)
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "nl": "Nederlands", "ru": "Русский"}


def _schema(namespace: str):
    entry = current_runtime().settings_schemas.get(namespace)
    if entry is None:
        abort(404)
    return entry


def _currency() -> str:
    return current_runtime().settings[STORE]["currency"]


def _save(namespace: str, changes: dict[str, t.Any]) -> dict[str, list[str]] | None:
    """Store ``changes``; the fields' messages if the schema refuses them."""
    db.session.rollback()  # nothing of this request may ride along with the settings
    try:
        save_settings(namespace, changes)
    except ValidationError as error:
        db.session.rollback()
        return flat_errors(error.messages)
    return None


# -- the store ---------------------------------------------------------------------------


def _store_page(typed: MultiDict | None = None, errors: dict[str, list[str]] | None = None):
    entry = _schema(STORE)
    values = current_runtime().settings[STORE]
    schema = entry.schema()
    form = {}
    for item in build_form(schema, values, _currency(), typed):
        label, help_text = STORE_LABELS.get(item.name, (item.label, item.help))
        form[item.name] = dataclasses.replace(item, label=str(label), help=str(help_text))
    return (
        render_template(
            "admin/settings/store.html",
            form=form,
            values=values,
            errors=errors or {},
            themes_labelled=[(theme, theme.capitalize()) for theme in installed_themes()],
            languages=[(code, LANGUAGE_NAMES.get(code, code)) for code in LANGUAGES],
            roundings_labelled=[
                (step, _("To %(step)s", step=money_text(step, values["currency"])))
                if step > 1
                else (step, _("None"))
                for step in (1, 2, 5, 10, 50, 100)
            ],
            max_logo_kb=MAX_LOGO_BYTES // 1024,
            gs1_layouts=[(code, str(label)) for code, label in GS1_LAYOUTS],
        ),
        400 if errors else 200,
    )


@bp.route("/settings")
@require_back_office("settings.manage")
def store_settings():
    return _store_page()


@bp.route("/settings", methods=["POST"])
@require_back_office("settings.manage")
def save_store_settings():
    schema = _schema(STORE).schema()
    typed = request.form
    fields = [name for name in schema.fields if name not in LOGO_FIELDS]
    try:
        changes = read_form(schema, typed, _currency(), only=fields)
    except ValidationError as error:
        return _store_page(typed, flat_errors(error.messages))
    upload = request.files.get("receipt_logo")
    if ticked(typed, "remove_logo"):
        changes["receipt_logo"] = ""
    elif upload is not None and upload.filename:
        try:
            changes["receipt_logo"] = logo_data_url(upload.read(MAX_LOGO_BYTES + 1))
        except ValidationError as error:
            return _store_page(typed, flat_errors(error.messages))
    errors = _save(STORE, changes)
    if errors:
        return _store_page(typed, errors)
    flash(_("Store settings saved."), "success")
    return redirect(url_for("admin_settings.store_settings"))


# -- a plugin's settings -----------------------------------------------------------------


def _plugin(name: str) -> t.Any:
    installed = current_app.comptoir_host.installed  # type: ignore[attr-defined]
    if name not in installed or name not in current_runtime().settings_schemas:
        abort(404)  # not installed, not enabled, or without settings
    return installed[name]


def _plugin_page(name: str, typed: MultiDict | None = None, errors=None):
    plugin = _plugin(name)
    entry = _schema(name)
    inputs = build_form(entry.schema(), current_runtime().settings[name], _currency(), typed)
    return (
        render_template(
            "admin/settings/plugin.html",
            plugin=plugin,
            title=entry.title or plugin.info.title,
            inputs=inputs,
            errors=errors or {},
        ),
        400 if errors else 200,
    )


@bp.route("/plugins/<name>/settings")
@require_back_office("settings.manage")
def plugin_settings(name: str):
    return _plugin_page(name)


@bp.route("/plugins/<name>/settings", methods=["POST"])
@require_back_office("settings.manage")
def save_plugin_settings(name: str):
    _plugin(name)
    schema = _schema(name).schema()
    try:
        changes = read_form(schema, request.form, _currency())
    except ValidationError as error:
        return _plugin_page(name, request.form, flat_errors(error.messages))
    errors = _save(name, changes)
    if errors:
        return _plugin_page(name, request.form, errors)
    flash(_("Settings saved."), "success")
    return redirect(url_for("admin_settings.plugin_settings", name=name))
