"""The till's JavaScript pricing (offline) gives exactly the server's results."""

from __future__ import annotations

import random
from decimal import Decimal
from types import SimpleNamespace

import pytest

from core.sales.pricing import (
    Adjustment,
    LineInput,
    PricingPolicy,
    SurchargeInput,
    price_cart,
    round_cash,
)
from core.sales.quote import chosen_discount_percents

pytestmark = pytest.mark.browser

RATES = ("0", "2.1", "5.5", "10", "20", "8.875")
FIELDS = (
    "key",
    "unit_price",
    "base",
    "line_discount",
    "cart_discount",
    "discount",
    "total",
    "net",
    "tax",
)
PERCENTS = ("0", "5", "10", "12.5", "33.333", "100")


def _random_line(rng: random.Random, key: int, credit: bool) -> dict:
    quantity = (
        str(rng.randint(1, 12))
        if rng.random() < 0.6
        else f"{rng.randint(0, 4)}.{rng.randint(1, 999):03d}"
    )
    line = {
        "key": key,
        "unit_price": rng.choice((0, 1, 5, 99, 129, 349, 1999, rng.randint(0, 500000))),
        "quantity": quantity,
        "tax_rate": rng.choice(RATES),
        "discount_percent": None,
        "discount_amount": None,
    }
    if credit:  # money handed back: no discount of any kind
        line["unit_price"] = -rng.choice((1, 25, 150, 999, rng.randint(1, 50000)))
        return line
    roll = rng.random()
    if roll < 0.25:
        line["discount_percent"] = rng.choice(("5", "10", "12.5", "33.333", "100"))
    elif roll < 0.4:
        line["discount_amount"] = rng.randint(0, 3000)
    return line


def _random_cart(rng: random.Random) -> dict:
    """Goods, credit lines (sometimes only those: a total below zero), plugin adjustments on
    both, manual discounts, and surcharges of both kinds, on the goods or on one line."""
    only_credits = rng.random() < 0.1
    lines = [
        _random_line(rng, key, only_credits or rng.random() < 0.2)
        for key in range(rng.randint(1, 6))
    ]
    options = {
        "prices_include_tax": rng.random() < 0.6,
        "tax_rounding": rng.choice(("line", "total")),
        "discount_percent": None,
        "discount_amount": None,
        "adjustments": [],
        "surcharges": [],
    }
    roll = rng.random()
    if roll < 0.3:
        options["discount_percent"] = rng.choice(("3", "7.5", "15", "50", "100"))
    elif roll < 0.5:
        options["discount_amount"] = rng.randint(1, 50000)
    if rng.random() < 0.35:
        for number in range(rng.randint(1, 3)):
            target = rng.choice([None, *(line["key"] for line in lines)])
            options["adjustments"].append(
                {
                    "amount": rng.randint(0, 3000),
                    "label": f"promo {number}",
                    "source": "test",
                    "line_key": target,
                }
            )
    if rng.random() < 0.45:
        for number in range(rng.randint(1, 3)):
            surcharge = {
                "key": f"s{number}",
                "tax_rate": rng.choice(RATES),
                "amount": None,
                "percent": None,
                "line_key": None,
            }
            if rng.random() < 0.4:
                surcharge["amount"] = rng.choice((0, 1, 250, rng.randint(1, 20000)))
            else:
                surcharge["percent"] = rng.choice(PERCENTS)
                if rng.random() < 0.4:
                    surcharge["line_key"] = rng.choice(lines)["key"]
            options["surcharges"].append(surcharge)
    return {"lines": lines, "options": options}


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _price(case: dict):
    options = case["options"]
    return price_cart(
        [
            LineInput(
                key=line["key"],
                unit_price=line["unit_price"],
                quantity=Decimal(line["quantity"]),
                tax_rate=Decimal(line["tax_rate"]),
                discount_percent=_decimal(line["discount_percent"]),
                discount_amount=line["discount_amount"],
            )
            for line in case["lines"]
        ],
        policy=PricingPolicy(options["prices_include_tax"], options["tax_rounding"]),
        adjustments=[Adjustment(**adjustment) for adjustment in options["adjustments"]],
        cart_discount_percent=_decimal(options["discount_percent"]),
        cart_discount_amount=options["discount_amount"],
        surcharges=[
            SurchargeInput(
                key=s["key"],
                tax_rate=Decimal(s["tax_rate"]),
                amount=s["amount"],
                percent=_decimal(s["percent"]),
                line_key=s["line_key"],
            )
            for s in options["surcharges"]
        ],
    )


