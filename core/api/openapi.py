"""The OpenAPI 3 document, built from the declared endpoints of the core and of every
enabled plugin (``GET /api/v1/openapi.json``)."""

from __future__ import annotations

import re
import typing as t

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from .. import __version__
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
    "int": {"type": "integer", "minimum": 0},
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
        operation["responses"]["401"] = {"description": "no valid credentials", **error}
        operation["responses"]["403"] = {"description": "permission missing", **error}
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
        operation["responses"]["400"] = {"description": "malformed JSON", **error}
        operation["responses"]["422"] = {"description": "invalid fields", **error}
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
