"""Safe defaults (issue 18, item 11): a new instance's folder and SQLite database are its
owner's only, every answer carries a Content-Security-Policy the till and the back office
work under, and `comptoir run` says loudly when cookies may travel in clear."""

from __future__ import annotations

import os
import re
import stat

import pytest
import sqlalchemy as sa

from core.app import create_app
from core.cli.run import warn_if_cookies_travel_in_clear
from core.db import db


@pytest.fixture
def usual_umask():
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.mark.sqlite
def test_a_new_instance_is_its_owners_only(tmp_path, usual_umask):
    instance = tmp_path / "shop"
    app = create_app({"PASSWORD_HASH_METHOD": "pbkdf2:sha256:1"}, instance_path=instance)
    try:
        with app.app_context():
            db.session.execute(sa.text("CREATE TABLE probe (x INTEGER)"))
            db.session.commit()
    finally:
        app.close()
    assert stat.S_IMODE(instance.stat().st_mode) == 0o700
    assert stat.S_IMODE((instance / "comptoir.db").stat().st_mode) == 0o600
    assert stat.S_IMODE((instance / "secret_key").stat().st_mode) == 0o600


def _scripts(html: str) -> list[str]:
    return re.findall(r"<script\b([^>]*)>", html)


def test_pages_carry_a_policy_without_inline_scripts(app, manager_api, client):
    policy = client.get("/login").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("style-src")[0]
    assert "frame-ancestors 'self'" in policy and "object-src 'none'" in policy
    for path in ("/login", "/till/", "/admin/"):
        response = manager_api.get(path)
        assert response.status_code == 200, path
        assert response.headers["Content-Security-Policy"] == policy
        for attributes in _scripts(response.get_data(as_text=True)):
            # Only scripts loaded from the server, or data blocks (not run).
            assert "src=" in attributes or 'type="application/json"' in attributes, path
    assert manager_api.get("/api/v1/me").headers["Content-Security-Policy"] == policy


class TestThePolicyIsASetting:
    @pytest.fixture
    def comptoir_config(self):
        return {"CONTENT_SECURITY_POLICY": ""}

    def test_an_empty_policy_sends_none(self, client):
        assert "Content-Security-Policy" not in client.get("/login").headers


def test_serving_off_localhost_without_secure_cookies_warns_loudly(app, capsys):
    warn_if_cookies_travel_in_clear(app, "127.0.0.1")
    warn_if_cookies_travel_in_clear(app, "localhost")
    assert capsys.readouterr().err == ""
    warn_if_cookies_travel_in_clear(app, "0.0.0.0")
    err = capsys.readouterr().err
    assert "WARNING" in err and "SECURE_COOKIES" in err and "0.0.0.0" in err
    app.config["SESSION_COOKIE_SECURE"] = True
    warn_if_cookies_travel_in_clear(app, "0.0.0.0")
    assert capsys.readouterr().err == ""
