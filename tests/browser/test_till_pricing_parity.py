"""The till's JavaScript pricing (offline) gives exactly the server's results."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from core.sales.pricing import LineInput, PricingPolicy, price_cart, round_cash

pytestmark = pytest.mark.browser

RATES = ("0", "2.1", "5.5", "10", "20", "8.875")
FIELDS = ("base", "line_discount", "cart_discount", "discount", "total", "net", "tax")


def _random_cart(rng: random.Random) -> dict:
    lines = []
    for key in range(rng.randint(1, 6)):
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
        roll = rng.random()
        if roll < 0.25:
            line["discount_percent"] = rng.choice(("5", "10", "12.5", "33.333", "100"))
        elif roll < 0.4:
            line["discount_amount"] = rng.randint(0, 3000)
        lines.append(line)
    options = {
        "prices_include_tax": rng.random() < 0.6,
        "tax_rounding": rng.choice(("line", "total")),
        "discount_percent": None,
        "discount_amount": None,
    }
    roll = rng.random()
    if roll < 0.3:
        options["discount_percent"] = rng.choice(("3", "7.5", "15", "50"))
    elif roll < 0.5:
        options["discount_amount"] = rng.randint(1, 5000)
    return {"lines": lines, "options": options}


def _python(case: dict) -> dict:
    options = case["options"]
    priced = price_cart(
        [
            LineInput(
                key=line["key"],
                unit_price=line["unit_price"],
                quantity=Decimal(line["quantity"]),
                tax_rate=Decimal(line["tax_rate"]),
                discount_percent=None
                if line["discount_percent"] is None
                else Decimal(line["discount_percent"]),
                discount_amount=line["discount_amount"],
            )
            for line in case["lines"]
        ],
        policy=PricingPolicy(options["prices_include_tax"], options["tax_rounding"]),
        cart_discount_percent=None
        if options["discount_percent"] is None
        else Decimal(options["discount_percent"]),
        cart_discount_amount=options["discount_amount"],
    )
    return {
        "lines": [{f: getattr(line, f) for f in FIELDS} for line in priced.lines],
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
  return {
    carts: cases.map((c) => {
      const p = m.priceCart(c.lines, c.options);
      return {
        lines: p.lines.map((l) => Object.fromEntries(FIELDS.map((f) => [f, l[f]]))),
        taxes: p.taxes.map((r) => [norm(r.rate), r.base, r.tax, r.total]),
        totals: [p.subtotal, p.discount_total, p.net_total, p.tax_total, p.total, p.cart_discount],
      };
    }),
    cash: CASH.map(([a, i]) => m.roundCash(a, i)),
  };
}"""

CASH = [(1232, 5), (1233, 5), (1235, 10), (-1233, 5), (7, 1), (2499, 50), (2550, 100), (0, 5)]


def test_javascript_pricing_matches_the_server(page, till_server):
    """Random carts (inclusive and exclusive prices, line and total tax rounding,
    weighed quantities, line and cart discounts) price identically in the browser and in
    core.sales.pricing, and cash rounds the same way."""
    rng = random.Random(20240601)
    cases = [_random_cart(rng) for _ in range(300)]
    page.goto("/till/display")
    script = JS.replace("FIELDS", repr(list(FIELDS))).replace("CASH", repr([list(c) for c in CASH]))
    result = page.evaluate(script, cases)
    for case, got in zip(cases, result["carts"], strict=True):
        assert got == _python(case), case
    assert result["cash"] == [round_cash(a, i) for a, i in CASH]
