"""The OpenAPI 3 document, built from the declared endpoints of the core and of every
enabled plugin (``GET /api/v1/openapi.json``)."""

from __future__ import annotations

import re
import typing as t
from http import HTTPStatus

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from .. import __version__
from ..fields import MAX_ID
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


def _schema_name(schema: t.Any) -> str:
    cls = schema if isinstance(schema, type) else type(schema)
    return cls.__name__.removesuffix("Schema") or cls.__name__


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
    return spec.to_dict()


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
