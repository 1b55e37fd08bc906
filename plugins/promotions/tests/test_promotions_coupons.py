"""Coupon codes and usage limits, including two tills using the last coupon at once."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import sqlalchemy as sa
from promotions_helpers import NOW, cart, create, iso, quote, sale

from core.plugins import db
from core.testing.fixtures import TokenClient, token_for

pytestmark = pytest.mark.comptoir_plugins("promotions")


def _sales(app):
    with app.app_context():
        return db.session.scalar(sa.text("SELECT count(*) FROM sale"))


def _uses(app, promotion_id):
    with app.app_context():
        return db.session.scalar(
            sa.text("SELECT uses FROM promotions_promotion WHERE id = :i"), {"i": promotion_id}
        )


def test_a_coupon_promotion_needs_its_code(shop, manager_api):
    """Without the code nothing; with it, whatever its case, the promotion applies."""
    create(manager_api, name="Summer", coupon_code="SUMMER24", value="20")
    (tea,) = quote(manager_api, (shop["TEA"], 1))["lines"]
    assert tea["adjustments"] == []
    (tea,) = quote(manager_api, (shop["TEA"], 1), coupons=[" summer24 "])["lines"]
    assert [(a["label"], a["amount"]) for a in tea["adjustments"]] == [("Summer", 80)]


def test_an_unknown_coupon_is_refused_in_the_quote(shop, manager_api):
    response = manager_api.post(
        "/api/v1/sales/quote", json=cart((shop["TEA"], 1), coupons=["NOPE"])
    )
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "invalid_coupon"
    assert error["fields"] == {"coupons": ["NOPE: unknown coupon"]}


def test_an_unknown_coupon_refuses_the_sale_and_writes_nothing(app, shop, cashier_api):
    response = cashier_api.post("/api/v1/sales", json=sale((shop["TEA"], 1), coupons=["NOPE"]))
    assert response.status_code == 422
    assert "coupons" in response.get_json()["error"]["fields"]
    assert _sales(app) == 0


def test_an_expired_coupon_is_refused(app, shop, manager_api, cashier_api):
    create(
        manager_api,
        coupon_code="OLD",
        starts_at=iso(NOW - dt.timedelta(days=9)),
        ends_at=iso(NOW - dt.timedelta(days=2)),
    )
    response = cashier_api.post("/api/v1/sales", json=sale((shop["TEA"], 1), coupons=["old"]))
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {"coupons": ["OLD: this coupon has expired"]}
    assert _sales(app) == 0


def test_a_coupon_not_valid_yet_is_refused(shop, manager_api):
    create(
        manager_api,
        coupon_code="SOON",
        starts_at=iso(NOW + dt.timedelta(days=1)),
        ends_at=iso(NOW + dt.timedelta(days=2)),
    )
    response = manager_api.post(
        "/api/v1/sales/quote", json=cart((shop["TEA"], 1), coupons=["SOON"])
    )
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {
        "coupons": ["SOON: this coupon is not valid yet"]
    }


def test_total_uses_are_limited(app, shop, manager_api, cashier_api):
    """``max_uses`` 2: two sales get it, the third is refused, nothing of it written."""
    promotion = create(manager_api, coupon_code="TWICE", max_uses=2)
    for _ in range(2):
        response = cashier_api.post("/api/v1/sales", json=sale((shop["TEA"], 1), coupons=["TWICE"]))
        assert response.status_code == 201, response.get_json()
    third = cashier_api.post("/api/v1/sales", json=sale((shop["TEA"], 1), coupons=["TWICE"]))
    assert third.status_code == 422
    assert third.get_json()["error"]["fields"] == {"coupons": ["TWICE: has been used up"]}
    assert (_sales(app), _uses(app, promotion["id"])) == (2, 2)


def test_a_sale_without_a_promotion_does_not_count_a_use(app, shop, manager_api, cashier_api):
    promotion = create(manager_api, product_ids=[shop["TEA"]], max_uses=5)
    response = cashier_api.post("/api/v1/sales", json=sale((shop["CAKE"], 1)))
    assert response.status_code == 201
    assert _uses(app, promotion["id"]) == 0


def test_uses_per_customer_are_limited(app, shop, manager_api, cashier_api):
    """Once per customer: customer 7 uses it once; customer 8 still can."""
    create(manager_api, coupon_code="WELCOME", max_uses_per_customer=1)
    first = cashier_api.post(
        "/api/v1/sales", json=sale((shop["TEA"], 1), coupons=["WELCOME"], customer_id=7)
    )
    assert first.status_code == 201, first.get_json()
    again = cashier_api.post(
        "/api/v1/sales", json=sale((shop["TEA"], 1), coupons=["WELCOME"], customer_id=7)
    )
    assert again.status_code == 422
    other = cashier_api.post(
        "/api/v1/sales", json=sale((shop["TEA"], 1), coupons=["WELCOME"], customer_id=8)
    )
    assert other.status_code == 201
    anonymous = cashier_api.post("/api/v1/sales", json=sale((shop["TEA"], 1), coupons=["WELCOME"]))
    assert anonymous.status_code == 422
    assert "needs a customer" in anonymous.get_json()["error"]["fields"]["coupons"][0]


def _together(works):
    barrier = threading.Barrier(len(works))
    errors: list[BaseException] = []

    def wrap(work):
        def run():
            try:
                barrier.wait()
                work()
            except BaseException as exc:
                errors.append(exc)

        return run

    threads = [threading.Thread(target=wrap(work)) for work in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors


def test_concurrent_sales_never_exceed_the_limit(app, shop, manager_api):
    """Eight tills use a coupon limited to 3 at the same instant: exactly 3 sales get it,
    the others are refused, and the counter says 3."""
    promotion = create(manager_api, coupon_code="RUSH", max_uses=3)
    token = token_for(app, "cashier")
    statuses: list[int] = []

    def till():
        client = TokenClient(app, token, "cashier")
        response = client.post("/api/v1/sales", json=sale((shop["TEA"], 1), coupons=["RUSH"]))
        statuses.append(response.status_code)

    _together([till] * 8)
    assert sorted(statuses) == [201] * 3 + [422] * 5
    assert (_sales(app), _uses(app, promotion["id"])) == (3, 3)


def test_concurrent_sales_of_one_customer_never_exceed_their_limit(app, shop, manager_api):
    """One customer at six tills at once, a coupon once per customer: one sale gets it."""
    create(manager_api, coupon_code="ONCE", max_uses_per_customer=1)
    token = token_for(app, "cashier")
    statuses: list[int] = []

    def till():
        client = TokenClient(app, token, "cashier")
        body = sale((shop["TEA"], 1), coupons=["ONCE"], customer_id=42)
        statuses.append(client.post("/api/v1/sales", json=body).status_code)

    _together([till] * 6)
    assert sorted(statuses) == [201] + [422] * 5
    with app.app_context():
        assert db.session.scalar(sa.text("SELECT uses FROM promotions_customer_use")) == 1
