"""The OpenAPI 3 document, built from the declared endpoints of the core and of every
enabled plugin (``GET /api/v1/openapi.json``)."""

from __future__ import annotations

import re
import typing as t
from http import HTTPStatus

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from .. import __version__
from ..fields import INTERNAL, MAX_ID, REQUEST_PATTERN
from .blueprint import ApiBlueprint

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "fields"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {"type": "object"},
            },
        }
    },
}


_RULE_VARIABLE = re.compile(r"<(?:([a-z]+):)?([a-z_]+)>")
_CONVERTER_SCHEMAS = {
    # A database id: larger ones match no route (a 404 or a 405), so the document says so.
    "int": {"type": "integer", "minimum": 0, "maximum": MAX_ID},
    "uuid": {"type": "string", "format": "uuid"},
    None: {"type": "string"},
    "string": {"type": "string"},
    "path": {"type": "string"},
}


def _openapi_path(rule: str) -> str:
    return _RULE_VARIABLE.sub(r"{\2}", rule)


def _path_parameters(rule: str) -> list[dict[str, t.Any]]:
    return [
        {
            "in": "path",
            "name": name,
            "required": True,
            "schema": dict(_CONVERTER_SCHEMAS.get(converter, {"type": "string"})),
        }
        for converter, name in _RULE_VARIABLE.findall(rule)
    ]


#: Packages that hold several plugins: the plugin's name is the next part of the module.
PLUGIN_FOLDERS = ("plugins", "sample_plugins")


def _schema_name(schema: t.Any) -> str:
    """A component's name: the schema class's name without ``Schema``, prefixed for a
    plugin's schema by the plugin's name (its namespace), so that two plugins' ``Order``
    schemas (purchasing's and the restaurant's) are ``PurchasingOrder`` and
    ``RestaurantOrder`` instead of one renamed at random by registration order."""
    cls = schema if isinstance(schema, type) else type(schema)
    name = cls.__name__.removesuffix("Schema") or cls.__name__
    parts = cls.__module__.split(".")
    if parts[0] == "core":
        return name
    owner = parts[1] if parts[0] in PLUGIN_FOLDERS and len(parts) > 1 else parts[0]
    prefix = "".join(word.capitalize() for word in owner.split("_"))
    return name if name.startswith(prefix) else prefix + name


def build_openapi(blueprints: t.Iterable[ApiBlueprint]) -> dict[str, t.Any]:
    spec = APISpec(
        title="Comptoir API",
        version=__version__,
        openapi_version="3.0.3",
        plugins=[MarshmallowPlugin(schema_name_resolver=_schema_name)],
        info={"description": "Money in integer minor units; quantities as decimal strings."},
    )
    spec.components.schema("Error", ERROR_SCHEMA)
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    spec.components.security_scheme(
        "session", {"type": "apiKey", "in": "cookie", "name": "comptoir_session"}
    )
    paths: dict[str, dict[str, t.Any]] = {}
    for blueprint in blueprints:
        for endpoint in blueprint.endpoints:
            path = _openapi_path((blueprint.url_prefix or "") + endpoint.rule)
            for method in endpoint.methods:
                paths.setdefault(path, {})[method.lower()] = _operation(
                    endpoint, (blueprint.url_prefix or "") + endpoint.rule
                )
    for path, operations in sorted(paths.items()):
        spec.path(path=path, operations=operations)
    document = spec.to_dict()
    _drop_internal_fields(document)
    _request_patterns(document)
    _refuse_nul_in_free_text(document)
    _null_branches_hold_only_null(document)
    for item in document["paths"].values():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                _never_null_in_a_query(parameter)
    return document


def _drop_internal_fields(document: dict[str, t.Any]) -> None:
    """Fields marked ``INTERNAL`` (set by a schema's own hooks, refused from clients) are
    not part of the API."""
    for schema in document.get("components", {}).get("schemas", {}).values():
        properties = schema.get("properties", {})
        for name in [n for n, p in properties.items() if p.get(INTERNAL)]:
            del properties[name]


def _refs(node: t.Any) -> set[str]:
    """The component schemas ``node`` names (directly)."""
    if isinstance(node, list):
        return set().union(*(_refs(item) for item in node)) if node else set()
    if not isinstance(node, dict):
        return set()
    found = {node["$ref"].rsplit("/", 1)[-1]} if isinstance(node.get("$ref"), str) else set()
    return found.union(*(_refs(value) for value in node.values()))


def _reachable(document: dict[str, t.Any], start: set[str]) -> set[str]:
    schemas = document.get("components", {}).get("schemas", {})
    seen: set[str] = set()
    todo = list(start)
    while todo:
        name = todo.pop()
        if name not in seen and name in schemas:
            seen.add(name)
            todo.extend(_refs(schemas[name]))
    return seen


def _request_patterns(document: dict[str, t.Any]) -> None:
    """A field's request-only pattern (``REQUEST_PATTERN``, e.g. a quantity's) becomes
    the ``pattern`` of the schemas only requests use; schemas that answers use too keep
    it as a vendor extension (an answer may carry zero stock, a negative movement)."""
    requests: set[str] = set()
    answers: set[str] = set()
    inline: list[t.Any] = []
    for item in document["paths"].values():
        for operation in item.values():
            asked = [operation.get("parameters", []), operation.get("requestBody", {})]
            requests |= _refs(asked)
            inline.extend(asked)
            answers |= _refs(operation.get("responses", {}))
    schemas = document.get("components", {}).get("schemas", {})
    only_requests = _reachable(document, requests) - _reachable(document, answers)
    for node in [*inline, *(schemas[name] for name in only_requests)]:
        _apply_request_pattern(node)


