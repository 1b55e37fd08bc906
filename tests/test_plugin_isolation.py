"""A disabled plugin is never called: no hooks, no routes, no permissions, no commands."""

from __future__ import annotations

import pytest
from sample_plugins import beta

ALPHA = "alpha=sample_plugins.alpha"
BETA = "beta=sample_plugins.beta"

pytestmark = pytest.mark.comptoir_extra_plugins(ALPHA, BETA)


def test_disabled_plugins_hooks_are_never_called(app, admin_api):
    """While beta is disabled, runtimes are built (requests, an enable of alpha) and none
    of beta's hooks runs; once enabled they do; disabled again, they stop."""
    beta.CALLS.clear()
    admin_api.get("/api/v1/me")
    admin_api.post("/api/v1/plugins/alpha/enable")
    app.runtimes.refresh()
    assert beta.CALLS == []
    admin_api.post("/api/v1/plugins/beta/enable")
    assert "pos_register_permissions" in beta.CALLS
    admin_api.post("/api/v1/plugins/beta/disable")
    beta.CALLS.clear()
    admin_api.post("/api/v1/plugins/alpha/disable")
    admin_api.post("/api/v1/plugins/alpha/enable")
    assert beta.CALLS == []


def test_disabled_plugin_is_not_registered_with_pluggy(app):
    runtime = app.runtimes.current()
    assert runtime.pm.get_plugin("beta") is None
    assert "beta" not in runtime.enabled


@pytest.mark.parametrize("path", ["/alpha/", "/api/v1/alpha/notes"])
def test_disabled_plugins_routes_are_404(admin_api, path):
    """A disabled plugin's pages and endpoints do not exist, even for the admin."""
    assert admin_api.get(path).status_code == 404
    admin_api.post("/api/v1/plugins/alpha/enable")
    assert admin_api.get(path).status_code == 200
    admin_api.post("/api/v1/plugins/alpha/disable")
    assert admin_api.get(path).status_code == 404


def test_disabled_plugins_permissions_are_absent(app, admin_api):
    """Permissions of a disabled plugin are not registered and not granted."""
    assert not any(p.startswith("alpha.") for p in admin_api.get("/api/v1/me").json["permissions"])
    assert "alpha.view" not in app.runtimes.current().permissions
    admin_api.post("/api/v1/plugins/alpha/enable")
    assert "alpha.view" in admin_api.get("/api/v1/me").json["permissions"]


def test_disabled_plugins_menu_till_actions_and_settings_are_absent(app, admin_api):
    runtime = app.runtimes.current()
    assert not [i for i in runtime.admin_menu if i.endpoint.startswith("alpha.")]
    assert not [a for a in runtime.till_actions if a.code.startswith("alpha.")]
    assert admin_api.get("/api/v1/settings/alpha").status_code == 404
    admin_api.post("/api/v1/plugins/alpha/enable")
    runtime = app.runtimes.current()
    assert [i.endpoint for i in runtime.admin_menu if i.endpoint.startswith("alpha.")] == [
        "alpha.index"
    ]
    assert [a.code for a in runtime.till_actions] == ["alpha.wave"]
    assert admin_api.get("/api/v1/settings/alpha").json == {"greeting": "hello"}


def test_disabled_plugins_cli_commands_are_absent(cli_runner):
    """pos_register_cli_commands is called for enabled plugins only."""
    assert cli_runner("alpha", "hello").exit_code != 0
    cli_runner("plugins", "enable", "alpha")
    result = cli_runner("alpha", "hello")
    assert result.exit_code == 0 and result.output.strip() == "alpha says hello"


def test_disabled_plugins_openapi_paths_are_absent(client, admin_api):
    assert "/api/v1/alpha/notes" not in client.get("/api/v1/openapi.json").json["paths"]
    admin_api.post("/api/v1/plugins/alpha/enable")
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert paths["/api/v1/alpha/notes"]["post"]["x-permission"] == "alpha.edit"


@pytest.mark.comptoir_plugins("beta")
@pytest.mark.parametrize("comptoir_config", [{"DISABLE_PLUGINS": "alpha"}])
def test_kill_switch_keeps_a_plugin_and_its_dependents_off(app, admin_api):
    """COMPTOIR_DISABLE_PLUGINS keeps a plugin off whatever the database says, with the
    plugins that need it; both are reported as broken with the reason."""
    runtime = app.runtimes.current()
    assert runtime.enabled == ()
    assert "COMPTOIR_DISABLE_PLUGINS" in runtime.broken["alpha"]
    assert "alpha" in runtime.broken["beta"]
    assert admin_api.get("/alpha/").status_code == 404
    plugins = {p["name"]: p for p in admin_api.get("/api/v1/plugins").json}
    assert plugins["alpha"]["enabled"] is True and plugins["alpha"]["broken"]
