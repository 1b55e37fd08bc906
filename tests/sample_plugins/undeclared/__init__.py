"""A plugin with a page that forgot its permission: the guard must refuse it."""

from flask import Blueprint

from core.plugins import PluginInfo, hookimpl

plugin_info = PluginInfo(name="undeclared", title="Undeclared")

pages = Blueprint("undeclared", __name__, url_prefix="/undeclared")


@pages.route("/")
def index():
    return "this must never be served"


@hookimpl
def pos_register_blueprints():
    return [pages]
