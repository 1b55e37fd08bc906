"""The plugins page: every installed plugin, and switching one on or off after a
confirmation that names everything else that changes with it.

Enabling a plugin enables its dependencies first; disabling one disables, together with
it, the enabled plugins that need it. The confirmation page lists them; the form it posts
repeats that list, and if the plugins changed in between (someone else switched one) the
page asks again instead of switching more than was confirmed.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..auth.permissions import has_permission, require_back_office
from ..migrate import MigrationError
from ..plugins.errors import PluginError, UnknownPlugin
from ..plugins.service import (
    PluginChange,
    describe_plugins,
    disable_plugins,
    enable_plugins,
    plan_change,
)

bp = Blueprint("admin_plugins", __name__, url_prefix="/admin")

ACTIONS = {"enable": True, "disable": False}


@bp.route("/plugins")
@require_back_office("plugins.view")
def plugins():
    described = describe_plugins(current_app)
    titles = {plugin["name"]: plugin["title"] for plugin in described}
    return render_template(
        "admin/plugins.html",
        plugins=described,
        titles=titles,
        can_manage=has_permission("plugins.manage"),
        can_configure=has_permission("settings.manage"),
    )


def _plan(name: str, action: str) -> PluginChange:
    if action not in ACTIONS:
        abort(404)
    try:
        return plan_change(current_app, name, ACTIONS[action])
    except UnknownPlugin:
        abort(404)


def _confirm_page(change: PluginChange, status: int = 200, error: str | None = None):
    described = {plugin["name"]: plugin for plugin in describe_plugins(current_app)}
    return (
        render_template(
            "admin/plugin_confirm.html",
            change=change,
            plugin=described[change.name],
            others=[described[name] for name in change.also],
            error=error,
        ),
        status,
    )


@bp.route("/plugins/<name>/<action>")
@require_back_office("plugins.manage")
def confirm_change(name: str, action: str):
    try:
        change = _plan(name, action)
    except PluginError as exc:
        flash(str(exc), "error")
        return redirect(url_for("admin_plugins.plugins"))
    return _confirm_page(change)


@bp.route("/plugins/<name>/<action>", methods=["POST"])
@require_back_office("plugins.manage")
def change_plugin(name: str, action: str):
    try:
        change = _plan(name, action)
    except PluginError as exc:
        flash(str(exc), "error")
        return redirect(url_for("admin_plugins.plugins"))
    confirmed = sorted(filter(None, request.form.get("also", "").split(",")))
    if confirmed != sorted(change.also):
        # What would change is not what the person saw: show it again.
        return _confirm_page(
            change, 409, _("More plugins are affected than you confirmed; please check again.")
        )
    try:
        if change.enable:
            changed = enable_plugins(current_app, change.names)
            message = _("Enabled: %(names)s", names=", ".join(changed) or name)
        else:
            changed = disable_plugins(current_app, change.names)
            message = _("Disabled: %(names)s", names=", ".join(changed) or name)
    except (PluginError, MigrationError) as exc:
        flash(str(exc), "error")
    else:
        flash(message, "success")
    return redirect(url_for("admin_plugins.plugins"))
