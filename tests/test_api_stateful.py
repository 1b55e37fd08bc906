"""Stateful fuzzing of the API (issue 18, "kept true by the suite"): schemathesis chains
operations through the links it infers from the OpenAPI document (a created product's
id into its read, change and delete; a sale's id into its refund...), calling the app
in-process, and runs all its checks on every answer (no server error, statuses, content
types and bodies as declared, valid data accepted, invalid data refused, a deleted
resource gone, ...).

The run has a time budget, not a number of examples: ``COMPTOIR_FUZZ_SECONDS`` (a few
seconds by default for a developer's ``pytest``; CI gives each database leg more). New
scenarios start until the budget is spent; a failure stops the run with its scenario.
"""

from __future__ import annotations

import os
import time

import pytest
import schemathesis
from bundled import BUNDLED
from hypothesis import HealthCheck, Phase, settings

from core.testing.fixtures import token_for

OPENAPI = "/api/v1/openapi.json"
DEFAULT_SECONDS = 5.0
#: Scenarios per Hypothesis run; runs repeat (each with new random choices) until the
#: budget is spent, so the budget bounds the time, not Hypothesis' own count.
SCENARIOS_PER_RUN = 5

ONE_RUN = settings(
    max_examples=SCENARIOS_PER_RUN,
    stateful_step_count=8,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
    phases=[Phase.generate, Phase.shrink],
)


