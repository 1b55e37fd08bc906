"""Every page of the dashboard, users and roles, the audit log and the reports refuses
a cashier with a 403 (a signed-in browser, CSRF token included, so the refusal is the
permission's), and anyone signed out is sent to sign in."""

from __future__ import annotations

import pytest
from backoffice_client import csrf_of

PAGES = ("admin.index", "admin_users.", "admin_reports.", "audit.")


def _pages(app):
    runtime_app = app.runtimes.current().app
    for rule in runtime_app.url_map.iter_rules():
        if not rule.endpoint.startswith(PAGES) or (
            rule.endpoint.startswith("admin.") and rule.endpoint != "admin.index"
        ):
            continue
        values = {name: 1 if name.endswith("_id") else "sales" for name in rule.arguments}
        path = rule.build(values)[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, method, path


def test_the_pages_are_found(app):
    endpoints = {endpoint for endpoint, _method, _path in _pages(app)}
    assert {
        "admin.index",
        "admin_users.users",
        "admin_users.set_active",
        "audit.index",
    } <= endpoints
    assert {"admin_reports.report", "admin_reports.report_csv", "admin_users.new_role"} <= endpoints


def test_a_cashier_gets_403_on_every_page(app, browse):
    cashier = browse("cashier")
    refused = {}
    for endpoint, method, path in _pages(app):
        if method == "GET":
            response = cashier.get(path)
        else:
            token = csrf_of(cashier.client, "/login")
            response = cashier.client.open(path, method=method, data={"csrf_token": token})
        refused[(endpoint, method)] = response.status_code
    assert set(refused.values()) == {403}, refused


@pytest.mark.parametrize(
    "path", ["/admin/", "/admin/users/", "/admin/reports/sales", "/admin/audit/"]
)
def test_signed_out_browsers_are_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
