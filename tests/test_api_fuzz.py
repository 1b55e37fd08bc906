"""Property-based fuzzing of the whole API from its own OpenAPI document (schemathesis):
whatever a client sends, the answer is never a server error, and every 4xx has the
spec's error shape. New endpoints are covered automatically; the bundled plugins are
enabled so that theirs are in the document too.

Schemathesis only loads the document and generates the cases: each operation's strategy
is driven by Hypothesis' ``@given`` inside an ordinary test, so nothing here depends on
schemathesis' pytest integration (which breaks with new pytest releases).
"""

from __future__ import annotations

import zlib

import pytest
import schemathesis
from bundled import BUNDLED
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.core import NotSet
from schemathesis.core.result import Ok

from core.testing.fixtures import token_for

OPENAPI = "/api/v1/openapi.json"
#: A fragment of the path of one endpoint of each bundled plugin.
BUNDLED_PATHS = {
    "crm": "/api/v1/customer-groups",
    "loyalty": "/loyalty",
    "giftcards": "/api/v1/gift-cards",
    "promotions": "/api/v1/promotions",
    "timeclock": "/api/v1/timeclock",
    "email": "/api/v1/email/",
    "webhooks": "/api/v1/webhooks",
    "accounting": "/api/v1/accounting",
    "multistore": "/api/v1/stores",
    "purchasing": "/api/v1/purchase-orders",
    "restaurant": "/api/v1/restaurant",
    "golf": "/api/v1/golf",
}
FRAGILE = "fragile=sample_plugins.fragile"

FUZZ_SETTINGS = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    # One inner test serves every operation: a shared example database would replay one
    # operation's saved failures against another's strategy. A failure names its case.
    database=None,
    # Hypothesis' explain phase replays the shrunk case many times over to annotate it:
    # seconds per failure through the app, and the message already shows the case.
    phases=[phase for phase in Phase if phase is not Phase.explain],
)


class RuleBroken(Exception):
    """An answer broke the API's rules (raised inside Hypothesis so that it shrinks the case)."""


def describe(case) -> str:
    """The request of ``case`` as a reader reproduces it: method, path and what was sent
    (the Authorization header is always the token's)."""
    parts = [f"{case.method} {case.formatted_path}"]
    for name in ("path_parameters", "query", "headers", "cookies", "body"):
        value = getattr(case, name, None)
        if name == "headers" and value:
            value = {k: v for k, v in value.items() if k.lower() != "authorization"}
        if value is not None and not isinstance(value, NotSet) and value != {}:
            parts.append(f"  {name}: {value!r}")
    return "\n".join(parts)


def problem_with(case, response) -> str | None:
    """What is wrong with ``response`` to ``case`` (None when it keeps the API's rules):
    a 5xx, or a 4xx under /api/ without exactly the error shape {code, message, fields}."""
    status = response.status_code
    if status >= 500:
        return f"server error {status}: {response.text[:300]}"
    if 400 <= status < 500 and case.path.startswith("/api/"):
        try:
            error = response.json()["error"]
        except (ValueError, KeyError, TypeError):
            return f"{status} without an error object: {response.text[:300]}"
        if not isinstance(error, dict) or set(error) != {"code", "message", "fields"}:
            return f"{status} with a malformed error {error!r}"
    return None


def fuzz_api(
    app, username: str = "manager", only: str | None = None, shard: int | None = None
) -> tuple[list[str], set]:
    """Fuzz every operation of the app's OpenAPI document (those whose path starts with
    ``only`` when given, those of :func:`shard_of` ``shard`` when given) with generated
    valid and invalid input, as ``username`` with an API token.

    Returns the failures, one message per broken operation naming its method, path and
    the (shrunk) failing case, and the ``(method, path)`` of the operations fuzzed.
    """
    schema = schemathesis.openapi.from_wsgi(OPENAPI, app)
    headers = {"Authorization": f"Bearer {token_for(app, username)}"}
    failures: list[str] = []
    fuzzed: set[tuple[str, str]] = set()
    for result in schema.get_all_operations():
        if not isinstance(result, Ok):
            failures.append(f"an operation cannot be fuzzed: {result.err()}")
            continue
        operation = result.ok()
        if only is not None and not operation.path.startswith(only):
            continue
        if shard is not None and shard_of(operation.method.upper(), operation.path) != shard:
            continue
        fuzzed.add((operation.method.upper(), operation.path))
        strategy = st.one_of(
            operation.as_strategy(generation_mode=mode) for mode in schemathesis.GenerationMode
        )

        @FUZZ_SETTINGS
        @given(case=strategy)
        def check(case) -> None:
            try:
                response = case.call(headers=headers)
            except Exception as exc:  # an exception out of the app is a server error too
                raise RuleBroken(f"the app raised {exc!r}\n{describe(case)}") from exc
            problem = problem_with(case, response)
            if problem is not None:
                raise RuleBroken(f"{problem}\n{describe(case)}")

        try:
            check()
        except RuleBroken as failure:
            failures.append(f"{operation.method.upper()} {operation.path}: {failure}")
    return failures, fuzzed


def declared_operations(app) -> set[tuple[str, str]]:
    """The ``(method, path)`` of every operation of the app's OpenAPI document, but the
    document itself (schemathesis leaves out the operation serving the schema it loaded;
    it takes no input)."""
    with app.test_client() as client:
        document = client.get(OPENAPI).get_json()
    return {
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method in item
        if method in {"get", "put", "post", "patch", "delete"} and path != OPENAPI
    }


#: The operations are fuzzed in this many tests, so that xdist's workers share them (each
#: operation gets the same examples as in one test; together they fuzz every one).
SHARDS = 6


def shard_of(method: str, path: str) -> int:
    """The shard of an operation: stable from run to run and process to process."""
    return zlib.crc32(f"{method} {path}".encode()) % SHARDS


@pytest.mark.parametrize("shard", range(SHARDS))
@pytest.mark.comptoir_plugins(*BUNDLED)
def test_no_input_makes_a_server_error(app, shard):
    """Every operation of the OpenAPI document, the bundled plugins' included, answers
    generated valid and invalid input as a manager without a 5xx, and every 4xx under
    /api/ has exactly the error shape {code, message, fields}."""
    failures, fuzzed = fuzz_api(app, shard=shard)
    assert not failures, "\n\n".join(failures)
    declared = declared_operations(app)
    # The shards together fuzz every operation of the document.
    assert fuzzed == {op for op in declared if shard_of(*op) == shard}
    assert fuzzed, "a shard without operations: fewer shards"
    # The bundled plugins' endpoints are in the document, hence fuzzed by some shard.
    assert set(BUNDLED_PATHS) == set(BUNDLED), "name one path of each bundled plugin"
    for plugin, fragment in BUNDLED_PATHS.items():
        assert any(fragment in path for _method, path in declared), plugin


@pytest.mark.comptoir_extra_plugins(FRAGILE)
@pytest.mark.comptoir_plugins("fragile")
def test_the_fuzzer_reports_a_server_error(app):
    """The checker is not blind: an endpoint that answers 500 on some input is reported,
    with its method, path and the failing case."""
    failures, fuzzed = fuzz_api(app, only="/api/v1/fragile")
    assert fuzzed == {("POST", "/api/v1/fragile/quantities")}
    assert len(failures) == 1, failures
    assert failures[0].startswith("POST /api/v1/fragile/quantities: server error 500")
    assert "body: {'quantity':" in failures[0]
