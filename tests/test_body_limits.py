"""Bodies no client has a reason to send are refused with a 4xx before any work (issue 18,
item 9): JSON nested 1,000 deep was a 500 without signing in, a lone surrogate in a login
or a name was a 500 on both databases, and a 16 MB quote of 466,000 lines held a worker
for seconds."""

from __future__ import annotations

import io
import json
import uuid

import pytest
import sqlalchemy as sa

from core.catalog.models import Category
from core.db import db


def _categories(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Category))


def _csrf(client) -> str:
    """Anyone gets a CSRF token from the sign-in page."""
    page = client.get("/login").get_data(as_text=True)
    return page.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]


def _post_raw(client, path: str, raw: bytes, **kwargs):
    if not hasattr(client, "token"):  # a browser
        kwargs.setdefault("headers", {"X-CSRFToken": _csrf(client)})
    return client.post(path, data=raw, content_type="application/json", **kwargs)


@pytest.mark.parametrize("depth", [40, 1000, 100_000])
def test_deep_nesting_is_a_400_without_signing_in(client, depth):
    raw = b'{"username": ' + b"[" * depth + b"]" * depth + b', "password": "x"}'
    response = _post_raw(client, "/api/v1/auth/login", raw)
    assert response.status_code == 400, response.get_data(as_text=True)[:200]
    assert response.get_json()["error"]["code"] == "bad_json"


def test_deep_nesting_in_a_sale_is_a_400(app, cashier_api):
    nested: object = "x"
    for _ in range(200):
        nested = {"a": nested}
    body = {"register_id": 1, "lines": [{"barcode": "1", "quantity": 1}], "plugin_data": nested}
    response = cashier_api.post("/api/v1/sales/quote", json=body)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_json"


@pytest.mark.parametrize(
    "raw",
    [
        b'{"username": "\\ud800", "password": "secret-password"}',
        b'{"username": "ok", "password": "a\\udfffb"}',
        # A surrogate written in UTF-8 rather than escaped: the parser lets it through.
        b'{"username": "\xed\xa0\x80", "password": "secret-password"}',
    ],
)
def test_a_lone_surrogate_in_a_login_is_a_422(client, raw):
    response = _post_raw(client, "/api/v1/auth/login", raw)
    assert response.status_code == 422, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["code"] == "invalid"
    assert list(error["fields"]) in (["username"], ["password"])


def test_a_lone_surrogate_in_a_pin_is_a_422(client):
    response = _post_raw(client, "/api/v1/auth/pin", b'{"user_id": 2, "pin": "12\\ud83d"}')
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == ["pin"]


def test_a_lone_surrogate_in_a_name_writes_nothing(app, manager_api):
    before = _categories(app)
    response = _post_raw(manager_api, "/api/v1/categories", b'{"name": "Caf\\udc80e"}')
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == ["name"]
    assert _categories(app) == before


def test_a_surrogate_pair_is_ordinary_text(app, manager_api):
    """A correctly paired surrogate escape is one character (an emoji) and is kept."""
    response = _post_raw(manager_api, "/api/v1/categories", b'{"name": "Cafe \\ud83d\\ude00"}')
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["name"] == "Cafe \U0001f600"


def test_too_many_lines_are_refused_before_they_are_loaded(cashier_api):
    """501 lines: the count is refused by name, before any line is looked at (the lines
    here are not even valid, and no line's error is reported)."""
    body = {"register_id": 1, "lines": [{"nonsense": True}] * 501}
    response = cashier_api.post("/api/v1/sales/quote", json=body)
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == ["lines"]


def test_a_list_longer_than_any_body_needs_is_a_422(cashier_api):
    body = {"register_id": 1, "lines": [{"nonsense": True}] * 5000}
    response = cashier_api.post("/api/v1/sales/quote", json=body)
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == ["lines"]


def test_a_body_over_the_size_limit_is_a_413_in_json(app, client, cashier_api):
    limit = app.config["MAX_BODY_BYTES"]
    assert limit == 1024 * 1024
    raw = json.dumps({"id": str(uuid.uuid4()), "pad": "x" * limit}).encode()
    for sender in (client, cashier_api):
        response = _post_raw(sender, "/api/v1/auth/login", raw)
        assert response.status_code == 413
        error = response.get_json()["error"]
        assert error["code"] == "too_large"
        assert str(limit) in error["message"]


class TestASmallerLimit:
    @pytest.fixture
    def comptoir_config(self):
        return {"MAX_BODY_BYTES": 2048}

    def test_the_size_limit_is_a_setting(self, app, client):
        assert app.config["MAX_CONTENT_LENGTH"] == 2048
        raw = b'{"username": "' + b"x" * 3000 + b'"}'
        response = _post_raw(client, "/api/v1/auth/login", raw)
        assert response.status_code == 413
        # A body sent without its length is cut at the limit when read.
        response = client.post(
            "/api/v1/auth/login",
            input_stream=io.BytesIO(raw),
            content_type="application/json",
            headers={"X-CSRFToken": _csrf(client)},
        )
        assert response.status_code == 413