def _python(case: dict) -> dict:
    priced = _price(case)
    return {
        "lines": [
            {
                **{f: getattr(line, f) for f in FIELDS},
                "adjustments": [a.amount for a in line.adjustments],
            }
            for line in priced.lines
        ],
        "cart_adjustments": [a.amount for a in priced.cart_adjustments],
        "taxes": [
            [format(row.rate.normalize(), "f"), row.base, row.tax, row.total]
            for row in priced.taxes
        ],
        "totals": [
            priced.subtotal,
            priced.discount_total,
            priced.net_total,
            priced.tax_total,
            priced.total,
            priced.cart_discount,
        ],
    }


JS = """async (cases) => {
  const m = await import("/static/till/js/pricing.js");
  const norm = (rate) => String(Number(rate));
  return cases.map((c) => {
    const p = m.priceCart(c.lines, c.options);
    return {
      lines: p.lines.map((l) => ({
        ...Object.fromEntries(FIELDS.map((f) => [f, l[f]])),
        adjustments: l.adjustments.map((a) => a.amount),
      })),
      cart_adjustments: p.cart_adjustments.map((a) => a.amount),
      taxes: p.taxes.map((r) => [norm(r.rate), r.base, r.tax, r.total]),
      totals: [p.subtotal, p.discount_total, p.net_total, p.tax_total, p.total, p.cart_discount],
    };
  });
}"""


def test_javascript_pricing_matches_the_server(page, till_server):
    """Random carts (inclusive and exclusive prices, line and total tax rounding, weighed
    quantities, line and cart discounts, plugin adjustments, credit lines, totals below
    zero, fixed and percent surcharges) price identically in the browser and in
    core.sales.pricing."""
    rng = random.Random(20240601)
    cases = [_random_cart(rng) for _ in range(400)]
    # The generator reaches every case the pipeline distinguishes.
    priced = [_python(case) for case in cases]
    assert any(p["totals"][4] < 0 for p in priced)
    assert any(s["line_key"] is not None for c in cases for s in c["options"]["surcharges"])
    assert any(s["amount"] is not None for c in cases for s in c["options"]["surcharges"])
    clipped = [
        a
        for c in cases
        for a in c["options"]["adjustments"]
        if a["line_key"] is not None and c["lines"][a["line_key"]]["unit_price"] < 0
    ]
    assert clipped
    page.goto("/till/display")
    result = page.evaluate(JS.replace("FIELDS", repr(list(FIELDS))), cases)
    for case, expected, got in zip(cases, priced, result, strict=True):
        assert got == expected, case


LIMITS = ("0", "5", "10", "12.5", "33.333", "50", "100")


def _beyond(case: dict, limit: str) -> list[str]:
    """The discounts the server asks a manager to approve, as the sales service finds
    them: chosen_discount_percents() against the cashier's limit."""
    priced = _price(case)
    count = len(case["lines"])
    cart = SimpleNamespace(
        lines=[
            SimpleNamespace(key=line.key, surcharge=position >= count)
            for position, line in enumerate(priced.lines)
        ]
    )
    found = chosen_discount_percents(cart, priced)
    return [where for where, percent, _manual in found if percent > Decimal(limit)]


def test_discounts_beyond_the_limit_match_the_server(page, till_server):
    """discountsBeyond() names the discounts chosen_discount_percents() finds beyond the
    cashier's limit: line discounts against the line, the cart discount against the goods
    only (credit lines and surcharges aside)."""
    rng = random.Random(20240602)
    cases = [_random_cart(rng) for _ in range(400)]
    limits = [rng.choice(LIMITS) for _ in cases]
    expected = [_beyond(case, limit) for case, limit in zip(cases, limits, strict=True)]
    # Both kinds are found, and carts with credit lines or surcharges have a cart discount.
    assert any("discount" in found for found in expected)
    assert any(any(w.startswith("lines.") for w in found) for found in expected)
    assert any(
        "discount" in found and c["options"]["surcharges"]
        for c, found in zip(cases, expected, strict=True)
    )
    page.goto("/till/display")
    got = page.evaluate(
        """async ([cases, limits]) => {
          const m = await import("/static/till/js/pricing.js");
          return cases.map((c, i) => m.discountsBeyond(m.priceCart(c.lines, c.options), limits[i]));
        }""",
        [cases, limits],
    )
    for case, limit, want, have in zip(cases, limits, expected, got, strict=True):
        assert have == want, (case, limit)


