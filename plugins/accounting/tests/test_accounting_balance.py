"""The property the books rest on: whatever the cart, every sale, refund and void is
booked balanced to the cent, the tax per rate is the receipt's, the money is what the
drawer and the cards kept, and a rounding difference never leaks.

Random carts over four tax rates (one category mapped to its own account), line
discounts, a gift card sold, payments mixed over card, gift card, loyalty points and
cash with change and cash rounding to 0.05, followed by a refund or a void; with tax
rounded per line on inclusive prices, and per rate on exclusive prices.
"""

from __future__ import annotations

import re
import uuid

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from core.plugins import db
from core.testing import Item, make_shop
from plugins.accounting.mapping import save_override
from plugins.accounting.models import Entry

pytestmark = pytest.mark.comptoir_plugins("accounting", "giftcards", "crm", "loyalty")

SKUS = ("BREAD", "WINE", "BOOK", "STAMP", "CHEESE")


def _ok(response, *statuses):
    assert response.status_code in statuses, (response.status_code, response.get_json())
    return response.get_json()


@pytest.fixture(params=[("line", True), ("total", False)], ids=["per-line-incl", "per-rate-excl"])
def trading(request, app, manager_api, admin_api, cashier_api):
    tax_rounding, inclusive = request.param
    _ok(
        admin_api.patch(
            "/api/v1/settings/store",
            json={
                "cash_rounding": 5,
                "tax_rounding": tax_rounding,
                "prices_include_tax": inclusive,
            },
        ),
        200,
    )
    shop = make_shop(
        manager_api,
        [
            Item("BREAD", 133, "5.5", stock="100000"),
            Item("WINE", 1299, "20.0", stock="100000"),
            Item("BOOK", 1995, "5.5", category="Books", stock="100000"),
            Item("STAMP", 117, "0", stock="100000"),
            Item("CHEESE", 487, "10.0", stock="100000"),
        ],
    )
    with app.app_context():
        save_override(f"sales:category:{shop.categories['Books']}", "707150", "Ventes de livres")
        db.session.commit()
    customer = _ok(manager_api.post("/api/v1/customers", json={"name": "Anne Martin"}), 201)["id"]
    _ok(
        manager_api.post(
            f"/api/v1/customers/{customer}/loyalty/adjustments",
            json={"points": 10_000_000, "reason": "test"},
        ),
        201,
    )
    sold = _ok(
        cashier_api.post(
            "/api/v1/sales",
            json={
                "id": str(uuid.uuid4()),
                "register_id": 1,
                "lines": [{"gift_card": {"amount": 100000}}],
                "payments": [{"method": "card", "amount": 100000}],
            },
        ),
        201,
    )
    receipt = cashier_api.get(f"/api/v1/sales/{sold['id']}/receipt").get_data(as_text=True)
    (code,) = re.findall(r"Card ([A-Z2-9]{4}(?:-[A-Z2-9]{4}){3})", receipt)
    return shop, customer, code


lines = st.lists(
    st.tuples(
        st.sampled_from(SKUS), st.integers(1, 7), st.sampled_from([None, "5", "12.5", "33", "100"])
    ),
    min_size=1,
    max_size=5,
)
shares = st.tuples(st.integers(0, 100), st.integers(0, 100), st.integers(0, 100))


def _entry(app, kind, reference):
    with app.app_context():
        entry = db.session.scalars(
            sa.select(Entry).where(Entry.kind == kind, Entry.reference == reference)
        ).one()
        return [(line.account, line.debit, line.credit) for line in entry.lines]


METHOD_ACCOUNTS = {"cash": "530000", "card": "511200", "gift_card": "419100", "loyalty": "419800"}


