"""Themes: the store's ``theme`` setting picks a folder whose templates and static files
override the default theme's; what it does not override falls back to the default."""

from __future__ import annotations

import pytest
from marshmallow import ValidationError

from core.settings import save_settings


def _use_theme(app, name: str) -> None:
    with app.app_context():
        save_settings("store", {"theme": name})


def test_default_theme_serves_the_till(client):
    """Without a setting the default theme's files are served."""
    assert 'data-theme-brand="default"' in client.get("/till/").get_data(as_text=True)
    css = client.get("/static/till/theme.css").get_data(as_text=True)
    assert "--bg:#f4f5f7" in css  # served minified (core/minify.py)


def test_theme_template_overrides_the_default(app, client):
    """With theme "dark", its till/_brand.html replaces the default one in the page."""
    _use_theme(app, "dark")
    page = client.get("/till/").get_data(as_text=True)
    assert 'data-theme-brand="dark"' in page
    assert 'data-theme-brand="default"' not in page


def test_theme_static_file_overrides_the_default(app, client):
    """With theme "dark", /static/till/theme.css is the dark theme's file."""
    _use_theme(app, "dark")
    css = client.get("/static/till/theme.css").get_data(as_text=True)
    assert "--bg:#000000" in css and "#f4f5f7" not in css  # the dark theme's colours


def test_files_a_theme_does_not_override_fall_back_to_the_default(app, client):
    """The dark theme has no till.css nor index.html: the default theme's are used."""
    _use_theme(app, "dark")
    page = client.get("/till/")
    assert page.status_code == 200 and 'id="screen-sell"' in page.get_data(as_text=True)
    css = client.get("/static/till/till.css")
    assert css.status_code == 200 and b".sell{" in css.get_data()
    css.close()
    assert client.get("/admin/", follow_redirects=False).status_code in (302, 401)


def test_a_theme_without_a_folder_cannot_be_chosen(app):
    with app.app_context(), pytest.raises(ValidationError) as refused:
        save_settings("store", {"theme": "no-such-theme"})
    assert "theme" in refused.value.messages


def test_unknown_theme_falls_back_to_the_default(app, client):
    """A stored theme whose folder is gone (removed after it was chosen) serves the
    default theme rather than failing."""
    from core.db import db
    from core.plugins.models import Setting
    from core.plugins.state import bump_generation

    with app.app_context():
        row = db.session.get(Setting, "store") or Setting(namespace="store", values={})
        row.values = {**(row.values or {}), "theme": "no-such-theme", "name": "Kept"}
        db.session.add(row)
        bump_generation()
        db.session.commit()
        app.runtimes.refresh()
        assert (
            app.runtimes.current().settings["store"]["name"] == "Kept"
        )  # only the theme fell back
    assert 'data-theme-brand="default"' in client.get("/till/").get_data(as_text=True)


def test_changing_the_theme_back_restores_the_default(app, client):
    """The theme is read when the runtime is built: switching back takes effect."""
    _use_theme(app, "dark")
    assert 'data-theme-brand="dark"' in client.get("/till/").get_data(as_text=True)
    _use_theme(app, "default")
    assert 'data-theme-brand="default"' in client.get("/till/").get_data(as_text=True)
