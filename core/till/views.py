"""The till's pages: the cashier's single-page till, the customer display, the service
worker that keeps them available offline, and a CSRF token for the PIN pad.

The pages are public: who uses the till is decided on the page by a PIN, through the API.
They carry no data beyond the till's settings and strings; everything else comes from
the API, which checks permissions.
"""

from __future__ import annotations

import typing as t

from flask import Blueprint, jsonify, make_response, render_template, request, url_for
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf

from ..auth.permissions import public
from ..plugins.context import current_runtime
from ..stores.settings import LANGUAGES, current_store
from .cash import denominations
from .strings import translated

bp = Blueprint("till", __name__, url_prefix="/till")

#: Store settings the till needs (never secrets), rendered into the page.
TILL_SETTINGS = (
    "name",
    "currency",
    "locale",
    "theme",
    "prices_include_tax",
    "tax_rounding",
    "cash_rounding",
    "cashier_discount_limit",
    "till_idle_lock_seconds",
    "gs1_layout",
)

#: The till's own scripts and styles; the service worker caches them with the pages.
TILL_ASSETS = (
    "till/till.css",
    "till/theme.css",
    "till/js/main.js",
    "till/js/api.js",
    "till/js/cart.js",
    "till/js/catalog.js",
    "till/js/devices.js",
    "till/js/dialogs.js",
    "till/js/display.js",
    "till/js/gs1.js",
    "till/js/i18n.js",
    "till/js/idb.js",
    "till/js/outbox.js",
    "till/js/pricing.js",
    "till/js/screens.js",
)


def _plugin_title(runtime: t.Any, name: str) -> str:
    installed = runtime.installed.get(name)
    return str(installed.info.title or name) if installed else name


def pricing_scripts() -> list[dict[str, str]]:
    """The enabled plugins' till pricing modules (``TillPricing.script``), in the order
    they registered: the till imports them at start and prices offline with them."""
    runtime = current_runtime()
    return [
        {"plugin": name, "title": _plugin_title(runtime, name), "script": pricing.script}
        for name, pricing in runtime.till_pricing.items()
        if pricing.script
    ]


def boot_data() -> dict[str, t.Any]:
    """What the page gives its scripts: settings, strings, plugin actions, and what the
    till needs to price and sell offline as the server would (plugins' pricing modules,
    the plugins it cannot mirror, which line kinds it may sell without the server)."""
    runtime = current_runtime()
    values = current_store().values
    settings = {key: values[key] for key in TILL_SETTINGS}
    settings["cashier_discount_limit"] = str(settings["cashier_discount_limit"])
    actions = [
        {
            "code": action.code,
            "title": str(action.title),
            "permission": action.permission,
            "script": action.script,
            "hotkey": action.hotkey,
        }
        for action in runtime.till_actions
    ]
    return {
        "settings": settings,
        "strings": translated(runtime.till_strings),
        # The reader's language (the cashier's, else the browser's, else the store's), as
        # the strings are: money, quantities and times are written in it too.
        "locale": str(get_locale() or settings["locale"]),
        # The language of a cashier who has none of their own: the browser's, else the
        # store's. A cashier signing in on a page in another language gets theirs (i18n.js).
        "default_locale": request.accept_languages.best_match(LANGUAGES) or settings["locale"],
        # The coins and notes counted at closing.
        "denominations": denominations(str(settings["currency"])),
        "actions": actions,
        "pricing": pricing_scripts(),
        # Titles, so that the till names them when it refuses a sale offline.
        "server_priced": [_plugin_title(runtime, n) for n in runtime.priced_on_server_only()],
        "line_kinds": {
            code: {"title": str(kind.title or code), "works_offline": bool(kind.works_offline)}
            for code, kind in runtime.line_kinds.items()
        },
        # The enabled plugins' titles: who added a line, whose data a cart holds.
        "plugins": {name: _plugin_title(runtime, name) for name in runtime.enabled},
    }


def _no_store(response):
    # The service worker is the offline copy; the browser's HTTP cache must not serve a
    # stale page while the server is reachable.
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/")
@public
def index():
    """The till (sign-in, register, sell, pay, refunds), one page."""
    return _no_store(make_response(render_template("till/index.html", boot=boot_data())))


@bp.route("/display")
@public
def display():
    """The customer-facing display, mirroring the till of the same browser."""
    return _no_store(make_response(render_template("till/display.html", boot=boot_data())))


@bp.route("/csrf")
@public
def csrf_token():
    """A CSRF token for the PIN sign-in of a browser that has no session yet."""
    response = jsonify({"csrf_token": generate_csrf()})
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/sw.js")
@public
def service_worker():
    """The service worker (served here so that its scope is ``/till/``)."""
    assets = [url_for("static", filename=name) for name in TILL_ASSETS]
    # The plugins' pricing modules and action scripts too: the till imports them offline
    # as well. Apart, so that one missing module does not keep the till's own files out.
    plugin_assets = sorted(
        {item["script"] for item in pricing_scripts()}
        | {action.script for action in current_runtime().till_actions}
    )
    body = render_template("till/sw.js", assets=assets, plugin_assets=plugin_assets)
    response = make_response(body)
    response.headers["Content-Type"] = "text/javascript; charset=utf-8"
    return _no_store(response)
