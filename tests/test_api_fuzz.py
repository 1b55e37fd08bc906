"""Property-based fuzzing of the whole API from its own OpenAPI document (schemathesis):
whatever a client sends, the answer is never a server error, and every 4xx has the
spec's error shape. New endpoints are covered automatically; the bundled plugins are
enabled so that theirs are in the document too."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from core.testing.fixtures import token_for


@pytest.fixture
def api_schema(app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.mark.comptoir_plugins("crm", "loyalty", "giftcards", "promotions")
@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_input_makes_a_server_error(case, app):
    """Every operation, with generated valid and invalid input, as a manager."""
    token = app.config.setdefault("_fuzz_token", token_for(app, "manager"))
    response = case.call(headers={"Authorization": f"Bearer {token}"})
    assert response.status_code < 500, (
        case.method,
        case.path,
        case.body,
        case.query,
        response.text[:300],
    )
    if 400 <= response.status_code < 500 and case.path.startswith("/api/"):
        error = response.json()["error"]
        assert set(error) == {"code", "message", "fields"}, error