def _apply_request_pattern(node: t.Any) -> None:
    if isinstance(node, list):
        for item in node:
            _apply_request_pattern(item)
    elif isinstance(node, dict):
        if REQUEST_PATTERN in node:
            node["pattern"] = node.pop(REQUEST_PATTERN)
        for key, value in node.items():
            if key != "$ref":
                _apply_request_pattern(value)


def _never_null_in_a_query(parameter: dict[str, t.Any]) -> None:
    """A query string has no null: an optional parameter is left out, never sent empty
    (an empty ``register_id=`` is not an id)."""
    schema = parameter.get("schema", {})
    if parameter.get("in") == "query" and schema.pop("nullable", False):
        if schema.get("default", ...) is None:
            del schema["default"]


#: Any text without a NUL character (refused wherever text comes in: core.api.nul).
NO_NUL = "^[^\\u0000]*$"


def _objects(node: t.Any) -> t.Iterator[dict[str, t.Any]]:
    """Every object of the document, depth first."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield item
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _null_branches_hold_only_null(document: dict[str, t.Any]) -> None:
    """An optional nested object (``Nested(..., load_default=None)``, e.g. a manager's
    ``approval``) is drawn as ``anyOf: [the schema, {nullable object}]``, whose second
    branch admits any object: ``{"user_id": 1}`` without its PIN passed by the document
    and was refused by the server. The branch is for null alone."""
    for node in _objects(document):
        for branch in node.get("anyOf", []):
            if branch == {"nullable": True, "type": "object"}:
                branch["enum"] = [None]


def _refuse_nul_in_free_text(document: dict[str, t.Any]) -> None:
    """Give every free-text string of the document (no pattern, format or enum of its
    own) the pattern NO_NUL, so that a client generating requests from the document
    never sends what the server refuses."""
    for node in _objects(document):
        if node.get("type") == "string" and not {"pattern", "format", "enum"} & set(node):
            node["pattern"] = NO_NUL


def _error_statuses(endpoint: t.Any, rule: str) -> list[tuple[int, str]]:
    """Every error status the endpoint can answer, from what it declares: the app's
    guards answer them whatever the view does (so the document says so, and a client
    generated from it expects them)."""
    writes = any(method not in ("GET", "HEAD", "OPTIONS") for method in endpoint.methods)
    statuses: list[tuple[int, str]] = []
    if endpoint.body is not None:
        statuses.append((400, "malformed JSON, or nested too deep"))
    if endpoint.permission is not None or writes:
        statuses.append((401, "no valid credentials (or a wrong password or PIN)"))
    if endpoint.permission is not None or writes:
        statuses.append((403, "permission missing, or refused (an approval, a rule)"))
    if _RULE_VARIABLE.search(rule) or endpoint.body is not None or endpoint.query is not None:
        statuses.append((404, "not found (the record of the path, or one the input names)"))
    if writes:
        statuses.append((409, "conflicts with the current state or a concurrent change"))
    if endpoint.body is not None:
        statuses.append((413, "the body is larger than the server takes"))
        statuses.append((415, "the body is not application/json"))
    statuses.append((422, "invalid fields (in the body or the query string)"))
    # Sign-ins, approval PINs and lookups by a secret (a gift card's code) are throttled.
    statuses.append((429, "too many attempts (sign-in, PINs, codes): see Retry-After"))
    # What the view declares beyond that (a read that can conflict).
    known = {status for status, _ in statuses}
    for status in endpoint.statuses:
        if status not in known:
            statuses.append((status, HTTPStatus(status).phrase.lower()))
    return sorted(statuses)


def _operation(endpoint: t.Any, rule: str) -> dict[str, t.Any]:
    error = {"content": {"application/json": {"schema": "Error"}}}
    operation: dict[str, t.Any] = {
        "summary": endpoint.summary,
        "tags": endpoint.tags,
        "operationId": f"{endpoint.blueprint}.{endpoint.view_name}",
        "responses": {},
    }
    if endpoint.description:
        operation["description"] = endpoint.description
    if endpoint.permission is not None:
        operation["security"] = [{"bearer": []}, {"session": []}]
        operation["x-permission"] = endpoint.permission
    parameters = _path_parameters(rule)
    if endpoint.query is not None:
        parameters.append({"in": "query", "schema": endpoint.query})
    if parameters:
        operation["parameters"] = parameters
    if endpoint.body is not None:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": endpoint.body}},
        }
    for status, description in _error_statuses(endpoint, rule):
        operation["responses"][str(status)] = {"description": description, **error}
    ok: dict[str, t.Any] = {"description": "success"}
    if endpoint.binary:
        ok["content"] = {endpoint.binary: {"schema": {"type": "string"}}}
    elif endpoint.response is not None:
        schema: t.Any = endpoint.response
        if endpoint.many:
            schema = {"type": "array", "items": schema}
        ok["content"] = {"application/json": {"schema": schema}}
    operation["responses"][str(endpoint.status)] = ok
    return operation
