"""The back-office page: tips per person."""

from __future__ import annotations

from flask import Blueprint, render_template

from core.plugins import require

from .services import totals_by_user

pages = Blueprint("tips", __name__, url_prefix="/tips")


@pages.route("/")
@require("admin.access")
@require("tips.view")
def index():
    return render_template("tips/index.html", totals=totals_by_user())
