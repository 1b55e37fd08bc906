"""Enabling and disabling plugins: dependencies, migrations, CLI and API."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from alembic import command

from core.db import db
from core.migrate import alembic_config
from core.plugins.state import enabled_names

ALPHA = "alpha=sample_plugins.alpha"
BETA = "beta=sample_plugins.beta"

pytestmark = pytest.mark.comptoir_extra_plugins(ALPHA, BETA)


def _enabled(app) -> set[str]:
    with app.app_context():
        return enabled_names()


def _has_table(app, name: str) -> bool:
    return sa.inspect(app.engine).has_table(name)


def test_installed_is_not_enabled(app, admin_api):
    """A plugin found on the machine is listed, switched off, until someone enables it."""
    plugins = {p["name"]: p for p in admin_api.get("/api/v1/plugins").get_json()}
    assert plugins["alpha"]["enabled"] is False and plugins["beta"]["enabled"] is False
    assert not _has_table(app, "alpha_note")


def test_enabling_beta_enables_alpha_first(app, admin_api):
    """Enabling a plugin enables what it depends on, dependencies first."""
    response = admin_api.post("/api/v1/plugins/beta/enable")
    assert response.status_code == 200
    assert response.get_json()["changed"] == ["alpha", "beta"]
    assert _enabled(app) == {"alpha", "beta"}


def test_cli_enable_pulls_in_dependencies(app, cli_runner):
    result = cli_runner("plugins", "enable", "beta")
    assert result.exit_code == 0, result.output
    assert "Enabled: alpha, beta" in result.output
    assert _enabled(app) == {"alpha", "beta"}


def test_enabling_again_changes_nothing(app, admin_api, cli_runner):
    admin_api.post("/api/v1/plugins/alpha/enable")
    assert admin_api.post("/api/v1/plugins/alpha/enable").get_json()["changed"] == []
    assert "Already enabled." in cli_runner("plugins", "enable", "alpha").output


@pytest.mark.comptoir_plugins("beta")
def test_disabling_a_dependency_is_refused_by_the_api(app, admin_api):
    """Disabling alpha while beta (which needs it) is enabled is a 409; nothing changes."""
    response = admin_api.post("/api/v1/plugins/alpha/disable")
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["code"] == "dependency" and "beta" in error["message"]
    assert _enabled(app) == {"alpha", "beta"}


@pytest.mark.comptoir_plugins("beta")
def test_disabling_a_dependency_is_refused_by_the_cli(app, cli_runner):
    result = cli_runner("plugins", "disable", "alpha")
    assert result.exit_code != 0
    assert result.output.startswith("Error: ") and "beta" in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert _enabled(app) == {"alpha", "beta"}


@pytest.mark.comptoir_plugins("beta")
def test_disabling_both_together_works(app, cli_runner):
    """A plugin and the plugins that need it can be disabled in one command."""
    result = cli_runner("plugins", "disable", "alpha", "beta")
    assert result.exit_code == 0, result.output
    assert _enabled(app) == set()


@pytest.mark.comptoir_plugins("beta")
def test_disabling_dependent_first_then_dependency_works(app, admin_api):
    assert admin_api.post("/api/v1/plugins/beta/disable").status_code == 200
    assert admin_api.post("/api/v1/plugins/alpha/disable").status_code == 200
    assert _enabled(app) == set()


def test_unknown_plugin_is_a_404(admin_api):
    response = admin_api.post("/api/v1/plugins/nope/enable")
    assert response.status_code == 404
    assert "nope" in response.get_json()["error"]["message"]


def test_enabling_runs_the_plugins_migrations(app, admin_api):
    """Enabling alpha creates its table (its migration branch is upgraded)."""
    assert not _has_table(app, "alpha_note")
    admin_api.post("/api/v1/plugins/alpha/enable")
    assert _has_table(app, "alpha_note")


def test_disabling_keeps_data_and_reenabling_brings_it_back(app, admin_api):
    """Disabling a plugin keeps its tables and rows; enabling it again serves them."""
    admin_api.post("/api/v1/plugins/alpha/enable")
    created = admin_api.post("/api/v1/alpha/notes", json={"text": "keep me"})
    assert created.status_code == 201
    admin_api.post("/api/v1/plugins/alpha/disable")
    assert admin_api.get("/api/v1/alpha/notes").status_code == 404
    with app.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT text FROM alpha_note")).scalars().all() == ["keep me"]
    admin_api.post("/api/v1/plugins/alpha/enable")
    notes = admin_api.get("/api/v1/alpha/notes").get_json()
    assert [n["text"] for n in notes] == ["keep me"]


def test_enabling_grants_default_permissions_to_builtin_roles(app, cashier_api, admin_api):
    """A plugin's permissions go to the built-in roles named in default_roles."""
    admin_api.post("/api/v1/plugins/alpha/enable")
    permissions = cashier_api.get("/api/v1/me").get_json()["permissions"]
    assert "alpha.view" in permissions and "alpha.edit" not in permissions


