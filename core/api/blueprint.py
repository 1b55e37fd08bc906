"""Declared API endpoints: permission, input schemas and output schema in one place.

The declaration does the parsing (malformed JSON is a 400, a schema error a 422 with the
fields, both before the view runs, so bad input never reaches a service) and feeds the
OpenAPI document. Plugins declare their endpoints the same way.

It also owns the endpoint's transaction: services never commit, the declaration commits
when the view returns without raising and rolls back when it raises, before the answer
is sent (see :meth:`ApiBlueprint.endpoint`).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import typing as t
from dataclasses import dataclass, field

from flask import Blueprint, Response, jsonify, request
from flask_login import current_user
from marshmallow import RAISE, Schema
from werkzeug.exceptions import RequestEntityTooLarge

from ..auth.approvals import approve
from ..auth.permissions import (
    PERMISSION_ATTR,
    check_permission,
    has_permission,
    public,
    require,
)
from ..db import db
from ..paging import Page
from ..plugins.scope import check_body_scope
from ..stores.settings import current_store
from .body_limits import check_json_value, may_hold_bad_text, too_large
from .errors import ApiError

API_PREFIX = "/api/v1"
#: Methods that read: their endpoints are not committed unless declared ``writes=True``.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass
class Endpoint:
    rule: str
    methods: tuple[str, ...]
    view_name: str
    permission: str | None
    summary: str
    description: str
    body: type[Schema] | Schema | None = None
    query: type[Schema] | Schema | None = None
    response: type[Schema] | Schema | None = None
    many: bool = False
    status: int = 200
    tags: list[str] = field(default_factory=list)
    blueprint: str = ""
    binary: str | None = None
    writes: bool = False
    #: Error statuses the view answers beyond those its declaration implies (a read
    #: refused with a 409 when the instance lacks a key), for the OpenAPI document.
    statuses: tuple[int, ...] = ()
    #: Who may act without ``permission`` given a manager's approval in the body: a user
    #: holding this one (``till.use``); see :func:`approvable`.
    approvable: str | None = None


def _instance(schema: type[Schema] | Schema | None, **kwargs: t.Any) -> Schema | None:
    if schema is None:
        return None
    return schema(**kwargs) if isinstance(schema, type) else schema


def json_body() -> dict[str, t.Any]:
    """The request's JSON object, or a clear 4xx: 415 without application/json, 400 when
    malformed or nested too deep, 413 too large, 422 naming a list too long or text no
    database can store (a NUL, a lone surrogate); see :mod:`core.api.body_limits`.

    Example::

        @api.endpoint("/parcel/raw", methods=["POST"], permission="parcel.edit")
        def raw():
            data = json_body()  # 400 on malformed JSON, 415 without application/json
            ...
    """
    if not request.mimetype or request.mimetype != "application/json":
        raise ApiError(
            "send a JSON body with Content-Type: application/json",
            code="unsupported_media_type",
            status=415,
        )
    try:
        raw = request.get_data(cache=True)
    except RequestEntityTooLarge:
        raise too_large() from None
    try:
        data = json.loads(raw or b"null", parse_constant=_refuse_constant)
    except RecursionError:
        raise ApiError("the body is nested too deep", code="bad_json") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError(f"malformed JSON: {exc}", code="bad_json") from None
    if not isinstance(data, dict):
        raise ApiError("the body must be a JSON object", code="bad_json")
    check_json_value(data, texts=may_hold_bad_text(raw))
    return data


def _offers_approval() -> bool:
    """Whether the body carries a manager's approval (read before the body is loaded, to
    let the request reach the approval check; a body that is no JSON object offers none)."""
    try:
        data = request.get_json(silent=True, cache=True)
    except Exception:  # too large, unreadable: the usual permission refusal
        return False
    return isinstance(data, dict) and isinstance(data.get("approval"), dict)


def _require_or_approval(permission: str, base: str) -> t.Callable:
    """``permission``, or ``base`` with a manager's approval offered in the body, checked
    once the body is loaded (:func:`_approver`); the declared permission stays
    ``permission``."""

    def decorate(view: t.Callable) -> t.Callable:
        @functools.wraps(view)
        def wrapper(*args: t.Any, **kwargs: t.Any) -> t.Any:
            if has_permission(permission) or not _offers_approval():
                check_permission(permission)
            else:
                check_permission(base)
            return view(*args, **kwargs)

        setattr(wrapper, PERMISSION_ATTR, permission)
        return wrapper

    return decorate


def _approver(permission: str, body: dict[str, t.Any]) -> t.Any:
    """The manager approving this request, or None if the user needs nobody."""
    values = current_store().values
    return approve(
        current_user._get_current_object(),
        permission,
        body.get("approval"),
        max_attempts=values["pin_max_attempts"],
        lockout=dt.timedelta(minutes=values["pin_lockout_minutes"]),
    )


def _refuse_constant(name: str) -> t.NoReturn:
    raise ValueError(f"{name} is not valid JSON")


class ApiBlueprint(Blueprint):
    """A blueprint under ``/api/v1`` whose endpoints are declared with :meth:`endpoint`.

    Example::

        api = ApiBlueprint("parcel_api", __name__, tag="parcel")

        @api.endpoint(
            "/parcel/items",
            methods=["POST"],
            permission="parcel.edit",
            body=ParcelSchema,
            response=ParcelSchema,
            status=201,
        )
        def add_parcel(body):
            # its docstring's first line is the summary in the OpenAPI document
            return services.add_parcel(body)  # committed when the view returns

        @hookimpl
        def pos_register_api():
            return [api]
    """

    def __init__(self, name: str, import_name: str, *, tag: str | None = None, **kwargs: t.Any):
        kwargs.setdefault("url_prefix", API_PREFIX)
        super().__init__(name, import_name, **kwargs)
        self.tag = tag or name
        self.endpoints: list[Endpoint] = []

    def endpoint(
        self,
        rule: str,
        *,
        methods: t.Sequence[str] = ("GET",),
        permission: str | None,
        body: type[Schema] | Schema | None = None,
        query: type[Schema] | Schema | None = None,
        response: type[Schema] | Schema | None = None,
        many: bool = False,
        status: int = 200,
        binary: str | None = None,
        writes: bool = False,
        statuses: t.Sequence[int] = (),
        approvable: str | None = None,
    ) -> t.Callable:
        """Declare an endpoint.

        The view receives the URL variables, plus ``body=`` (the loaded body) and
        ``query=`` (the loaded query string) when schemas are given. It returns a model
        object (dumped with ``response``), a ``(object, status)`` pair, or a Flask
        response. ``permission=None`` declares a public endpoint.

        The declaration owns the transaction, so that neither the view nor the services
        it calls commit: when the view returns, a ``POST``, ``PUT``, ``PATCH`` or
        ``DELETE`` is committed (before the answer is dumped and sent); when it raises,
        whatever it wrote is rolled back. A ``GET`` is not committed, unless declared
        ``writes=True``. ``statuses`` names error statuses the view answers beyond those
        the declaration implies (``statuses=[409]`` on a read that can conflict), so that
        the OpenAPI document lists them.

        ``approvable="till.use"`` lets a user holding ``till.use`` but not ``permission``
        act with a manager's one-shot approval in the body (``approval``: the manager's
        id and PIN, :mod:`core.auth.approvals`; the body schema declares the field): the
        view then receives ``approver=``, the approving manager, or ``None`` when the
        user holds ``permission`` themselves. Without an approval it is the usual 403.
        """

        def decorate(view: t.Callable) -> t.Callable:
            doc = (view.__doc__ or "").strip()
            summary, _, description = doc.partition("\n")
            spec = Endpoint(
                rule=rule,
                methods=tuple(m.upper() for m in methods),
                view_name=view.__name__,
                permission=permission,
                summary=summary.strip(),
                description=description.strip(),
                body=body,
                query=query,
                response=response,
                many=many,
                status=status,
                tags=[self.tag],
                blueprint=self.name,
                binary=binary,
                writes=writes,
                statuses=tuple(statuses),
                approvable=approvable,
            )
            body_schema = _instance(body, unknown=RAISE)
            query_schema = _instance(query)
            response_schema = _instance(response, many=many)

            @functools.wraps(view)
            def handle(**url_values: t.Any) -> t.Any:
                kwargs = dict(url_values)
                if query_schema is not None:
                    # The names a caller sends: a field's data_key when it has one
                    # (``from``, a Python keyword, is ``from_ = Date(data_key="from")``).
                    accepted = {
                        field.data_key or name for name, field in query_schema.fields.items()
                    }
                    kwargs["query"] = query_schema.load(
                        {k: v for k, v in request.args.items() if k in accepted}
                    )
                if body_schema is not None:
                    kwargs["body"] = body_schema.load(json_body())
                    check_body_scope(kwargs["body"])
                if approvable is not None:
                    kwargs["approver"] = _approver(permission, kwargs["body"])
                commit = spec.writes or request.method not in SAFE_METHODS
                try:
                    result = view(**kwargs)
                    if commit:
                        db.session.commit()
                except BaseException:
                    db.session.rollback()
                    raise
                code = spec.status
                if isinstance(result, tuple):
                    result, code = result
                if isinstance(result, Response):
                    return result
                if isinstance(result, Page):
                    items = result.items
                    if response_schema is not None:
                        items = response_schema.dump(items)
                    response = jsonify(items)
                    response.headers["X-Total-Count"] = str(result.total)
                    if result.more:
                        response.headers["X-Total-Count-More"] = "true"
                    return response, code
                if response_schema is not None:
                    result = response_schema.dump(result)
                return result, code

            if permission is None:
                protected = public(handle)
            elif approvable is not None:
                protected = _require_or_approval(permission, approvable)(handle)
            else:
                protected = require(permission)(handle)
            self.add_url_rule(rule, view.__name__, protected, methods=list(spec.methods))
            self.endpoints.append(spec)
            return protected

        return decorate
