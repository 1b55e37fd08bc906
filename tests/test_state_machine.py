"""A Hypothesis state machine of a register's days, through the REST API as the tills and
the back office call it: sessions opened and closed, sales of several lines (cash, card or
both, discounts within the cashier's limit), refunds (partial, full, and attempts beyond
what was sold), voids, stock adjustments and goods received, cash in and out, X and Z
reports. A small model kept here says what the shop must hold; after every step the
server must agree with it:

- each product's stock is its initial stock + adjustments - sold + given back;
- each sale's total, net and tax are the sums of its lines, its taxes by rate the sums of
  its lines at that rate, and its total what the shelf prices and discounts give;
- the X report (and the Z report at closing) adds up the session's sales, refunds, voids
  and cash movements as the model does, to the expected cash in the drawer;
- receipt numbers (sales, refunds and voids share them) are unique and gap-free;
- the journal verifies.

Steps that must be refused (a refund beyond what is left, a second void, a sale on a
closed register, a discount beyond the limit without approval...) get their 4xx, and the
same invariants prove that they changed nothing.

Each example uses its own two registers (a sale may be refunded at the other one) and
its own products on one test database, so examples are cheap and the journal verified at
the end holds them all. ``COMPTOIR_STATE_EXAMPLES`` and
``COMPTOIR_STATE_STEPS`` raise the search (defaults: 8 examples of up to 30 steps);
``COMPTOIR_STATE_SHRINK=1`` shrinks a failure to its fewest steps (minutes).
"""

from __future__ import annotations

import itertools
import os
import typing as t
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import hypothesis.strategies as st
from hypothesis import HealthCheck, Phase, settings
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

EXAMPLES = int(os.environ.get("COMPTOIR_STATE_EXAMPLES", "8"))
STEPS = int(os.environ.get("COMPTOIR_STATE_STEPS", "30"))
#: The cashier's discount limit (the store's default).
LIMIT = 10
#: Shelf prices (tax included), rates and how they are sold: 199 and 333 make discounts
#: that do not fall on whole cents, W is weighed (sold and refunded by the gram).
PRODUCTS = [
    ("A", 250, "20.0", "unit"),
    ("B", 199, "5.5", "unit"),
    ("C", 333, "20.0", "unit"),
    ("W", 1890, "5.5", "weight"),
]
GRAM = Decimal("0.001")
#: Discounts a cashier may give (the limit is 10 %): a percent, or ("amount", k) for an
#: amount of k % of what it comes off, rounded down.
DISCOUNTS = [None, 0, 5, 10, 7.5, ("amount", 3), ("amount", 10)]


def discount_fields(discount, base: int) -> tuple[dict[str, t.Any], int]:
    """The body's fields for ``discount`` on ``base``, and what it takes off."""
    if discount is None:
        return {}, 0
    if isinstance(discount, tuple):
        amount = base * discount[1] // 100
        return {"discount_amount": amount}, amount
    off = round_half_up(Decimal(base) * Decimal(str(discount)) / 100)
    return {"discount_percent": str(discount)}, off


INITIAL_STOCK = Decimal(50)
#: Registers per example: a sale may be refunded at another register than its own.
TILLS = 2
till_strategy = st.integers(0, TILLS - 1)
#: Shrinking replays hundreds of API calls per try (minutes): only when asked, with
#: ``COMPTOIR_STATE_SHRINK=1``. The failing steps are printed either way. Explaining is
#: never worth it here.
PHASES = [
    phase
    for phase in Phase
    if phase is not Phase.explain
    and (phase is not Phase.shrink or os.environ.get("COMPTOIR_STATE_SHRINK") == "1")
]

_counter = itertools.count(1)


def round_half_up(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_HALF_UP))


def round_cash(amount: int, increment: int) -> int:
    """To the smallest coin, halves away from zero (what cash pays of a total)."""
    return increment * round_half_up(Decimal(amount) / increment)


@dataclass
class LineModel:
    product_id: int
    quantity: Decimal
    weighed: bool
    refunded: Decimal = Decimal(0)


