"""The app factory and configuration."""

import pytest

from core.app import create_app
from core.config import ConfigError, load_config


def test_secret_key_generated_once_and_kept(tmp_path):
    """Without COMPTOIR_SECRET_KEY a key is generated in the instance and reused."""
    first = load_config(tmp_path)["SECRET_KEY"]
    second = load_config(tmp_path)["SECRET_KEY"]
    assert first == second and len(first) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_instance_file_and_environment(tmp_path, monkeypatch):
    """The instance's comptoir.toml sets keys; COMPTOIR_* variables override it."""
    (tmp_path / "comptoir.toml").write_text(
        'COMPTOIR_DATABASE_URL = "sqlite:///from-file.db"\nsecret_key = "from-file"\n'
    )
    config = load_config(tmp_path)
    assert config["DATABASE_URL"] == "sqlite:///from-file.db"
    assert config["SECRET_KEY"] == "from-file"
    monkeypatch.setenv("COMPTOIR_SECRET_KEY", "from-env")
    assert load_config(tmp_path)["SECRET_KEY"] == "from-env"


def test_postgresql_url_uses_psycopg3(tmp_path):
    config = load_config(tmp_path, {"DATABASE_URL": "postgresql://u@localhost/shop"})
    assert config["DATABASE_URL"] == "postgresql+psycopg://u@localhost/shop"


def test_broken_instance_file_is_a_config_error(tmp_path):
    (tmp_path / "comptoir.toml").write_text("this is = = not toml")
    with pytest.raises(ConfigError, match="comptoir.toml"):
        load_config(tmp_path)


def test_default_database_is_sqlite_in_the_instance(tmp_path):
    app = create_app(instance_path=tmp_path)
    try:
        assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'comptoir.db'}"
    finally:
        app.close()


@pytest.mark.sqlite
def test_sqlite_runs_in_wal_mode_with_foreign_keys(app):
    from core.db import db

    with app.app_context():
        assert db.session.execute(db.text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(db.text("PRAGMA foreign_keys")).scalar() == 1


def test_session_cookie_flags(app, client):
    """The session cookie is HttpOnly and SameSite=Lax (Secure with SECURE_COOKIES)."""
    response = client.post(
        "/api/v1/auth/login",
        json={"username": "admin", "password": "x"},
    )
    assert response.status_code in (400, 401)
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
