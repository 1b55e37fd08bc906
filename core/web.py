"""Building the Flask app of one runtime from what the core and the enabled plugins
registered: blueprints, API, templates and static folders, error pages."""

from __future__ import annotations

import datetime as dt
import logging
import typing as t
from decimal import Decimal
from pathlib import Path

from flask import Flask, abort, request, send_from_directory
from jinja2 import ChoiceLoader, FileSystemLoader, pass_context
from markupsafe import Markup
from werkzeug.routing import IntegerConverter
from werkzeug.security import safe_join

from .api.nul import refuse_nul_characters
from .db import db
from .fields import MAX_ID
from .minify import minified_response
from .plugins.outbox import deliver_after_response
from .plugins.runtime import Runtime
from .theming import DEFAULT_THEME, THEMES_ROOT

#: The languages Comptoir's screens, receipts and messages are written in.
LANGUAGES = ("en", "fr", "nl", "ru")

log = logging.getLogger("comptoir")


def build_runtime_app(host: Flask, runtime: Runtime) -> Flask:
    app = Flask("core", static_folder=None, template_folder=None, instance_path=host.instance_path)
    app.comptoir_host = host  # type: ignore[attr-defined]
    app.config.update(host.config)
    app.extensions["comptoir.runtime"] = runtime
    # An id in a URL beyond a 64-bit integer is a 404, not a database overflow.
    app.url_map.converters["int"] = DatabaseIdConverter
    db.init_app(app)

    from .api.body_limits import refuse_oversized_bodies
    from .auth.session import init_auth

    app.before_request(refuse_oversized_bodies)
    init_auth(app)
    app.before_request(refuse_nul_characters)
    app.before_request(_refuse_ids_out_of_range)
    from .plugins.scope import enforce_request_scope

    # After the sign-in loader: another store's records are refused before any view runs.
    app.before_request(enforce_request_scope)
    _init_i18n(app, runtime)
    _init_templates(app, runtime)
    _init_static(app, runtime)

    from .api.errors import init_error_handlers

    init_error_handlers(app)
    for plugin, blueprint in runtime.blueprints + runtime.api_blueprints:
        try:
            app.register_blueprint(blueprint)
        except Exception as exc:
            if app.config["STRICT_PLUGINS"]:
                raise
            log.error("plugin %r: blueprint %r not registered: %s", plugin, blueprint.name, exc)
            runtime.broken.setdefault(plugin, f"blueprint {blueprint.name!r}: {exc}")
    app.after_request(_security_headers)
    app.after_request(deliver_after_response)
    _init_template_globals(app)
    return app


def _init_template_globals(app: Flask) -> None:
    from flask import redirect
    from flask_babel import get_locale

    from .admin.menu import visible_menu
    from .auth.permissions import public

    app.jinja_env.globals.update(
        admin_menu=visible_menu, get_locale=get_locale, ngettext=_ngettext_counted
    )
    app.jinja_env.filters.update(
        number=_number_filter,
        money=_money_filter,
        quantity=_quantity_filter,
        rate=_rate_filter,
        datetime=_datetime_filter,
        date=_date_filter,
    )

    def home():
        return redirect("/admin/")

    app.add_url_rule("/", "home", public(home))


class DatabaseIdConverter(IntegerConverter):
    """``<int:...>``: an id beyond what a database integer column holds is a 404
    (:func:`_refuse_ids_out_of_range`), not a database overflow. The converter itself
    takes it: refused there, werkzeug answered a 405 for every method."""


def _refuse_ids_out_of_range() -> None:
    for value in (request.view_args or {}).values():
        if isinstance(value, int) and not isinstance(value, bool) and value > MAX_ID:
            abort(404)


def _reader_locale() -> str:
    """The language the page is written in (the reader's, see ``_select_locale``)."""
    from flask_babel import get_locale

    return str(get_locale() or "en")


def _money_filter(amount: int | None, currency: str | None = None) -> str:
    """``{{ total|money }}``: minor units in the store's currency, written as the reader's
    language writes money (``12,50 €`` in French, ``€ 12,50`` in Dutch)."""
    from .receipts.render import format_money
    from .stores.settings import current_store

    if amount is None:
        return ""
    return format_money(int(amount), currency or current_store().currency, _reader_locale())


def _number_filter(value: t.Any) -> str:
    """``{{ total|number }}``: ``12 345`` in French, ``12,345`` in English."""
    from .formatting import format_number

    return "" if value is None else format_number(value, _reader_locale())


