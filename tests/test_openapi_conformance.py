"""The OpenAPI document matches the answers (issue 18, item 10): every status an endpoint
answers is declared, customers' plugin fields (loyalty_points, loyalty_tier) are allowed
by their schema, and schemathesis's conformance checks hold (status codes, content types,
response schemas) on generated input."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st
from schemathesis.core.result import Ok
from test_api_stateful import RULES_BEYOND_THE_DOCUMENT, carries_nul

from core.testing.fixtures import token_for

OPENAPI = "/api/v1/openapi.json"
BUNDLED = ("crm", "loyalty", "giftcards", "promotions", "purchasing")

CONFORMANCE = settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
    phases=[phase for phase in Phase if phase is not Phase.explain],
)


def _document(app) -> dict:
    with app.test_client() as client:
        return client.get(OPENAPI).get_json()


@pytest.mark.comptoir_plugins(*BUNDLED)
def test_the_statuses_the_guards_answer_are_declared(app):
    paths = _document(app)["paths"]
    login = paths["/api/v1/auth/login"]["post"]["responses"]
    assert {"400", "413", "415", "422", "429"} <= set(login)
    one_customer = paths["/api/v1/customers/{customer_id}"]
    assert "404" in one_customer["get"]["responses"]
    assert {"404", "409", "422"} <= set(one_customer["patch"]["responses"])
    sale = paths["/api/v1/sales"]["post"]["responses"]
    assert {"400", "401", "403", "404", "409", "413", "415", "422", "429"} <= set(sale)


@pytest.mark.comptoir_plugins(*BUNDLED)
def test_a_customer_with_loyalty_fields_matches_its_schema(app, manager_api):
    created = manager_api.post("/api/v1/customers", json={"name": "Anne"}).get_json()
    assert {"loyalty_points", "loyalty_tier"} <= set(created)
    schema = schemathesis.openapi.from_wsgi(OPENAPI, app)
    operation = schema["/api/v1/customers/{customer_id}"]["GET"]
    case = operation.Case(path_parameters={"customer_id": created["id"]})
    response = case.call(headers=manager_api_headers(app))
    assert response.status_code == 200
    case.validate_response(response, checks=conformance_checks())  # raises if it breaks it


def conformance_checks() -> list:
    """Schemathesis's conformance checks (registered once a schema was loaded)."""
    from schemathesis.checks import CHECKS

    wanted = {"status_code_conformance", "content_type_conformance", "response_schema_conformance"}
    checks = [check for check in CHECKS.get_all() if check.__name__ in wanted]
    assert len(checks) == len(wanted)
    return checks


def acceptance_check():
    """Schemathesis' check that a request valid by the document is not refused (4xx but
    401, 403, 404, 409 and 429, which depend on who asks and on the shop's state)."""
    from schemathesis.specs.openapi.checks import positive_data_acceptance

    return positive_data_acceptance


def checked(strategy, headers: dict[str, str], checks: list):
    """A Hypothesis test calling the app with the cases of ``strategy`` and running
    ``checks`` on each answer."""

    @CONFORMANCE
    @given(case=strategy)
    def check(case) -> None:
        # Free-form objects (plugin_data) take any JSON, but no NUL (OpenAPI 3.0 cannot
        # say it of their keys): see test_api_stateful.
        assume(not carries_nul(case.body))
        response = case.call(headers=headers)
        case.validate_response(response, checks=checks)

    return check


def manager_api_headers(app) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_for(app, 'manager')}"}


@pytest.mark.comptoir_plugins(*BUNDLED)
def test_answers_conform_to_the_document(app):
    """Every operation, on generated input: the status is declared, the content type is
    the declared one, a JSON answer matches its declared schema, and a request valid by
    the document is accepted (issue 18, item 10: constraints the server enforced were
    missing from it), but where a rule beyond the document applies
    (RULES_BEYOND_THE_DOCUMENT)."""
    schema = schemathesis.openapi.from_wsgi(OPENAPI, app)
    conformance = conformance_checks()
    headers = manager_api_headers(app)
    failures = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result
        operation = result.ok()
        checks = conformance
        if (operation.method.upper(), operation.path) not in RULES_BEYOND_THE_DOCUMENT:
            checks = [*conformance, acceptance_check()]
        strategy = st.one_of(
            operation.as_strategy(generation_mode=mode) for mode in schemathesis.GenerationMode
        )

        check = checked(strategy, headers, checks)
        try:
            check()
        except Exception as failure:  # noqa: BLE001 - reported per operation
            failures.append(f"{operation.method.upper()} {operation.path}: {failure}"[:800])
    assert not failures, "\n\n".join(failures)


def test_reads_that_can_conflict_declare_409(app, admin_api):
    """An X report of a closed register is a 409 (``register_closed``), and a journal check
    without the key a 409: the fuzzing meets them only when the state allows, so they are
    checked here whatever the order of the tests."""
    paths = admin_api.get(OPENAPI).get_json()["paths"]
    assert "409" in paths["/api/v1/registers/{register_id}/x-report"]["get"]["responses"]
    assert "409" in paths["/api/v1/journal/verify"]["get"]["responses"]
