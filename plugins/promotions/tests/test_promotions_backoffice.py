"""The promotions settings and the back office's create form."""

from __future__ import annotations

import datetime as dt

import pytest
from promotions_helpers import create, promotion_count

from core.testing import sale_body

pytestmark = pytest.mark.comptoir_plugins("promotions")

TOMORROW = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).replace(tzinfo=None)


def form(**fields: str) -> dict[str, str]:
    """A valid form: 10 % off everything, from yesterday to tomorrow (UTC, the store's zone)."""
    values = {
        "name": "Spring sale",
        "kind": "percent",
        "value": "10",
        "product_ids": "",
        "category_ids": "",
        "starts_at": (TOMORROW - dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": TOMORROW.strftime("%Y-%m-%dT%H:%M"),
        "coupon_code": "",
        "active": "1",
    }
    values.update(fields)
    return values


def test_settings_have_defaults(admin_api):
    """``/api/v1/settings/promotions`` exists with every field defaulted."""
    response = admin_api.get("/api/v1/settings/promotions")
    assert response.status_code == 200, response.get_json()
    values = response.get_json()
    values = values.get("values", values)
    assert values["show_savings_on_receipt"] is True and values["stacking_default"] is False


def _receipt(shop, manager_api, cashier_api) -> str:
    create(manager_api, name="Tea week", value="10", product_ids=[shop["TEA"]])
    made = cashier_api.post("/api/v1/sales", json=sale_body(shop.line("TEA", 2)))
    assert made.status_code == 201, made.get_json()
    text = cashier_api.get(f"/api/v1/sales/{made.get_json()['id']}/receipt?format=text")
    assert text.status_code == 200
    return text.get_data(as_text=True).upper()


def test_savings_are_on_the_receipt_by_default(shop, manager_api, cashier_api):
    """By default the receipt prints "You saved" with each promotion."""
    assert "YOU SAVED" in _receipt(shop, manager_api, cashier_api)


def test_show_savings_off_leaves_the_section_out(shop, admin_api, manager_api, cashier_api):
    """With ``show_savings_on_receipt`` off, the receipt has no "You saved" section (the
    discount itself still applies)."""
    changed = admin_api.patch(
        "/api/v1/settings/promotions", json={"show_savings_on_receipt": False}
    )
    assert changed.status_code == 200, changed.get_json()
    receipt = _receipt(shop, manager_api, cashier_api)
    assert "YOU SAVED" not in receipt and "TEA WEEK" in receipt


def test_create_form_adds_a_promotion_through_the_service(app, shop, manager_api):
    """The form creates the promotion as the API would (ids, code upper-cased, times in
    the store's zone)."""
    page = manager_api.get("/promotions/new").get_data(as_text=True)
    assert 'name="csrf_token"' in page
    response = manager_api.post(
        "/promotions/",
        data=form(product_ids=f"{shop['TEA']}, {shop['COFFEE']}", coupon_code="spring"),
    )
    assert response.status_code == 302
    (made,) = manager_api.get("/api/v1/promotions").get_json()
    assert made["name"] == "Spring sale" and float(made["value"]) == 10
    assert made["product_ids"] == [shop["TEA"], shop["COFFEE"]]
    assert made["coupon_code"] == "SPRING" and made["stackable"] is False
    assert made["ends_at"].startswith(TOMORROW.strftime("%Y-%m-%dT%H:%M"))


def test_new_promotions_follow_stacking_default(shop, admin_api, manager_api):
    """With ``stacking_default`` on, the form's "stackable" box comes ticked."""
    before = manager_api.get("/promotions/new").get_data(as_text=True)
    assert 'name="stackable" value="1" checked' not in before
    admin_api.patch("/api/v1/settings/promotions", json={"stacking_default": True})
    after = manager_api.get("/promotions/new").get_data(as_text=True)
    assert 'name="stackable" value="1" checked' in after


def test_create_form_amount_kind_takes_a_decimal_amount(shop, manager_api):
    """An ``amount`` promotion's value is typed as money ("1,50"), stored in minor units."""
    response = manager_api.post("/promotions/", data=form(kind="amount", value="1,50"))
    assert response.status_code == 302
    (made,) = manager_api.get("/api/v1/promotions").get_json()
    assert made["kind"] == "amount" and made["value"] == 150


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"value": "250"}, "value"),
        ({"kind": "amount", "value": "1.505"}, "value"),
        ({"kind": "amount", "value": "150 cents"}, "value"),
        ({"ends_at": (TOMORROW - dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")}, "ends_at"),
        ({"starts_at": "someday"}, "starts_at"),
        ({"product_ids": "one"}, "product_ids"),
        ({"product_ids": "987654"}, "product_ids"),
        ({"coupon_code": "no spaces"}, "coupon_code"),
        ({"name": "  "}, "name"),
    ],
)
def test_bad_form_rerenders_with_the_error_and_writes_nothing(
    app, shop, manager_api, fields, field
):
    """A bad value shows the page again, naming the field, with nothing written."""
    response = manager_api.post("/promotions/", data=form(**fields))
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Nothing was saved" in text and f'id="e-{field}"' in text
    assert promotion_count(app) == 0


def test_taken_coupon_code_is_refused(app, shop, manager_api):
    """A coupon code another promotion has is refused by the service's check."""
    create(manager_api, coupon_code="SPRING")
    response = manager_api.post("/promotions/", data=form(coupon_code="spring"))
    assert response.status_code == 400
    assert 'id="e-coupon_code"' in response.get_data(as_text=True)
    assert promotion_count(app) == 1


def test_create_form_needs_promotions_edit(app, cashier_api, roleless_api):
    """Without ``promotions.edit`` the form is refused and writes nothing."""
    assert roleless_api.post("/promotions/", data=form()).status_code == 403
    assert cashier_api.post("/promotions/", data=form()).status_code == 403
    assert promotion_count(app) == 0


def test_the_list_shows_amounts_as_money_with_edit_and_delete(shop, manager_api):
    made = create(manager_api, name="Coffee deal", kind="amount", value=150)
    page = manager_api.get("/promotions/").get_data(as_text=True)
    assert "€1.50" in page
    assert f"/promotions/{made['id']}/edit" in page and f"/promotions/{made['id']}/delete" in page


def test_the_edit_form_shows_the_promotion_and_saves_through_the_api_rules(shop, manager_api):
    """Products show by name (found by search, never typed as ids); an amount shows as a
    decimal; saving goes through the same checks as a PATCH."""
    made = create(manager_api, name="Tea deal", kind="amount", value=150, product_ids=[shop["TEA"]])
    page = manager_api.get(f"/promotions/{made['id']}/edit").get_data(as_text=True)
    assert 'name="value" type="text" value="1.50"' in page
    assert f'name="product_ids" value="{shop["TEA"]}"' in page and "Tea" in page
    assert "product-picker.js" in page and 'id="product-search"' in page
    changed = form(
        name="Tea and coffee deal",
        kind="amount",
        value="2.00",
        product_ids=[str(shop["TEA"]), str(shop["COFFEE"])],
    )
    response = manager_api.post(f"/promotions/{made['id']}", data=changed)
    assert response.status_code == 302, response.get_data(as_text=True)
    (saved,) = manager_api.get("/api/v1/promotions").get_json()
    assert saved["id"] == made["id"] and saved["name"] == "Tea and coffee deal"
    assert saved["value"] == 200 and saved["product_ids"] == [shop["TEA"], shop["COFFEE"]]


def test_a_bad_edit_changes_nothing(app, shop, manager_api):
    made = create(manager_api, name="Tea deal")
    response = manager_api.post(f"/promotions/{made['id']}", data=form(value="250"))
    assert response.status_code == 400
    assert manager_api.get(f"/api/v1/promotions/{made['id']}").get_json() == made


def test_delete_removes_the_promotion(app, shop, manager_api, cashier_api):
    made = create(manager_api)
    assert cashier_api.post(f"/promotions/{made['id']}/delete").status_code == 403
    assert promotion_count(app) == 1
    response = manager_api.post(f"/promotions/{made['id']}/delete")
    assert response.status_code == 302 and promotion_count(app) == 0
    assert manager_api.post(f"/promotions/{made['id']}/delete").status_code == 404


def test_cashiers_get_403_on_every_promotions_page(shop, manager_api, cashier_api):
    made = create(manager_api)
    for url in ("/promotions/", "/promotions/new", f"/promotions/{made['id']}/edit"):
        assert cashier_api.get(url).status_code == 403, url
    assert cashier_api.post(f"/promotions/{made['id']}", data=form()).status_code == 403


def test_the_form_saves_weekdays_and_hours(shop, manager_api):
    """Ticked weekdays and a from/to time are saved as the API's ``days`` and ``hours``,
    shown again by the edit form, and cleared by unticking and emptying them."""
    page = manager_api.get("/promotions/new").get_data(as_text=True)
    assert 'name="days" value="1"' in page and "Monday" in page and "Sunday" in page
    assert 'name="hour_start" type="time"' in page and 'name="hour_end" type="time"' in page
    response = manager_api.post(
        "/promotions/",
        data=form(days=["5", "1", "3"], hour_start="17:00", hour_end="19:30"),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    (made,) = manager_api.get("/api/v1/promotions").get_json()
    assert made["days"] == [1, 3, 5] and made["hours"] == {"start": "17:00", "end": "19:30"}
    edit = manager_api.get(f"/promotions/{made['id']}/edit").get_data(as_text=True)
    assert 'name="days" value="3" checked' in edit and 'name="days" value="2">' in edit
    assert 'value="17:00"' in edit and 'value="19:30"' in edit
    # Saving the edit form untouched keeps them (the form used to drop them).
    kept = manager_api.post(
        f"/promotions/{made['id']}",
        data=form(days=["1", "3", "5"], hour_start="17:00", hour_end="19:30"),
    )
    assert kept.status_code == 302
    assert manager_api.get(f"/api/v1/promotions/{made['id']}").get_json()["days"] == [1, 3, 5]
    cleared = manager_api.post(f"/promotions/{made['id']}", data=form())
    assert cleared.status_code == 302
    saved = manager_api.get(f"/api/v1/promotions/{made['id']}").get_json()
    assert saved["days"] is None and saved["hours"] is None


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"hour_start": "9h", "hour_end": "12:00"}, "hour_start", "A time as HH:MM"),
        ({"hour_start": "09:00", "hour_end": "24:00"}, "hour_end", "A time as HH:MM"),
        ({"hour_start": "9:00", "hour_end": "12:00"}, "hour_start", "A time as HH:MM"),
        ({"hour_start": "09:00"}, "hour_end", "Give both times"),
        ({"hour_start": "19:00", "hour_end": "17:00"}, "hour_end", "later than the start"),
        ({"days": ["1", "8"]}, "days", "Monday to Sunday"),
        ({"days": ["monday"]}, "days", "Monday to Sunday"),
    ],
)
def test_a_bad_time_or_day_changes_nothing(app, shop, manager_api, fields, field, message):
    made = create(manager_api, name="Tea deal", days=[2], hours={"start": "08:00", "end": "10:00"})
    response = manager_api.post(f"/promotions/{made['id']}", data=form(**fields))
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Nothing was saved" in text and f'id="e-{field}"' in text and message in text
    assert manager_api.get(f"/api/v1/promotions/{made['id']}").get_json() == made
    assert manager_api.post("/promotions/", data=form(**fields)).status_code == 400
    assert promotion_count(app) == 1


def test_the_time_message_speaks_the_readers_language(shop, manager_api):
    response = manager_api.post(
        "/promotions/",
        data=form(hour_start="9h", hour_end="12:00"),
        headers={"Accept-Language": "fr"},
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 400 and "lundi" in text and "HH:MM" in text
    assert "A time as HH:MM" not in text
