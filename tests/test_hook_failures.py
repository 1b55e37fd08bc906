"""Failure policy of each hook family: registration, pure, transactional, after commit,
presentation (see core.plugins.hookspecs)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import types

import pytest
import sqlalchemy as sa
from sample_plugins import flaky, rules

from core.db import db, utcnow, write_transaction
from core.plugins import PluginInfo, hookimpl
from core.plugins.discovery import discover
from core.plugins.errors import HookFailed
from core.plugins.info import InstalledPlugin, Permission
from core.plugins.models import OutboxDelivery
from core.plugins.outbox import MAX_ATTEMPTS, backoff, deliver, emit, run_due
from core.plugins.runtime import build_runtime
from core.stock.models import Location

ALPHA = "alpha=sample_plugins.alpha"
BETA = "beta=sample_plugins.beta"
BROKEN = "broken_registration=sample_plugins.broken_registration"
RULES = "rules=sample_plugins.rules"
FAILING = "failing_hooks=sample_plugins.failing_hooks"
FLAKY = "flaky=sample_plugins.flaky"

REGISTRATION_HOOKS = (
    "pos_register_permissions",
    "pos_register_settings",
    "pos_register_payment_methods",
    "pos_register_line_kinds",
    "pos_register_admin_menu",
    "pos_register_till_actions",
    "pos_register_till_strings",
    "pos_register_blueprints",
    "pos_register_api",
    "pos_register_assets",
    "pos_register_till_pricing",
    "pos_register_cart_data",
    "pos_register_journal_kinds",
    "pos_register_event_loaders",
    "pos_register_event_filters",
)


# -- registration ------------------------------------------------------------------------


def _plugin_failing_in(hook: str, name: str = "fragile", depends=()) -> InstalledPlugin:
    """A plugin module, made on the fly, whose ``hook`` raises."""
    module = types.ModuleType(f"fragile_{hook}")

    def implementation():
        raise RuntimeError(f"boom in {hook}")

    implementation.__name__ = hook
    setattr(module, hook, hookimpl(implementation))
    module.plugin_info = PluginInfo(name=name, title=name, depends=tuple(depends))
    return InstalledPlugin(module.plugin_info, module, "1.0", None)


def test_every_registration_hook_is_checked():
    """Each runtime-building registration hook is in the list below (the command line's
    is called apart, when the CLI starts)."""
    from core.plugins import hookspecs

    specs = {n for n in dir(hookspecs) if n.startswith("pos_register_")}
    assert specs - {"pos_register_cli_commands"} == set(REGISTRATION_HOOKS)


@pytest.mark.parametrize("hook", REGISTRATION_HOOKS)
def test_registration_failure_marks_plugin_broken_and_the_rest_starts(hook):
    """A plugin whose registration hook raises is left out with the reason; the other
    enabled plugins are registered."""
    installed = discover(ALPHA)
    installed["fragile"] = _plugin_failing_in(hook)
    runtime = build_runtime(installed, {"alpha", "fragile"}, 1)
    assert runtime.enabled == ("alpha",)
    assert hook in runtime.broken["fragile"] and "boom" in runtime.broken["fragile"]
    assert runtime.pm.get_plugin("fragile") is None
    assert "alpha.view" in runtime.permissions


def test_registration_failure_takes_dependents_along():
    """Plugins that need a broken plugin are left out too, saying why."""
    installed = discover(ALPHA)
    installed["fragile"] = _plugin_failing_in("pos_register_permissions")
    installed["child"] = InstalledPlugin(
        PluginInfo(name="child", title="Child", depends=("fragile",)),
        types.ModuleType("child"),
        "1.0",
        None,
    )
    runtime = build_runtime(installed, {"alpha", "fragile", "child"}, 1)
    assert runtime.enabled == ("alpha",)
    assert "fragile" in runtime.broken["child"]


def test_strict_plugins_raises_on_registration_failure():
    """With STRICT_PLUGINS (the test fixtures' default) a registration failure raises,
    naming the plugin."""
    installed = discover(BROKEN)
    with pytest.raises(HookFailed, match="'broken_registration' failed .*boom at registration"):
        build_runtime(installed, {"broken_registration"}, 1, strict=True)


def _plugin_with_permission(name: str, code: str) -> InstalledPlugin:
    module = types.ModuleType(f"somewhere.{name}_module")

    @hookimpl
    def pos_register_permissions():
        return [Permission(code, "Taken")]

    module.pos_register_permissions = pos_register_permissions
    return InstalledPlugin(PluginInfo(name=name, title=name), module, "1", None)


@pytest.mark.parametrize("code", ["alpha.view", "till.use"])
def test_duplicate_permission_is_blamed_on_the_later_plugin(code):
    """A permission code already registered (by the core, or by a plugin registered
    earlier) marks the newcomer broken; the owner keeps it."""
    installed = discover(ALPHA)
    installed["zcopycat"] = _plugin_with_permission("zcopycat", code)
    runtime = build_runtime(installed, {"alpha", "zcopycat"}, 1)
    assert code in runtime.broken["zcopycat"]
    assert runtime.enabled == ("alpha",)
    assert runtime.permissions[code].description != "Taken"


def test_hook_implementation_without_spec_marks_plugin_broken():
    """A misspelt hook name is caught (pluggy's check_pending), not silently ignored, and
    blamed on the plugin whatever its module is called."""
    module = types.ModuleType("somewhere.typo_module")

    @hookimpl
    def pos_register_permisions():  # the typo is the point
        return []

    module.pos_register_permisions = pos_register_permisions
    installed = discover(ALPHA)
    installed["typo"] = InstalledPlugin(PluginInfo(name="typo", title="Typo"), module, "1", None)
    runtime = build_runtime(installed, {"alpha", "typo"}, 1)
    assert "pos_register_permisions" in runtime.broken["typo"]
    assert runtime.enabled == ("alpha",)


@pytest.mark.comptoir_extra_plugins(ALPHA, BROKEN)
@pytest.mark.comptoir_plugins("alpha")
@pytest.mark.parametrize("comptoir_config", [{"STRICT_PLUGINS": False}])
def test_broken_plugin_is_reported_by_api_and_cli_and_the_rest_serves(app, admin_api, cli_runner):
    """Enabling a plugin whose registration fails leaves it broken with the reason, shown
    by the API and `plugins list --json`; the core and the other plugins keep serving."""
    response = admin_api.post("/api/v1/plugins/broken_registration/enable")
    assert response.status_code == 200
    listed = {p["name"]: p for p in admin_api.get("/api/v1/plugins").json}
    assert "boom at registration" in listed["broken_registration"]["broken"]
    assert listed["alpha"]["broken"] is None
    result = cli_runner("plugins", "list", "--json")
    cli_listed = {p["name"]: p for p in json.loads(result.output)}
    assert "boom at registration" in cli_listed["broken_registration"]["broken"]
    assert "broken" in cli_runner("plugins", "list").output
    assert admin_api.get("/alpha/").status_code == 200
    assert admin_api.get("/api/v1/me").status_code == 200


# -- pure and transactional --------------------------------------------------------------

PURE_HOOKS = ("pos_price_line", "pos_adjust_cart", "pos_sale_validate")
TRANSACTIONAL_HOOKS = ("pos_sale_completing", "pos_refund_completing")
IN_REQUEST_HOOKS = PURE_HOOKS + TRANSACTIONAL_HOOKS


def test_rules_plugin_drives_every_in_request_hook():
    assert (rules.PURE_HOOKS, rules.TRANSACTIONAL_HOOKS) == (PURE_HOOKS, TRANSACTIONAL_HOOKS)


def _probe_written(app) -> int:
    with app.engine.connect() as conn:
        return conn.execute(
            sa.select(sa.func.count()).where(Location.code == rules.PROBE_LOCATION)
        ).scalar()


@pytest.mark.comptoir_extra_plugins(RULES)
@pytest.mark.comptoir_plugins("rules")
@pytest.mark.parametrize("hook", IN_REQUEST_HOOKS)
def test_rejected_is_a_422_naming_the_plugin_and_nothing_is_written(app, admin_api, hook):
    """`Rejected` raised by a pure or transactional hook answers 422 with the plugin's
    name and the reason; the transaction is rolled back."""
    response = admin_api.post("/api/v1/rules/run", json={"hook": hook, "mode": "reject"})
    assert response.status_code == 422
    error = response.json["error"]
    assert error["code"] == "rules_refused"
    assert error["message"] == "rules: refused by the rules"
    assert error["fields"] == {"lines": ["refused by the rules"]}
    assert _probe_written(app) == 0


@pytest.mark.comptoir_extra_plugins(RULES)
@pytest.mark.comptoir_plugins("rules")
@pytest.mark.parametrize("hook", IN_REQUEST_HOOKS)
def test_hook_bug_is_a_500_naming_the_plugin_and_nothing_is_written(app, admin_api, hook):
    """Any other exception is a HookFailed: a 500 naming the plugin, everything rolled back."""
    response = admin_api.post("/api/v1/rules/run", json={"hook": hook, "mode": "crash"})
    assert response.status_code == 500
    assert response.json["error"]["code"] == "plugin_failed"
    assert "'rules'" in response.json["error"]["message"]
    assert _probe_written(app) == 0


@pytest.mark.comptoir_extra_plugins(RULES)
@pytest.mark.comptoir_plugins("rules")
def test_accepting_hooks_let_the_transaction_commit(app, admin_api):
    """The driver itself works: with every hook accepting, the business row is written."""
    response = admin_api.post(
        "/api/v1/rules/run", json={"hook": "pos_sale_completing", "mode": "ok"}
    )
    assert response.status_code == 200 and response.json["written"] == 1
    assert _probe_written(app) == 1


def test_hook_failed_names_plugin_and_hook():
    from core.plugins.calls import Hooks
    from core.plugins.errors import HookFailed

    runtime = build_runtime(discover(RULES), {"rules"}, 1)
    with pytest.raises(HookFailed) as caught:
        Hooks(runtime.pm).call("pos_sale_validate", cart="crash", store=None, actor=None)
    assert caught.value.plugin == "rules" and caught.value.hook == "pos_sale_validate"
    assert isinstance(caught.value.error, RuntimeError)


# -- presentation -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hook", "kwargs"),
    [
        ("pos_receipt_sections", {"sale": None, "store": None}),
        ("pos_report_sections", {"report": {}, "params": {}}),
        ("pos_session_report_sections", {"session": None, "report": {}, "store": None}),
    ],
)
def test_presentation_failure_leaves_the_part_out(hook, kwargs, caplog):
    """A failing presentation hook's part is left out and logged; the others render."""
    runtime = build_runtime(discover(f"{RULES},{FAILING}"), {"rules", "failing_hooks"}, 1)
    with caplog.at_level(logging.ERROR, logger="comptoir.plugins"):
        parts = runtime.hooks.present(hook, **kwargs)
    assert [part.title for part in parts] == ["Rules"]
    assert any("failing_hooks" in r.getMessage() and hook in r.getMessage() for r in caplog.records)


# -- after commit: the outbox -------------------------------------------------------------


@pytest.fixture
def flaky_outbox():
    flaky.reset()
    yield flaky
    flaky.reset()


def _emit_with_business_row(value: str) -> list[int]:
    """A business row and the plugin's event, in one transaction (as a sale does)."""
    write_transaction()
    db.session.add(Location(code="business", name="A completed sale's data"))
    deliveries = [d for d in emit(flaky.HOOK, {"value": value}) if d.plugin == "flaky"]
    db.session.commit()
    return [d.id for d in deliveries]


def _delivery(delivery_id: int) -> OutboxDelivery:
    db.session.expire_all()
    return db.session.get(OutboxDelivery, delivery_id)


def _make_due(delivery_id: int) -> None:
    db.session.execute(
        sa.update(OutboxDelivery)
        .where(OutboxDelivery.id == delivery_id)
        .values(next_attempt_at=utcnow() - dt.timedelta(seconds=1))
    )
    db.session.commit()


@pytest.mark.comptoir_extra_plugins(FLAKY)
@pytest.mark.comptoir_plugins("flaky")
def test_after_commit_failures_are_retried_with_backoff(app, cli_runner, flaky_outbox):
    """An after-commit hook (here a plugin's own, with its event loader) that fails twice
    is retried with a growing delay, by run_due and by `comptoir outbox run`, until it
    succeeds; the business data is never touched."""
    with app.app_context():
        (delivery_id,) = _emit_with_business_row("S-1")
        before = utcnow()
        deliver([_delivery(delivery_id)])
        first = _delivery(delivery_id)
        assert (first.status, first.attempts) == ("pending", 1)
        assert first.last_error.startswith("ConnectionError")
        assert first.next_attempt_at >= before + backoff(1)
        assert run_due() == 0, "not due yet: the backoff is respected"

        _make_due(delivery_id)
        before = utcnow()
        assert run_due() == 0
        second = _delivery(delivery_id)
        assert second.attempts == 2 and second.next_attempt_at >= before + backoff(2)
        assert backoff(2) > backoff(1)
        _make_due(delivery_id)

    result = cli_runner("outbox", "run")
    assert result.exit_code == 0 and "Delivered: 1" in result.output
    with app.app_context():
        done = _delivery(delivery_id)
        assert (done.status, done.attempts, done.last_error) == ("done", 3, None)
        assert db.session.scalar(sa.select(Location.name).where(Location.code == "business"))
    assert flaky.DELIVERED == [(done.event_id, "S-1")]


@pytest.mark.comptoir_extra_plugins(FLAKY)
@pytest.mark.comptoir_plugins("flaky")
def test_pending_deliveries_are_listed_with_their_error(app, admin_api, flaky_outbox):
    with app.app_context():
        (delivery_id,) = _emit_with_business_row("S-2")
        deliver([_delivery(delivery_id)])
    (listed,) = [d for d in admin_api.get("/api/v1/outbox").json if d["id"] == delivery_id]
    assert listed["plugin"] == "flaky" and listed["status"] == "pending"
    assert "remote side down" in listed["last_error"]


@pytest.mark.comptoir_extra_plugins(FLAKY)
@pytest.mark.comptoir_plugins("flaky")
def test_delivery_gives_up_after_max_attempts(app, flaky_outbox, monkeypatch):
    """A delivery that keeps failing is tried exactly MAX_ATTEMPTS times, then marked
    failed (shown to the admin) and never tried again."""
    monkeypatch.setattr(flaky, "FAILURES", MAX_ATTEMPTS + 5)
    with app.app_context():
        (delivery_id,) = _emit_with_business_row("S-3")
        event_id = _delivery(delivery_id).event_id
        for attempt in range(1, MAX_ATTEMPTS):
            _make_due(delivery_id)
            run_due()
            pending = _delivery(delivery_id)
            assert (pending.status, pending.attempts) == ("pending", attempt)
            assert flaky.ATTEMPTS[event_id] == attempt
        _make_due(delivery_id)
        run_due()
        failed = _delivery(delivery_id)
        assert (failed.status, failed.attempts) == ("failed", MAX_ATTEMPTS)
        _make_due(delivery_id)
        assert run_due() == 0
        assert flaky.ATTEMPTS[event_id] == MAX_ATTEMPTS
        assert _delivery(delivery_id).attempts == MAX_ATTEMPTS


@pytest.mark.comptoir_extra_plugins(FLAKY)
@pytest.mark.comptoir_plugins("flaky")
def test_delivery_to_a_disabled_plugin_waits(app, admin_api, flaky_outbox):
    """A delivery owed to a plugin that was disabled is not attempted (its hooks are never
    called) and goes out once the plugin is enabled again."""
    with app.app_context():
        (delivery_id,) = _emit_with_business_row("S-4")
    admin_api.post("/api/v1/plugins/flaky/disable")
    with app.app_context():
        for _ in range(3):
            run_due()
            _make_due(delivery_id)
        assert flaky.ATTEMPTS == {} and _delivery(delivery_id).attempts == 0
    admin_api.post("/api/v1/plugins/flaky/enable")
    with app.app_context():
        for _ in range(3):
            _make_due(delivery_id)
            run_due()
        assert _delivery(delivery_id).status == "done"
