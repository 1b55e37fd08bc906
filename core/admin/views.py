"""Back-office pages of the core: the dashboard. The plugins page is in
:mod:`.plugin_pages`, the settings pages in :mod:`.settings_pages`."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from ..auth.permissions import require
from .dashboard import dashboard

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/")
@require("admin.access")
def index():
    return render_template(
        "admin/index.html", **dashboard(check_journal=request.args.get("verify") == "1")
    )