@pass_context
def _ngettext_counted(context: t.Any, singular: str, plural: str, num: int, **variables: t.Any):
    """Templates' ``ngettext``, whose ``%(num)s`` is the count written as the reader's
    language writes numbers (``12 345 produits``); jinja's own puts the bare integer."""
    from flask_babel import get_translations

    variables.setdefault("num", _number_filter(num))
    text = get_translations().ungettext(singular, plural, num)
    if context.eval_ctx.autoescape:
        text = Markup(text)
    return text % variables


def _quantity_filter(quantity: t.Any, sold_by: str = "unit") -> str:
    """``{{ line.quantity|quantity(product.sold_by) }}``: ``3``, or ``1,235 kg``."""
    from .formatting import format_quantity

    return "" if quantity is None else format_quantity(Decimal(quantity), sold_by, _reader_locale())


def _rate_filter(percent: t.Any) -> str:
    """``{{ rate.rate|rate }}``: ``5,5 %``."""
    from .formatting import format_rate

    return "" if percent is None else format_rate(Decimal(percent), _reader_locale())


def _datetime_filter(moment: dt.datetime | None, length: str = "short") -> str:
    """``{{ sale.completed_at|datetime }}``: in the store's time zone, the reader's way."""
    from .formatting import format_datetime
    from .stores.settings import current_store

    if moment is None:
        return ""
    return format_datetime(moment, _reader_locale(), current_store().timezone, length=length)


def _date_filter(day: dt.date | None) -> str:
    """``{{ report.day|date }}``: ``29/11/2026`` in French."""
    from .formatting import format_date
    from .stores.settings import current_store

    return "" if day is None else format_date(day, _reader_locale(), current_store().timezone)


def _security_headers(response):
    from flask import current_app

    policy = current_app.config.get("CONTENT_SECURITY_POLICY")
    if policy:
        response.headers.setdefault("Content-Security-Policy", policy)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


def _init_i18n(app: Flask, runtime: Runtime) -> None:
    """Flask-Babel with every enabled plugin's catalogs merged (a plugin's strings come
    from its own folder; the first folder that has a message wins)."""
    from flask_babel import Babel

    folders = [folders.translations for _plugin, folders in runtime.assets if folders.translations]
    if folders:
        app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(folders)
    Babel(app, locale_selector=_select_locale)


def _select_locale() -> str | None:
    """The signed-in user's own language (set in the back office), else the browser's
    when Comptoir speaks it, else the store's."""
    from flask import has_request_context
    from flask_login import current_user

    from .stores.settings import current_store

    if not has_request_context():  # a background job, a command: the store's language
        return current_store().locale
    chosen = getattr(current_user, "language", None)
    return chosen or request.accept_languages.best_match(LANGUAGES) or current_store().locale


def theme_folder(runtime: Runtime) -> Path:
    """The active theme's folder (``store.theme`` setting), the default one if missing."""
    name = runtime.settings.get("store", {}).get("theme") or DEFAULT_THEME
    folder = THEMES_ROOT / name
    return folder if folder.is_dir() else THEMES_ROOT / DEFAULT_THEME


def _init_templates(app: Flask, runtime: Runtime) -> None:
    """Lookup order: the active theme, then plugins' folders, then the default theme
    (where the core's own templates live). The theme is a setting; changing it builds a
    new runtime, hence a new template environment."""
    loaders = [FileSystemLoader(str(theme_folder(runtime) / "templates"))]
    loaders += [
        FileSystemLoader(folders.templates)
        for _plugin, folders in runtime.assets
        if folders.templates
    ]
    loaders.append(FileSystemLoader(str(THEMES_ROOT / DEFAULT_THEME / "templates")))
    app.jinja_loader = ChoiceLoader(loaders)


def _init_static(app: Flask, runtime: Runtime) -> None:
    plugin_static = {
        folders.name: Path(folders.static) for _plugin, folders in runtime.assets if folders.static
    }

    theme_static = theme_folder(runtime) / "static"
    default_static = THEMES_ROOT / DEFAULT_THEME / "static"

    def serve_static(filename: str) -> t.Any:
        """Theme first, then (for ``plugins/<name>/...``) the plugin, then the default."""
        candidates = [(theme_static, filename)]
        parts = filename.split("/", 2)
        if len(parts) == 3 and parts[0] == "plugins" and parts[1] in plugin_static:
            candidates.append((plugin_static[parts[1]], parts[2]))
        candidates.append((default_static, filename))
        for folder, relative in candidates:
            path = safe_join(str(folder), relative)
            if path is not None and Path(path).is_file():
                return minified_response(path, 3600) or send_from_directory(
                    folder, relative, max_age=3600
                )
        abort(404)

    from .auth.permissions import public

    app.add_url_rule("/static/<path:filename>", "static", public(serve_static))
