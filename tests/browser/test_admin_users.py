"""Users and roles in the back office, in a real browser at the screen sizes shops use:
a cashier created and then deactivated can no longer sign in at the till; a custom role
is built from the permission matrix."""

from __future__ import annotations

import pytest

from .backoffice import SIZES, back_office, no_horizontal_scroll
from .conftest import screenshot
from .till import sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_deactivated_cashier_cannot_sign_in_at_the_till(browser, till_server, size):
    width = size[0]
    username, full_name, pin = f"leaver{width}", f"Leaver {width}", "2580"
    admin = back_office(browser, till_server, size)
    admin.goto("/admin/users/")
    admin.get_by_role("link", name="New user").click()
    admin.locator("#f-username").fill(username)
    admin.locator("#f-full_name").fill(full_name)
    admin.locator("#f-password").fill("leaver-password")
    admin.locator("#f-pin").fill(pin)
    admin.get_by_label("Cashier").check()
    admin.get_by_role("button", name="Create user").click()
    admin.get_by_role("heading", name=full_name).wait_for()
    assert no_horizontal_scroll(admin)
    screenshot(admin, f"admin-user-created-{width}")

    # The new cashier signs in at the till...
    till_server.ensure_open()
    till = browser.new_context(
        base_url=till_server.url, viewport={"width": size[0], "height": size[1]}
    )
    till_page = till.new_page()
    sign_in(till_page, full_name, pin)
    till_page.locator("#screen-sell").wait_for(state="visible")
    till.close()

    # ... is deactivated in the back office ...
    admin.get_by_role("button", name="Deactivate").click()
    admin.get_by_text(f"{username} can no longer sign in.").wait_for()
    screenshot(admin, f"admin-user-deactivated-{width}")
    admin.goto("/admin/users/")
    assert admin.get_by_role("link", name=username, exact=True).count() == 0

    # ... and no longer can: not offered on the till's sign-in screen, PIN refused.
    till = browser.new_context(
        base_url=till_server.url, viewport={"width": size[0], "height": size[1]}
    )
    till_page = till.new_page()
    till_page.goto("/till/")
    till_page.get_by_role("button", name="Cashier", exact=True).wait_for()
    assert till_page.get_by_role("button", name=full_name, exact=True).count() == 0
    screenshot(till_page, f"till-signin-after-deactivation-{width}")
    _, users, _ = till_server.api("GET", "/users")
    user_id = next(u["id"] for u in users if u["username"] == username)
    status, _body, _ = till_server.api("POST", "/auth/pin", {"user_id": user_id, "pin": pin})
    assert status == 401
    till.close()
    admin.context.close()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_custom_role_from_the_permission_matrix(browser, till_server, size):
    width = size[0]
    admin = back_office(browser, till_server, size)
    admin.goto("/admin/roles/")
    admin.get_by_role("link", name="New role").click()
    admin.locator("#f-name").fill(f"shift-lead-{width}")
    admin.locator("#f-title").fill(f"Shift lead {width}")
    for code in ("till.use", "sales.refund", "registers.close"):
        admin.locator(f'input[name="permissions"][value="{code}"]').check()
    screenshot(admin, f"admin-role-form-{width}")
    admin.get_by_role("button", name="Create role").click()
    admin.get_by_text(f"Role shift-lead-{width} created.").wait_for()
    assert no_horizontal_scroll(admin)
    screenshot(admin, f"admin-role-matrix-{width}")
    _, roles, _ = till_server.api("GET", "/roles")
    role = next(r for r in roles if r["name"] == f"shift-lead-{width}")
    assert role["permissions"] == ["registers.close", "sales.refund", "till.use"]
    admin.context.close()
