"""The till's Check in action: registered for who may see bookings, its script served,
its words translated."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.comptoir_plugins("golf")


def test_the_check_in_action_is_offered_with_its_script(app, cashier_api):
    actions = {a.code: a for a in app.runtimes.current().till_actions}
    action = actions["golf.check_in"]
    assert action.permission == "golf.view"
    script = cashier_api.get(action.script)
    assert script.status_code == 200
    assert b"export async function run(till)" in script.data
    assert b'"golf_green_fee"' in script.data  # served minified


def test_the_membership_and_rain_check_actions_are_offered(app, cashier_api):
    actions = {a.code: a for a in app.runtimes.current().till_actions}
    for code, kind in (("golf.membership", b'"golf_membership"'), ("golf.rain_check", b"rain")):
        action = actions[code]
        assert action.permission == "golf.view"
        script = cashier_api.get(action.script)
        assert script.status_code == 200 and kind in script.data