def test_enabling_seeds_the_plugin_once(app, admin_api):
    """pos_seed runs for a plugin when it is enabled."""
    from sample_plugins import alpha

    alpha.CALLS.clear()
    admin_api.post("/api/v1/plugins/alpha/enable")
    assert alpha.CALLS.count("seed") == 1


def _counts(app) -> dict[str, int]:
    with app.engine.connect() as conn:
        return {
            table: conn.execute(sa.text(f'SELECT COUNT(*) FROM "{table}"')).scalar()
            for table in ("user", "role", "location", "register", "plugin_state")
        }


@pytest.mark.comptoir_plugins("alpha")
def test_init_twice_is_harmless(app, cli_runner):
    """`comptoir init` on an initialised database changes nothing and prints no password."""
    before = _counts(app)
    for _ in range(2):
        result = cli_runner("init")
        assert result.exit_code == 0, result.output
        assert "password" not in result.output
    assert _counts(app) == before
    assert _enabled(app) == {"alpha"}


@pytest.mark.comptoir_plugins("alpha")
def test_init_upgrades_enabled_plugins(app, cli_runner):
    """`comptoir init` brings every enabled plugin's branch to its head."""
    with app.engine.begin() as connection:
        command.downgrade(alembic_config(app, connection), "alpha@base")
    assert not _has_table(app, "alpha_note")
    assert cli_runner("init").exit_code == 0
    assert _has_table(app, "alpha_note")


@pytest.mark.comptoir_plugins("beta")
def test_plugins_list_json_shape(cli_runner):
    """`plugins list --json`: every installed plugin with name, version, enabled, depends
    and the plugins it uses when they are on (optional)."""
    result = cli_runner("plugins", "list", "--json")
    assert result.exit_code == 0, result.output
    plugins = {p["name"]: p for p in json.loads(result.output)}
    assert {"alpha", "beta"} <= set(plugins)
    assert plugins["beta"] == {
        "name": "beta",
        "version": "0",
        "title": "Beta",
        "description": "",
        "author": "",
        "enabled": True,
        "depends": ["alpha"],
        "optional": [],
        "dependents": [],
        "broken": None,
        "has_settings": False,
    }
    for plugin in plugins.values():
        assert {"name", "version", "enabled", "depends"} <= set(plugin)


@pytest.mark.comptoir_plugins("beta")
def test_plugins_list_text(cli_runner):
    output = cli_runner("plugins", "list").output
    assert any(line.startswith("beta") and "enabled" in line for line in output.splitlines())
    assert "needs alpha" in output


def test_admin_page_enables_plugins(app, client):
    """The back office's plugins page switches plugins through the same service, once
    the dependencies switched along (alpha for beta) are confirmed."""
    from core.testing.fixtures import PASSWORDS

    def csrf(path: str) -> str:
        page = client.get(path).get_data(as_text=True)
        return page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]

    client.post(
        "/login",
        data={"username": "admin", "password": PASSWORDS["admin"], "csrf_token": csrf("/login")},
    )
    token = csrf("/admin/plugins/beta/enable")
    unconfirmed = client.post("/admin/plugins/beta/enable", data={"csrf_token": token})
    assert unconfirmed.status_code == 409 and _enabled(app) == set()
    response = client.post(
        "/admin/plugins/beta/enable", data={"csrf_token": token, "also": "alpha"}
    )
    assert response.status_code == 302
    assert _enabled(app) == {"alpha", "beta"}


def test_enable_is_atomic_with_its_migration(app):
    """The enabled set and the generation change in the same transaction."""
    from core.plugins.runtime import read_generation
    from core.plugins.service import enable_plugins

    before = read_generation(app.engine)
    with app.app_context():
        enable_plugins(app, ["alpha"])
        assert db.session.scalar(sa.text("SELECT enabled FROM plugin_state WHERE name='alpha'"))
    assert read_generation(app.engine) == before + 1