REFUSED = [
    # A manual discount on a credit line.
    ([{"key": 0, "unit_price": -100, "quantity": "1", "tax_rate": "0",
       "discount_amount": 10}], {}),
    ([{"key": 0, "unit_price": -100, "quantity": "1", "tax_rate": "0",
       "discount_percent": "5"}], {}),
    # A surcharge with both an amount and a percent, or neither.
    ([{"key": 0, "unit_price": 100, "quantity": "1", "tax_rate": "0"}],
     {"surcharges": [{"key": "s", "tax_rate": "10", "amount": 100, "percent": "5"}]}),
    ([{"key": 0, "unit_price": 100, "quantity": "1", "tax_rate": "0"}],
     {"surcharges": [{"key": "s", "tax_rate": "10"}]}),
    # A surcharge on an unknown line, or on another surcharge.
    ([{"key": 0, "unit_price": 100, "quantity": "1", "tax_rate": "0"}],
     {"surcharges": [{"key": "s", "tax_rate": "10", "percent": "5", "line_key": 9}]}),
    ([{"key": 0, "unit_price": 100, "quantity": "1", "tax_rate": "0"}],
     {"surcharges": [{"key": "s", "tax_rate": "0", "amount": 5},
                     {"key": "t", "tax_rate": "0", "percent": "5", "line_key": "s"}]}),
    # A surcharge whose key is a line's, a negative amount, a percent beyond 100.
    ([{"key": 0, "unit_price": 100, "quantity": "1", "tax_rate": "0"}],
     {"surcharges": [{"key": 0, "tax_rate": "0", "amount": 5}]}),
    ([{"key": 0, "unit_price": 100, "quantity": "1", "tax_rate": "0"}],
     {"surcharges": [{"key": "s", "tax_rate": "0", "amount": -5}]}),
    ([{"key": 0, "unit_price": 100, "quantity": "1", "tax_rate": "0"}],
     {"surcharges": [{"key": "s", "tax_rate": "0", "percent": "100.5"}]}),
]  # fmt: skip


def _python_refuses(lines: list[dict], options: dict) -> bool:
    try:
        price_cart(
            [
                LineInput(
                    key=line["key"],
                    unit_price=line["unit_price"],
                    quantity=Decimal(line["quantity"]),
                    tax_rate=Decimal(line["tax_rate"]),
                    discount_percent=_decimal(line.get("discount_percent")),
                    discount_amount=line.get("discount_amount"),
                )
                for line in lines
            ],
            surcharges=[
                SurchargeInput(
                    key=s["key"],
                    tax_rate=Decimal(s["tax_rate"]),
                    amount=s.get("amount"),
                    percent=_decimal(s.get("percent")),
                    line_key=s.get("line_key"),
                )
                for s in options.get("surcharges", [])
            ],
        )
    except ValueError:
        return True
    return False


def test_javascript_pricing_refuses_what_the_server_refuses(page, till_server):
    """A discount on a credit line and impossible surcharges are refused both ways."""
    assert all(_python_refuses(lines, options) for lines, options in REFUSED)
    page.goto("/till/display")
    refused = page.evaluate(
        """async (cases) => {
          const m = await import("/static/till/js/pricing.js");
          return cases.map(([lines, options]) => {
            try { m.priceCart(lines, options); return false; }
            catch (error) { return error instanceof RangeError; }
          });
        }""",
        REFUSED,
    )
    assert refused == [True] * len(REFUSED)


CASH = [(1232, 5), (1233, 5), (1235, 10), (-1233, 5), (-1232, 5), (7, 1), (2499, 50),
        (2550, 100), (0, 5), (-2550, 100)]  # fmt: skip

#: (total, tenders as (amount, is cash), increment, amount due)
DUE = [
    (1233, [(1235, True)], 5, 1235),  # cash: rounded
    (1233, [(1233, False)], 5, 1233),  # card: exact
    (1233, [(1000, False), (235, True)], 5, 1235),  # the cash part is rounded
    (1233, [], 5, 1233),
    (-1233, [(-1235, True)], 5, -1235),  # money handed out in cash: rounded the same way
    (-1232, [(-1230, True)], 5, -1230),
    (-1233, [(-1233, False)], 5, -1233),  # handed out on a card: exact
    (-1233, [(-1000, False), (-235, True)], 5, -1235),
    (-1233, [], 5, -1233),
    (0, [], 5, 0),
]


def test_cash_rounding_and_amount_due_match_the_server(page, till_server):
    """roundCash is round_cash (symmetric below zero); amountDue rounds the cash part of
    what is paid in or handed out, and nothing else."""
    page.goto("/till/display")
    result = page.evaluate(
        """async ([cash, due]) => {
          const m = await import("/static/till/js/pricing.js");
          return {
            cash: cash.map(([a, i]) => m.roundCash(a, i)),
            due: due.map(([total, tenders, increment]) => m.amountDue(
              total, tenders.map(([amount, cash]) => ({ amount, gives_change: cash })), increment)),
          };
        }""",
        [CASH, DUE],
    )
    assert result["cash"] == [round_cash(a, i) for a, i in CASH]
    assert result["due"] == [expected for *_, expected in DUE]
