"""Back-office page of the promotions plugin: the list of promotions."""

from __future__ import annotations

from flask import Blueprint, render_template

from core.plugins import require, utcnow

from . import services

bp = Blueprint("promotions", __name__, url_prefix="/promotions")


@bp.route("/")
@require("promotions.view")
def index():
    now = utcnow()
    promotions = services.list_promotions()
    return render_template("promotions/index.html", promotions=promotions, now=now)