#: Operations whose valid requests follow rules the OpenAPI 3.0 document cannot state
#: (across fields, or naming other records in the body); a 422 there names the rule.
#: Schemathesis' "valid data is accepted" check is left out for them, every other check
#: runs. ``(method, path)``: why.
RULES_BEYOND_THE_DOCUMENT = {
    ("POST", "/api/v1/sales"): "a line gives one of product_id, barcode, added or a kind",
    ("POST", "/api/v1/sales/quote"): "the same lines as a sale",
    ("POST", "/api/v1/parked-sales"): "the same lines as a sale",
    ("POST", "/api/v1/sales/{sale_id}/refund"): "lines name the sale's own line ids",
    ("POST", "/api/v1/sales/{sale_id}/refund/quote"): "lines name the sale's own line ids",
    ("POST", "/api/v1/promotions"): "kind decides which of value, quantities, products apply",
    ("PATCH", "/api/v1/promotions/{promotion_id}"): "the same rules as a new promotion",
    ("POST", "/api/v1/journal/closings"): "the period is written as its kind says",
    ("POST", "/api/v1/stock/adjustments"): "either delta or counted",
    ("POST", "/api/v1/customers/{customer_id}/loyalty/adjustments"): "points are not zero",
    ("POST", "/api/v1/categories"): "parent_id names an existing category",
    ("PATCH", "/api/v1/categories/{category_id}"): "parent_id names an existing category",
    ("POST", "/api/v1/customers"): "group_id names an existing group",
    ("PATCH", "/api/v1/customers/{customer_id}"): "group_id names an existing group",
    ("POST", "/api/v1/users"): "roles name existing roles",
    ("PATCH", "/api/v1/users/{user_id}"): "roles name existing roles",
    ("POST", "/api/v1/roles"): "permissions name registered permissions",
    ("PATCH", "/api/v1/roles/{role_id}"): "permissions name registered permissions",
    ("POST", "/api/v1/registers"): "location_id names an existing stock location",
    ("PATCH", "/api/v1/registers/{register_id}"): "location_id names an existing location",
    ("POST", "/api/v1/products"): "tax_rate_id and category_id name existing records",
    ("PATCH", "/api/v1/products/{product_id}"): "tax_rate_id and category_id, the same",
    ("PATCH", "/api/v1/tax-rates/{rate_id}"): "the default rate is unset by setting another",
    ("GET", "/api/v1/reports/sales"): "from is not after to",
    ("GET", "/api/v1/accounting/entries"): "from is not after to, ten years at most",
    ("GET", "/api/v1/accounting/export"): "the same period; format names an export of the "
    "runtime (connector plugins add theirs); the FEC needs the SIREN setting",
    ("GET", "/api/v1/products"): "after_id goes with updated_since, and not with offset",
    ("POST", "/api/v1/golf/courses"): "the first tee time is before the last",
    ("POST", "/api/v1/golf/courses/{course_id}/blocks"): "a block starts before it ends and "
    "covers no booked tee time",
    ("PUT", "/api/v1/golf/courses/{course_id}"): "the first tee time is before the last",
    ("POST", "/api/v1/golf/courses/{course_id}/rates"): "a rate's hours run forward",
    ("POST", "/api/v1/transfers"): "the stock goes between two different stores",
    ("PUT", "/api/v1/golf/rates/{rate_id}"): "a rate's hours run forward",
    ("POST", "/api/v1/golf/bookings"): "a tee time of the course's sheet, today or later, "
    "with places left",
    ("POST", "/api/v1/golf/players/{player_id}/rain-check"): "a player who checked in and "
    "paid, once",
    ("GET", "/api/v1/golf/courses/{course_id}/reports/rounds"): "from is not after to",
    ("POST", "/api/v1/restaurant/tables"): "room_id names an existing room",
    ("PATCH", "/api/v1/restaurant/tables/{table_id}"): "room_id names an existing room",
    ("POST", "/api/v1/restaurant/orders"): "table_id names a table without an open order",
    ("POST", "/api/v1/restaurant/orders/{order_id}/lines"): "lines name existing products "
    "and modifiers, at the order's current version",
    ("PATCH", "/api/v1/restaurant/orders/{order_id}/lines/{line_id}"): "an unpaid line, at "
    "the order's current version",
    ("POST", "/api/v1/restaurant/orders/{order_id}/send"): "something new to send, at the "
    "current version",
    ("POST", "/api/v1/restaurant/orders/{order_id}/transfer"): "to a table without an order",
    ("POST", "/api/v1/restaurant/orders/{order_id}/merge"): "another open order",
    ("POST", "/api/v1/restaurant/orders/{order_id}/bill"): "seats and lines of the order, unpaid",
    ("POST", "/api/v1/timeclock/clock-in"): "an employee's right PIN, not clocked in",
    ("POST", "/api/v1/timeclock/clock-out"): "an employee's right PIN, clocked in",
    ("POST", "/api/v1/timeclock/break-start"): "an employee's right PIN, clocked in",
    ("POST", "/api/v1/timeclock/break-end"): "an employee's right PIN, on a break",
    ("POST", "/api/v1/timeclock/entries"): "user_id names an employee; it ends after it starts",
    ("POST", "/api/v1/timeclock/entries/{entry_id}/corrections"): "it ends after it starts",
    ("POST", "/api/v1/timeclock/entries/{entry_id}/breaks"): "inside the entry's times",
    ("POST", "/api/v1/timeclock/breaks/{break_id}/corrections"): "inside the entry's times",
    ("POST", "/api/v1/timeclock/shifts"): "user_id names an employee; it ends after it starts",
    ("GET", "/api/v1/timeclock/hours"): "from is not after to, a bounded period",
    ("GET", "/api/v1/timeclock/entries"): "from is not after to, a bounded period",
    ("GET", "/api/v1/timeclock/shifts"): "from is not after to, a bounded period",
    ("GET", "/api/v1/timeclock/labour"): "from is not after to, a bounded period",
    ("GET", "/api/v1/timeclock/payroll"): "from is not after to, a bounded period",
    ("GET", "/api/v1/restaurant/report"): "from is not after to",
    ("POST", "/api/v1/suppliers"): "an e-mail address as the server reads one (a pattern "
    "cannot say it for every script)",
    ("PATCH", "/api/v1/suppliers/{supplier_id}"): "the same e-mail rule",
}


def excluded_checks(case) -> list:
    """The checks left out for ``case``'s operation (see RULES_BEYOND_THE_DOCUMENT)."""
    from schemathesis.specs.openapi.checks import positive_data_acceptance

    key = (case.operation.method.upper(), case.operation.path)
    return [positive_data_acceptance] if key in RULES_BEYOND_THE_DOCUMENT else []