def _assert_books_match(entry, sale):
    """Balanced, one side per line; and each account holds what the sale says: the money
    each method kept (change out of the cash), the gift card sold as a liability, the
    tax per rate as printed, the cash rounding, and the goods' net (sales less
    discounts) for the rest."""
    assert sum(d for _a, d, _c in entry) == sum(c for _a, _d, c in entry), entry
    assert all((d > 0) != (c > 0) for _a, d, c in entry), entry
    booked: dict[str, int] = {}
    for account, debit, credit in entry:
        booked[account] = booked.get(account, 0) + debit - credit
    expected: dict[str, int] = {}
    for payment in sale["payments"]:
        account = METHOD_ACCOUNTS[payment["method"]]
        expected[account] = expected.get(account, 0) + payment["amount"]
    if sale["change"]:
        expected["530000"] -= sale["change"]
    gift_lines = sum(line["total"] for line in sale["lines"] if line["kind"] == "gift_card")
    expected["419100"] = expected.get("419100", 0) - gift_lines
    for row in sale["taxes"]:
        if row["rate"] in TAX_ACCOUNTS:
            expected[TAX_ACCOUNTS[row["rate"]]] = -row["tax"]
    rounding = sale["rounding"]
    if rounding:
        expected["758000" if rounding > 0 else "658000"] = -rounding
    goods = [a for a in booked if a.startswith(("707", "709"))]
    tax = sum(row["tax"] for row in sale["taxes"])
    assert sum(booked[a] for a in goods) == -(sale["total"] - tax - gift_lines), entry
    assert {a: v for a, v in booked.items() if a not in goods} == {
        a: v for a, v in expected.items() if v
    }, (entry, sale)


TAX_ACCOUNTS = {"20.0": "445711", "10.0": "445712", "5.5": "445713"}


@settings(
    max_examples=25,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    cart=lines,
    split=shares,
    gift_line=st.booleans(),
    extra_cash=st.integers(0, 40),
    after=st.sampled_from(["nothing", "refund", "void"]),
)
def test_every_operation_is_booked_balanced(
    app, trading, manager_api, cart, split, gift_line, extra_cash, after
):
    shop, customer, code = trading
    body_lines = []
    for sku, quantity, discount in cart:
        line = shop.line(sku, quantity)
        if discount:
            line["discount_percent"] = discount
        body_lines.append(line)
    if gift_line:
        body_lines.append({"gift_card": {"amount": 1500}})
    quote = _ok(
        manager_api.post(
            "/api/v1/sales/quote",
            json={"register_id": 1, "lines": body_lines, "customer_id": customer},
        ),
        200,
    )
    total = quote["total"]
    card, gift, points = (total * share // 300 for share in split)
    if gift_line:
        gift = 0  # a gift card does not pay for a gift card
    payments = [
        {"method": m, "amount": a, **extra}
        for m, a, extra in (
            ("card", card, {}),
            ("gift_card", gift, {"fields": {"code": code}}),
            ("loyalty", points, {}),
        )
        if a
    ]
    rest = total - card - gift - points
    if rest:
        payments.append({"method": "cash", "amount": -(-rest // 5) * 5 + 5 * extra_cash})
    sale = _ok(
        manager_api.post(
            "/api/v1/sales",
            json={
                "id": str(uuid.uuid4()),
                "register_id": 1,
                "lines": body_lines,
                "customer_id": customer,
                "payments": payments,
            },
        ),
        201,
    )
    _assert_books_match(_entry(app, "sale", sale["id"]), sale)

    if after == "void":
        voided = _ok(
            manager_api.post(f"/api/v1/sales/{sale['id']}/void", json={"id": str(uuid.uuid4())}),
            201,
        )
        booked = _entry(app, "void", voided["id"])
        sold = _entry(app, "sale", sale["id"])
        net = {}
        for account, debit, credit in sold + booked:
            net[account] = net.get(account, 0) + debit - credit
        assert set(net.values()) == {0}, (sold, booked)
    elif after == "refund":
        first = sale["lines"][0]
        wanted = [{"line_id": first["id"], "quantity": 1}]
        quoted = _ok(
            manager_api.post(f"/api/v1/sales/{sale['id']}/refund/quote", json={"lines": wanted}),
            200,
        )
        given_back = [{"method": "cash", "amount": quoted["cash_total"]}] if quoted["total"] else []
        refunded = _ok(
            manager_api.post(
                f"/api/v1/sales/{sale['id']}/refund",
                json={"id": str(uuid.uuid4()), "lines": wanted, "payments": given_back},
            ),
            201,
        )
        booked = _entry(app, "refund", refunded["id"]) if quoted["total"] else []
        if booked:
            assert sum(d for _a, d, _c in booked) == sum(c for _a, _d, c in booked)
            cash = sum(c - d for a, d, c in booked if a == "530000")
            assert cash == quoted["cash_total"]
