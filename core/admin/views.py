"""Back-office pages of the core: the dashboard and the plugins page."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..auth.permissions import require
from ..migrate import MigrationError
from ..plugins.errors import PluginError
from ..plugins.service import describe_plugins, disable_plugins, enable_plugins
from .dashboard import dashboard

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/")
@require("admin.access")
def index():
    return render_template(
        "admin/index.html", **dashboard(check_journal=request.args.get("verify") == "1")
    )


@bp.route("/plugins")
@require("plugins.view")
def plugins():
    return render_template("admin/plugins.html", plugins=describe_plugins(current_app))


@bp.route("/plugins/<name>/<action>", methods=["POST"])
@require("plugins.manage")
def change_plugin(name: str, action: str):
    try:
        if action == "enable":
            changed = enable_plugins(current_app, [name])
            flash(_("Enabled: %(names)s", names=", ".join(changed) or name), "success")
        elif action == "disable":
            changed = disable_plugins(current_app, [name])
            flash(_("Disabled: %(names)s", names=", ".join(changed) or name), "success")
        else:
            flash(_("Unknown action."), "error")
    except (PluginError, MigrationError) as exc:
        flash(str(exc), "error")
    return redirect(url_for("admin.plugins"))