def carries_nul(value) -> bool:
    """Whether a NUL character is anywhere in ``value`` (keys included)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(carries_nul(k) or carries_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(carries_nul(item) for item in value)
    return False


def fuzz_seconds() -> float:
    """The budget: ``COMPTOIR_FUZZ_SECONDS``, or a few seconds."""
    return float(os.environ.get("COMPTOIR_FUZZ_SECONDS") or DEFAULT_SECONDS)


def state_machine(app, username: str):
    """Schemathesis' state machine of the app's document, calling as ``username``."""
    schema = schemathesis.openapi.from_wsgi(OPENAPI, app)
    secret = token_for(app, username)

    @schema.auth()
    class Token:
        """The user's API token, as schemathesis' own auth (so that its checks know the
        credentials are real, and probe without them); never a generated session cookie."""

        def get(self, case, context):
            return secret

        def set(self, case, data, context):
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}
            if case.cookies:
                case.cookies.pop("comptoir_session", None)

    @schema.hook
    def filter_body(context, body) -> bool:
        """No NUL character anywhere in a body. The document forbids it in every string
        it describes (pattern), but the free-form objects plugins fill (``plugin_data``,
        a payment's ``fields``) take any JSON, and OpenAPI 3.0 cannot constrain their
        keys; the server refuses a NUL wherever it is (tests/test_nul_characters.py)."""
        return not carries_nul(body)

    class Scenarios(schema.as_state_machine()):
        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(
                response,
                additional_checks=additional_checks,
                excluded_checks=excluded_checks(case),
                transport_kwargs=kwargs or None,
            )

    return schema, Scenarios


@pytest.mark.comptoir_plugins(*BUNDLED)
def test_the_document_links_operations(app):
    """Stateful runs need links: schemathesis infers them from the document (a POST's
    answer's ``id`` into the paths naming it), for the core's and the plugins' resources."""
    schema, _machine = state_machine(app, "manager")
    schema.as_state_machine()  # infers the links into the document
    transitions = schema.statistic.transitions
    assert transitions.total > 20, transitions


@pytest.mark.comptoir_plugins(*BUNDLED)
def test_the_rules_beyond_the_document_name_real_operations(client):
    """The list of exceptions never outlives an operation (a stale entry would hide
    nothing, a misspelt one would leave the check on: both are mistakes)."""
    paths = client.get(OPENAPI).get_json()["paths"]
    declared = {(method.upper(), path) for path, item in paths.items() for method in item}
    assert set(RULES_BEYOND_THE_DOCUMENT) <= declared


@pytest.mark.comptoir_plugins(*BUNDLED)
def test_stateful_scenarios_keep_every_check(app, shop):
    """As a manager, on the small shop (register open, three products in stock)."""
    _schema, machine = state_machine(app, "manager")
    deadline = time.monotonic() + fuzz_seconds()
    runs = 0
    while runs == 0 or time.monotonic() < deadline:
        machine.run(settings=ONE_RUN)
        runs += 1


# -- what the stateful runs found, each kept by a test of its own ----------------------------


def test_sales_are_listed_by_register_and_user(shop, manager_api, cashier_api):
    """``GET /api/v1/sales?register_id=1&user_id=3``: the ids of a query string arrive as
    text, which the filters refused ("Not a valid integer") whatever the value."""
    from core.testing import sale_body

    sold = cashier_api.post("/api/v1/sales", json=sale_body(shop.line("TEA")))
    assert sold.status_code == 201, sold.get_json()
    cashier_id = sold.get_json()["user_id"]
    listed = manager_api.get(f"/api/v1/sales?register_id=1&user_id={cashier_id}")
    assert listed.status_code == 200, listed.get_json()
    assert [sale["id"] for sale in listed.get_json()] == [sold.get_json()["id"]]
    assert manager_api.get(f"/api/v1/sales?user_id={cashier_id + 100}").get_json() == []
    refused = manager_api.get("/api/v1/sales?register_id=0")
    assert refused.status_code == 422 and "register_id" in refused.get_json()["error"]["fields"]


@pytest.mark.comptoir_plugins("crm")
def test_the_document_says_which_text_may_not_be_blank(client):
    """A cash movement's reason of a lone control space (``"\\x1e"``, which ``strip()``
    removes) was valid by the document and refused by the server: the document's
    pattern now refuses blank text where the server does."""
    import re

    schemas = client.get(OPENAPI).get_json()["components"]["schemas"]
    for schema, field in [("CashMovementIn", "reason"), ("RegisterIn", "name")]:
        pattern = schemas[schema]["properties"][field]["pattern"]
        assert not re.search(pattern, "\x1e") and not re.search(pattern, " \t")
        assert re.search(pattern, "float top-up")
    customer = [s for name, s in schemas.items() if name.startswith("CrmCustomer")]
    assert any("pattern" in s.get("properties", {}).get("name", {}) for s in customer)