@dataclass
class SaleModel:
    id: str
    till: int
    session: int
    total: int
    lines: dict[int, LineModel]  # by line id
    voided: bool = False
    refunds: int = 0


@dataclass
class SessionModel:
    id: int
    opening_float: int
    sales_count: int = 0
    sales_total: int = 0
    discounts_total: int = 0
    change_given: int = 0
    refunds: Counter = field(default_factory=Counter)  # kind -> count
    refunded: Counter = field(default_factory=Counter)  # kind -> total
    cash_in: int = 0
    cash_out: int = 0
    taken: Counter = field(default_factory=Counter)  # method -> amount paid
    given_back: Counter = field(default_factory=Counter)  # method -> amount refunded
    taxes: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))

    def expected_cash(self) -> int:
        cash = self.taken["cash"] - self.change_given - self.given_back["cash"]
        return self.opening_float + cash + self.cash_in - self.cash_out


def _ok(response, *statuses: int) -> dict[str, t.Any]:
    assert response.status_code in statuses, (response.status_code, response.get_json())
    return response.get_json()


def _refused(response, status: int, code: str | None = None) -> None:
    body = response.get_json()
    assert response.status_code == status, (response.status_code, body)
    if code is not None:
        assert body["error"]["code"] == code, body


lines_strategy = st.lists(
    st.tuples(
        st.integers(0, len(PRODUCTS) - 1),
        st.integers(1, 4),  # units
        st.integers(1, 1500),  # grams, for what is weighed
        st.sampled_from(DISCOUNTS),
    ),
    min_size=1,
    max_size=4,
)


