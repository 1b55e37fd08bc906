"""Back-office pages of the purchasing plugin (filled in below)."""

from __future__ import annotations

from flask import Blueprint, render_template

from core.plugins import require

bp = Blueprint("purchasing", __name__, url_prefix="/purchasing")


@bp.route("/")
@require("admin.access")
@require("purchasing.view")
def index():
    return render_template("purchasing/index.html")
