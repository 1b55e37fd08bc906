"""NUL characters are refused wherever text comes in (PostgreSQL cannot store them and
failed with a 500; the API fuzzer found it): JSON bodies, query strings, form fields and
URL segments get a 4xx naming the place, and nothing is written."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from core.catalog.models import Category
from core.db import db


def _categories(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Category))


def test_a_nul_in_a_json_field_is_a_422_naming_it(app, manager_api):
    before = _categories(app)
    response = manager_api.post("/api/v1/categories", json={"name": "Caf\x00é"})
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "invalid"
    assert "name" in error["fields"]
    assert _categories(app) == before


def test_a_nul_deep_in_a_sale_names_the_line(app, cashier_api):
    body = {
        "id": str(uuid.uuid4()),
        "register_id": 1,
        "lines": [{"barcode": "3017620422003", "quantity": 1}],
        "payments": [{"method": "card", "amount": 100, "fields": {"reference": "T\x001"}}],
    }
    response = cashier_api.post("/api/v1/sales", json=body)
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == ["payments.0.fields.reference"]


def test_a_nul_in_a_json_key_is_refused_too(manager_api):
    response = manager_api.post("/api/v1/categories", json={"na\x00me": "x"})
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == ["na\\0me"]


def test_the_escaped_text_backslash_u0000_is_not_a_nul(app, manager_api):
    """Only a real NUL is refused: the six characters ``\\u0000`` are ordinary text."""
    response = manager_api.post("/api/v1/categories", json={"name": "odd \\u0000 name"})
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["name"] == "odd \\u0000 name"


def test_a_nul_in_the_query_string_is_a_422(manager_api):
    response = manager_api.get("/api/v1/products?q=caf%00e")
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {"q": ["text may not contain NUL characters"]}


@pytest.mark.comptoir_plugins("giftcards")
def test_a_nul_in_a_url_segment_is_a_404(app, api_as):
    """The gift-card lookup takes a code from the URL: with a NUL there is no such card."""
    response = api_as("admin").get("/api/v1/gift-cards/AB%00CD")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_a_nul_in_a_form_field_is_a_422_and_signs_nobody_in(app, client):
    from core.testing.fixtures import PASSWORDS

    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    response = client.post(
        "/login",
        data={"username": "ad\x00min", "password": PASSWORDS["admin"], "csrf_token": token},
    )
    assert response.status_code == 422
    assert client.get("/admin/").status_code in (302, 401)