class RegisterDay(RuleBasedStateMachine):
    """Bound to a test's clients by :func:`test_register_days`."""

    manager: t.Any
    cashier: t.Any

    def __init__(self):
        super().__init__()
        self.sales: dict[str, SaleModel] = {}
        self.stock: dict[int, Decimal] = {}
        self.prices: dict[int, tuple[int, str]] = {}
        self.registers: list[int] = []
        self.sessions: list[SessionModel | None] = [None] * TILLS
        self.receipts = [0] * TILLS
        #: Where each refund and void was handed back (its receipt number is that till's).
        self.refunded_at: dict[str, int] = {}

    # -- set-up ----------------------------------------------------------------------

    @initialize(cash_rounding=st.sampled_from([1, 5]))
    def a_register_and_products(self, cash_rounding):
        run = next(_counter)
        # The store's smallest coin: 5 rounds what cash pays (sales and refunds alike).
        self.coin = cash_rounding
        _ok(self.manager.patch("/api/v1/settings/store", json={"cash_rounding": self.coin}), 200)
        for till in range(TILLS):
            register = _ok(
                self.manager.post(
                    "/api/v1/registers",
                    json={"code": f"SM{run}-{till}", "name": f"State machine {run}/{till}"},
                ),
                201,
            )
            self.registers.append(register["id"])
        self.weighed: set[int] = set()
        for sku, price, rate, sold_by in PRODUCTS:
            product = _ok(
                self.manager.post(
                    "/api/v1/products",
                    json={
                        "sku": f"SM{run}-{sku}",
                        "name": f"Item {sku} {run}",
                        "price": price,
                        "tax_rate": rate,
                        "stock": str(INITIAL_STOCK),
                        "sold_by": sold_by,
                    },
                ),
                201,
            )
            if sold_by == "weight":
                self.weighed.add(product["id"])
            self.stock[product["id"]] = INITIAL_STOCK
            self.prices[product["id"]] = (price, rate)
        self.products = list(self.stock)

    # -- sessions ----------------------------------------------------------------------

    @rule(till=till_strategy, opening_float=st.integers(0, 20000))
    def open_register(self, till, opening_float):
        response = self.cashier.post(
            f"/api/v1/registers/{self.registers[till]}/open", json={"float": opening_float}
        )
        if self.sessions[till] is not None:
            _refused(response, 409, "register_open")
            return
        session = _ok(response, 201)
        self.sessions[till] = SessionModel(session["id"], opening_float)

    @rule(till=till_strategy, over_short=st.integers(-500, 500))
    def close_register(self, till, over_short):
        path = f"/api/v1/registers/{self.registers[till]}/close"
        session = self.sessions[till]
        if session is None:
            _refused(self.manager.post(path, json={"counted_cash": 0}), 409, "register_closed")
            return
        counted = max(session.expected_cash() + over_short, 0)
        z = _ok(self.manager.post(path, json={"counted_cash": counted}), 200)
        self._check_report(z, "Z", till)
        assert z["counted_cash"] == counted
        assert z["over_short"] == counted - session.expected_cash()
        stored = _ok(self.manager.get(f"/api/v1/cash-sessions/{session.id}"), 200)
        assert stored["status"] == "closed" and stored["z_report"] == z
        self.sessions[till] = None

    @rule(till=till_strategy)
    def x_report(self, till):
        response = self.cashier.get(f"/api/v1/registers/{self.registers[till]}/x-report")
        if self.sessions[till] is None:
            _refused(response, 409, "register_closed")
            return
        self._check_report(_ok(response, 200), "X", till)

    @rule(till=till_strategy, kind=st.sampled_from(["in", "out"]), amount=st.integers(1, 5000))
    def move_cash(self, till, kind, amount):
        response = self.cashier.post(
            f"/api/v1/registers/{self.registers[till]}/cash",
            json={"kind": kind, "amount": amount, "reason": "state machine"},
        )
        session = self.sessions[till]
        if session is None:
            _refused(response, 409, "register_closed")
            return
        _ok(response, 201)
        if kind == "in":
            session.cash_in += amount
        else:
            session.cash_out += amount

    # -- stock -------------------------------------------------------------------------

    @rule(
        which=st.integers(0, len(PRODUCTS) - 1),
        delta=st.integers(-5, 20).filter(bool),
        received=st.booleans(),
    )
    def adjust_stock(self, which, delta, received):
        product_id = self.products[which]
        reason = "receipt" if received and delta > 0 else "adjustment"
        response = self.manager.post(
            "/api/v1/stock/adjustments",
            json={"product_id": product_id, "delta": str(delta), "reason": reason},
        )
        answer = _ok(response, 201)
        self.stock[product_id] += delta
        assert Decimal(answer["quantity"]) == self.stock[product_id]

    @rule(which=st.integers(0, len(PRODUCTS) - 1), counted=st.integers(0, 80))
    def count_stock(self, which, counted):
        """A stock count sets the level to what is on the shelf."""
        product_id = self.products[which]
        response = self.manager.post(
            "/api/v1/stock/adjustments",
            json={"product_id": product_id, "counted": str(counted), "note": "count"},
        )
        answer = _ok(response, 201)
        assert Decimal(answer["delta"]) == counted - self.stock[product_id]
        self.stock[product_id] = Decimal(counted)
        assert Decimal(answer["quantity"]) == counted

    @rule(which=st.integers(0, len(PRODUCTS) - 1))
    def receive_nothing(self, which):
        """Goods received are a positive quantity: 0 and less are refused."""
        response = self.manager.post(
            "/api/v1/stock/adjustments",
            json={"product_id": self.products[which], "delta": "-1", "reason": "receipt"},
        )
        _refused(response, 422)

    # -- sales -------------------------------------------------------------------------

    def _priced(self, lines, cart_discount):
        """(total, discounts, each line's body, the cart's discount fields) as the shelf
        prices and the discounts give them."""
        goods = 0
        subtotal = 0
        bodies = []
        for which, quantity, discount in lines:
            price, _rate = self.prices[self.products[which]]
            base = round_half_up(price * quantity)
            fields, off = discount_fields(discount, base)
            bodies.append({"product_id": self.products[which], "quantity": str(quantity)} | fields)
            subtotal += base
            goods += base - off
        cart_fields, off = discount_fields(cart_discount, goods)
        total = goods - off
        return total, subtotal - total, bodies, cart_fields

    @staticmethod
    def _card_part(total: int, share: int) -> int:
        return max(1, total * share // 100)

    @rule(
        till=till_strategy,
        lines=lines_strategy,
        cart_discount=st.sampled_from([None, 0, 5, 10, ("amount", 10)]),
        tender=st.sampled_from(["cash", "exact cash", "card", "split"]),
        card_share=st.integers(1, 99),
        extra_cash=st.integers(0, 3000),
        retry=st.booleans(),
    )
    def sell(self, till, lines, cart_discount, tender, card_share, extra_cash, retry):
        lines = [
            (which, GRAM * grams if self.products[which] in self.weighed else Decimal(units), p)
            for which, units, grams, p in lines
        ]
        total, discounts, bodies, cart_fields = self._priced(lines, cart_discount)
        if tender == "card":
            due = total
            payments = [{"method": "card", "amount": total, "fields": {"last4": "4242"}}]
        elif tender == "split" and round_cash(
            total - self._card_part(total, card_share), self.coin
        ):
            card = self._card_part(total, card_share)
            due = card + round_cash(total - card, self.coin)
            payments = [
                {"method": "card", "amount": card},
                {"method": "cash", "amount": due - card + extra_cash},
            ]
        elif tender == "split":  # the cash part rounds to nothing: the card pays it all
            due = total
            payments = [{"method": "card", "amount": total}]
        else:
            due = round_cash(total, self.coin)
            cash = due + (0 if tender == "exact cash" else extra_cash)
            payments = [{"method": "cash", "amount": cash}]
        body = {
            "id": str(uuid.uuid4()),
            "register_id": self.registers[till],
            "lines": bodies,
            "payments": payments,
            **cart_fields,
        }
        response = self.cashier.post("/api/v1/sales", json=body)
        session = self.sessions[till]
        if session is None:
            _refused(response, 409, "register_closed")
            return
        sale = _ok(response, 201)
        if retry:  # a till that lost the answer posts again: the same sale, sold once
            again = _ok(self.cashier.post("/api/v1/sales", json=body), 200)
            assert again == sale
        assert sale["total"] == total, (sale, lines, cart_discount)
        assert sale["discount_total"] == discounts
        paid = sum(p["amount"] for p in payments)
        assert sale["rounding"] == due - total
        assert sale["change"] == paid - due
        self.receipts[till] += 1
        assert sale["number"] == self.receipts[till]
        self.sales[sale["id"]] = SaleModel(
            id=sale["id"],
            till=till,
            session=session.id,
            total=total,
            lines={
                line["id"]: LineModel(
                    line["product_id"],
                    Decimal(line["quantity"]),
                    line["product_id"] in self.weighed,
                )
                for line in sale["lines"]
            },
        )
        for line in sale["lines"]:
            self.stock[line["product_id"]] -= Decimal(line["quantity"])
        session.sales_count += 1
        session.sales_total += total
        session.discounts_total += discounts
        session.change_given += sale["change"]
        for payment in payments:
            session.taken[payment["method"]] += payment["amount"]
        for row in sale["taxes"]:
            taxes = session.taxes[row["rate"]]
            taxes.update({"base": row["base"], "tax": row["tax"], "total": row["total"]})

    @rule(which=st.integers(0, len(PRODUCTS) - 1), percent=st.sampled_from([11, 25, 90]))
    def sell_beyond_the_limit(self, which, percent):
        """A cashier's discount beyond the limit needs a manager's approval: 403."""
        response = self.cashier.post(
            "/api/v1/sales",
            json={
                "id": str(uuid.uuid4()),
                "register_id": self.registers[0],
                "lines": [
                    {
                        "product_id": self.products[which],
                        "quantity": 1,
                        "discount_percent": str(percent),
                    }
                ],
                "payments": [{"method": "cash", "amount": 100000}],
            },
        )
        _refused(response, 403, "approval_required")

    @rule(which=st.integers(0, len(PRODUCTS) - 1))
    def sell_short(self, which):
        """Payments that do not cover the total: 422 (checked before the register)."""
        response = self.cashier.post(
            "/api/v1/sales",
            json={
                "id": str(uuid.uuid4()),
                "register_id": self.registers[0],
                "lines": [{"product_id": self.products[which], "quantity": 2}],
                "payments": [{"method": "cash", "amount": 1}],
            },
        )
        _refused(response, 422, "short_payment")

    # -- refunds and voids ---------------------------------------------------------------

    def _refundable(self) -> list[str]:
        # In the order sold, never by id: ids differ from one run to the next, and
        # Hypothesis must see the same choices when it replays a case.
        return [
            sale.id
            for sale in self.sales.values()
            if any(line.quantity > line.refunded for line in sale.lines.values())
        ]

    @precondition(lambda self: self._refundable())
    @rule(
        data=st.data(),
        at=till_strategy,
        method=st.sampled_from(["cash", "card", "split"]),
        retry=st.booleans(),
    )
    def refund(self, data, at, method, retry):
        """Goods given back, at the sale's register or another one (``at``)."""
        sale = self.sales[data.draw(st.sampled_from(self._refundable()), label="sale")]
        left = {lid: line for lid, line in sale.lines.items() if line.quantity > line.refunded}
        chosen = data.draw(
            st.lists(st.sampled_from(list(left)), min_size=1, unique=True), label="lines"
        )
        wanted = []
        for lid in chosen:
            line = left[lid]
            step = GRAM if line.weighed else Decimal(1)
            steps = data.draw(
                st.integers(1, int((line.quantity - line.refunded) / step)), label="quantity"
            )
            wanted.append({"line_id": lid, "quantity": str(step * steps)})
        quote = _ok(
            self.manager.post(f"/api/v1/sales/{sale.id}/refund/quote", json={"lines": wanted}),
            200,
        )
        total = quote["total"]
        assert quote["cash_total"] == round_cash(total, self.coin)
        payments = [{"method": "card", "amount": total}]
        if method == "cash" or (method == "split" and total < 2):
            payments = [{"method": "cash", "amount": quote["cash_total"]}]
        elif method == "split":
            card = data.draw(st.integers(1, total - 1), label="card part")
            cash = round_cash(total - card, self.coin)
            payments = [{"method": "card", "amount": card}, {"method": "cash", "amount": cash}]
            if not cash:  # the cash part rounds to nothing: the card gives it all back
                payments = [{"method": "card", "amount": total}]
        body = {
            "id": str(uuid.uuid4()),
            "register_id": self.registers[at],
            "lines": wanted,
            "payments": payments,
        }
        response = self.manager.post(f"/api/v1/sales/{sale.id}/refund", json=body)
        if self.sessions[at] is None:
            _refused(response, 409, "register_closed")
            return
        refund = _ok(response, 201)
        if retry:  # the answer was lost: the same refund again gives back nothing more
            again = self.manager.post(f"/api/v1/sales/{sale.id}/refund", json=body)
            assert _ok(again, 200) == refund
        assert refund["total"] == quote["total"]
        quantities = {w["line_id"]: Decimal(w["quantity"]) for w in wanted}
        self._record_refund(sale, refund, quantities, at)

    @precondition(lambda self: self.sales)
    @rule(data=st.data(), beyond=st.integers(1, 3))
    def refund_too_much(self, data, beyond):
        """More than is left of a line (or of a voided sale): 422, nothing given back."""
        sale = self.sales[data.draw(st.sampled_from(list(self.sales)), label="sale")]
        lid = data.draw(st.sampled_from(list(sale.lines)), label="line")
        line = sale.lines[lid]
        response = self.manager.post(
            f"/api/v1/sales/{sale.id}/refund",
            json={
                "id": str(uuid.uuid4()),
                "lines": [
                    {"line_id": lid, "quantity": str(line.quantity - line.refunded + beyond)}
                ],
                "payments": [{"method": "cash", "amount": 100}],
            },
        )
        _refused(response, 422, "refund_exceeds_sale")

    @precondition(lambda self: self.sales)
    @rule(data=st.data(), retry=st.booleans())
    def void(self, data, retry):
        sale = self.sales[data.draw(st.sampled_from(list(self.sales)), label="sale")]
        body = {"id": str(uuid.uuid4()), "reason": "test"}
        response = self.manager.post(f"/api/v1/sales/{sale.id}/void", json=body)
        session = self.sessions[sale.till]
        if session is None or sale.session != session.id or sale.refunds or sale.voided:
            _refused(response, 409, "cannot_void")
            return
        refund = _ok(response, 201)
        if retry:  # the same void again: the void that was made, nothing more
            again = self.manager.post(f"/api/v1/sales/{sale.id}/void", json=body)
            assert _ok(again, 200) == refund
        assert refund["kind"] == "void" and refund["total"] == sale.total
        quantities = {lid: line.quantity for lid, line in sale.lines.items()}
        self._record_refund(sale, refund, quantities, sale.till)
        sale.voided = True

    def _record_refund(
        self, sale: SaleModel, refund: dict, quantities: dict[int, Decimal], till: int
    ) -> None:
        self.receipts[till] += 1
        assert refund["number"] == self.receipts[till]
        assert refund["register_id"] == self.registers[till]
        self.refunded_at[refund["id"]] = till
        sale.refunds += 1
        for lid, quantity in quantities.items():
            line = sale.lines[lid]
            line.refunded += quantity
            self.stock[line.product_id] += quantity
        session = self.sessions[till]
        session.refunds[refund["kind"]] += 1
        session.refunded[refund["kind"]] += refund["total"]
        for payment in refund["payments"]:
            session.given_back[payment["method"]] += payment["amount"]
        # Handed back: the total, its cash part rounded to the smallest coin.
        non_cash = sum(p["amount"] for p in refund["payments"] if p["method"] != "cash")
        cash = sum(p["amount"] for p in refund["payments"] if p["method"] == "cash")
        assert cash == round_cash(refund["total"] - non_cash, self.coin)
        assert refund["total"] == sum(line["total"] for line in refund["lines"])
        assert refund["tax_total"] == sum(line["tax"] for line in refund["lines"])
        for line in refund["lines"]:
            taxes = session.taxes[line["tax_rate"]]
            taxes.subtract({"base": line["net"], "tax": line["tax"], "total": line["total"]})

    # -- invariants ----------------------------------------------------------------------

    def _check_report(self, report: dict, kind: str, till: int) -> None:
        session = self.sessions[till]
        assert report["kind"] == kind and report["session_id"] == session.id
        expected = {
            "opening_float": session.opening_float,
            "sales_count": session.sales_count,
            "sales_total": session.sales_total,
            "discounts_total": session.discounts_total,
            "change_given": session.change_given,
            "refunds_count": session.refunds["refund"],
            "refunds_total": session.refunded["refund"],
            "voids_count": session.refunds["void"],
            "voids_total": session.refunded["void"],
            "net_total": session.sales_total - sum(session.refunded.values()),
            "cash_in": session.cash_in,
            "cash_out": session.cash_out,
            "expected_cash": session.expected_cash(),
        }
        assert {key: report[key] for key in expected} == expected
        methods = set(session.taken) | set(session.given_back)
        payments = {
            method: {
                "sales": session.taken[method] - (session.change_given if method == "cash" else 0),
                "refunds": session.given_back[method],
            }
            for method in methods
        }
        assert {
            row["method"]: {"sales": row["sales"], "refunds": row["refunds"]}
            for row in report["payments"]
        } == payments
        for row in report["payments"]:
            assert row["total"] == row["sales"] - row["refunds"]
        taxes = {rate: dict(figures) for rate, figures in session.taxes.items()}
        reported = {
            row["rate"]: {key: row[key] for key in ("base", "tax", "total")}
            for row in report["taxes"]
        }
        assert reported == {
            rate: {key: taxes[rate].get(key, 0) for key in ("base", "tax", "total")}
            for rate in taxes
        }

    @invariant()
    def the_server_agrees(self):
        if not self.registers:
            return
        self._check_stock()
        self._check_sales()
        for till, register_id in enumerate(self.registers):
            if self.sessions[till] is not None:
                path = f"/api/v1/registers/{register_id}/x-report"
                self._check_report(_ok(self.cashier.get(path), 200), "X", till)
            verified = _ok(
                self.manager.get(f"/api/v1/journal/verify?register_id={register_id}"), 200
            )
            assert verified["ok"], verified["problems"]

    def _check_stock(self) -> None:
        for product_id, quantity in self.stock.items():
            level = _ok(self.cashier.get(f"/api/v1/stock?product_id={product_id}"), 200)
            assert Decimal(level[0]["quantity"]) == quantity, (product_id, level, quantity)

    def _check_sales(self) -> None:
        listed = {}
        for till, register_id in enumerate(self.registers):
            response = self.cashier.get(f"/api/v1/sales?register_id={register_id}&limit=500")
            for sale in _ok(response, 200):
                assert self.sales[sale["id"]].till == till
                listed[sale["id"]] = sale
        assert set(listed) == set(self.sales)
        numbers: list[list[int]] = [[] for _ in range(TILLS)]
        for sale in listed.values():
            model = self.sales[sale["id"]]
            assert sale["status"] == ("voided" if model.voided else "completed")
            assert sale["total"] == model.total
            lines = sale["lines"]
            assert sale["total"] == sum(line["total"] for line in lines)
            assert sale["net_total"] == sum(line["net"] for line in lines)
            assert sale["tax_total"] == sum(line["tax"] for line in lines)
            assert sale["tax_total"] == sum(row["tax"] for row in sale["taxes"])
            for line in lines:
                assert line["total"] == line["net"] + line["tax"]
                assert Decimal(line["refunded_quantity"]) == model.lines[line["id"]].refunded
            for row in sale["taxes"]:
                at_rate = [line for line in lines if line["tax_rate"] == row["rate"]]
                assert row["tax"] == sum(line["tax"] for line in at_rate)
                assert row["base"] == sum(line["net"] for line in at_rate)
                assert row["total"] == sum(line["total"] for line in at_rate)
            assert sale["paid_total"] - sale["change"] == sale["total"] + sale["rounding"]
            assert len(sale["refunds"]) == model.refunds
            numbers[model.till].append(sale["number"])
            for refund in sale["refunds"]:
                numbers[self.refunded_at[refund["id"]]].append(refund["number"])
        # Receipt numbers: unique and gap-free per register (sales, refunds and voids
        # handed back there), and the register's counter is the last one.
        registers = {r["id"]: r for r in _ok(self.cashier.get("/api/v1/registers"), 200)}
        for till, register_id in enumerate(self.registers):
            assert sorted(numbers[till]) == list(range(1, self.receipts[till] + 1))
            assert registers[register_id]["last_receipt_number"] == self.receipts[till]
            assert registers[register_id]["is_open"] == (self.sessions[till] is not None)


def test_register_days(app, manager_api, cashier_api):
    """Sequences of opening, selling, refunding, voiding, moving stock and cash and
    closing keep stock, totals, reports, receipt numbers and the journal true."""

    from core.journal.keys import generate_keys

    generate_keys(app.instance_path)  # as `comptoir init` does: verify never makes one
    known = {Decimal(rate["rate"]) for rate in _ok(manager_api.get("/api/v1/tax-rates"), 200)}
    for rate in sorted({rate for _sku, _price, rate, _sold_by in PRODUCTS}):
        if Decimal(rate) not in known:
            body = {"name": f"VAT {rate} %", "rate": rate}
            _ok(manager_api.post("/api/v1/tax-rates", json=body), 201)

    class Bound(RegisterDay):
        manager = manager_api
        cashier = cashier_api

    run_state_machine_as_test(
        Bound,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            # Examples share the test's database: a saved failing example replayed in
            # another run would meet other registers and products.
            database=None,
            phases=PHASES,
        ),
    )
    # Every example's register at once: the cross-register checks (anchor log) too.
    verified = _ok(manager_api.get("/api/v1/journal/verify"), 200)
    assert verified["ok"], verified["problems"]
