"""The store settings page: each setting in a clear form, validated by the schema that
validates ``PATCH /api/v1/settings/store``; the receipt logo uploaded, size-limited,
images only."""

from __future__ import annotations

import base64
import io

from core.stores.logo import MAX_LOGO_BYTES

# The smallest valid PNG: one transparent pixel.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def _form(**changes: str) -> dict[str, str]:
    """The page's form as the browser sends it for the default settings (a checkbox
    left unticked is simply absent)."""
    form = {
        "name": "My shop",
        "address": "",
        "tax_id": "",
        "company_number": "",
        "currency": "EUR",
        "prices_include_tax": "on",
        "tax_rounding": "line",
        "cash_rounding": "1",
        "cashier_discount_limit": "10",
        "allow_negative_stock": "on",
        "receipt_header": "",
        "receipt_footer": "Thank you for your visit!",
        "theme": "default",
        "locale": "en",
        "timezone": "UTC",
        "pin_max_attempts": "5",
        "pin_lockout_minutes": "5",
        "till_idle_lock_seconds": "120",
        "offline_max_age_hours": "48",
        "offline_max_ahead_minutes": "5",
        "gs1_layout": "item5_weight5",
    }
    form.update(changes)
    return {key: value for key, value in form.items() if value is not None}


def _store(admin_api) -> dict:
    return admin_api.get("/api/v1/settings/store").get_json()


def test_the_page_shows_every_setting(manager_pages, admin_api):
    """Every setting of the store's schema has its input (a setting added to the schema
    but not to the page would make every save fail on it)."""
    page = manager_pages.get("/admin/settings")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert set(_store(admin_api)) == set(_form()) | {"receipt_logo"}
    for name in _form():
        assert f'name="{name}"' in text, name
    assert 'name="receipt_logo"' in text and 'enctype="multipart/form-data"' in text
    for choice in ('value="5"', "To 0.05", 'value="dark"', "Français", 'value="total"'):
        assert choice in text, choice  # the lists offer their choices


def test_a_manager_saves_the_shop_identity(manager_pages, admin_api, cashier_api, shop):
    response = manager_pages.post_form(
        "/admin/settings",
        _form(
            name="Le Comptoir",
            address="1 rue de la Paix\n75002 Paris",
            tax_id="FR12345678901",
            company_number="123 456 789 00012",
            cash_rounding="5",
            cashier_discount_limit="15,5",
            allow_negative_stock=None,
            locale="fr",
            timezone="Europe/Paris",
            receipt_footer="Merci !",
        ),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    stored = _store(admin_api)
    assert stored["name"] == "Le Comptoir" and stored["company_number"] == "123 456 789 00012"
    assert stored["cash_rounding"] == 5 and stored["allow_negative_stock"] is False
    assert stored["cashier_discount_limit"] == "15.5" and stored["locale"] == "fr"
    receipt_of = cashier_api.post(
        "/api/v1/sales",
        json={
            "id": "00000000-0000-4000-8000-000000000001",
            "register_id": 1,
            "lines": [shop.line("TEA")],
            "payments": [{"method": "card", "amount": 400}],
        },
    ).get_json()["id"]
    text = cashier_api.get(f"/api/v1/sales/{receipt_of}/receipt?format=text").get_data(as_text=True)
    assert "Le Comptoir" in text and "FR12345678901" in text and "123 456 789 00012" in text


def test_bad_input_says_why_and_saves_nothing(manager_pages, admin_api):
    before = _store(admin_api)
    for changes, message in (
        ({"name": ""}, "Length must be between 1 and 120"),
        ({"currency": "EURO"}, "String does not match expected pattern"),
        ({"currency": "ABC"}, "not an ISO 4217 currency code"),
        ({"cash_rounding": "3"}, "Must be one of"),
        ({"cashier_discount_limit": "120"}, "between 0 and 100"),
        ({"timezone": "Mars/Olympus"}, "not a time zone"),
        ({"theme": "../../etc"}, "String does not match expected pattern"),
        ({"theme": "neon"}, "no theme"),
        ({"locale": "de"}, "Must be one of"),
        ({"pin_max_attempts": "2"}, "greater than or equal to 3"),
    ):
        response = manager_pages.post_form("/admin/settings", _form(**changes))
        text = response.get_data(as_text=True)
        assert response.status_code == 400, changes
        assert "Nothing was saved" in text and message in text, (changes, message)
    assert _store(admin_api) == before


def test_the_form_needs_the_csrf_token(manager_pages, admin_api):
    before = _store(admin_api)
    assert manager_pages.post_forged("/admin/settings", _form(name="Evil")).status_code == 400
    assert _store(admin_api) == before


def _upload(manager_pages, data: bytes, filename: str, **changes: str):
    form = {**_form(**changes), "receipt_logo": (io.BytesIO(data), filename)}
    return manager_pages.post_form("/admin/settings", form, content_type="multipart/form-data")


def test_a_logo_is_uploaded_and_printed_on_html_receipts(manager_pages, admin_api):
    response = _upload(manager_pages, PNG, "logo.png")
    assert response.status_code == 302, response.get_data(as_text=True)
    logo = _store(admin_api)["receipt_logo"]
    assert logo.startswith("data:image/png;base64,")
    assert base64.b64decode(logo.split(",", 1)[1]) == PNG
    page = manager_pages.get("/admin/settings").get_data(as_text=True)
    assert logo in page and 'name="remove_logo"' in page
    removed = manager_pages.post_form("/admin/settings", _form(remove_logo="on"))
    assert removed.status_code == 302 and _store(admin_api)["receipt_logo"] == ""


def test_a_logo_must_be_a_small_image(manager_pages, admin_api):
    before = _store(admin_api)
    for data, filename, message in (
        (b"<svg onload='alert(1)'></svg>", "logo.svg", "PNG, JPEG, GIF or WebP"),
        (b"MZ\x90\x00 not an image", "logo.png", "PNG, JPEG, GIF or WebP"),
        (PNG + b"\0" * MAX_LOGO_BYTES, "big.png", "at most 200 KB"),
    ):
        response = _upload(manager_pages, data, filename, name="Renamed")
        assert response.status_code == 400, filename
        assert message in response.get_data(as_text=True), filename
    assert _store(admin_api) == before


def test_the_api_validates_the_logo_with_the_same_rule(admin_api):
    bad = "data:image/png;base64," + base64.b64encode(b"GIF89a....").decode()
    response = admin_api.patch("/api/v1/settings/store", json={"receipt_logo": bad})
    assert response.status_code == 422
    good = "data:image/png;base64," + base64.b64encode(PNG).decode()
    assert admin_api.patch("/api/v1/settings/store", json={"receipt_logo": good}).status_code == 200
