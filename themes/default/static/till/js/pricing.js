// The till's copy of core/sales/pricing.py: same pipeline, same integer arithmetic, same
// results (tests/browser/test_till_pricing_parity.py compares them). Money is an integer of
// minor units; quantities, rates and percents are decimal strings, turned into exact
// fractions (BigInt) and rounded once, half away from zero.

const ZERO = 0n;

function gcd(a, b) {
  while (b) [a, b] = [b, a % b];
  return a;
}

function abs(n) {
  return n < ZERO ? -n : n;
}

/** "5.5" -> [11n, 2n]: an exact, reduced fraction of a decimal string or integer. */
export function ratio(value) {
  const text = String(value).trim();
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match || (match[2] === "" && !match[3])) throw new TypeError(`not a decimal: ${value}`);
  const fraction = match[3] || "";
  const numerator = BigInt((match[2] || "0") + fraction) * (match[1] ? -1n : 1n);
  const denominator = 10n ** BigInt(fraction.length);
  const divisor = gcd(abs(numerator), denominator) || 1n;
  return [numerator / divisor, denominator / divisor];
}

/** numerator / denominator (> 0), halves away from zero. */
export function divHalfUp(numerator, denominator) {
  let quotient = abs(numerator) / denominator;
  const rest = abs(numerator) % denominator;
  if (2n * rest >= denominator) quotient += 1n;
  return numerator >= ZERO ? quotient : -quotient;
}

/** Python's n % d for d > 0: never negative (BigInt's % takes the sign of n). */
function mod(n, d) {
  const rest = n % d;
  return rest < ZERO ? rest + d : rest;
}

/** Parts of total, each numerator / denominator rounded down (floor, as Python's //) or
 * up: the missing units go to the largest remainders, ties to the earliest. */
function largestRemainder(total, numerators, denominator) {
  const parts = numerators.map((n) => (n - mod(n, denominator)) / denominator);
  let missing = total - parts.reduce((a, b) => a + b, ZERO);
  const order = numerators
    .map((n, i) => [mod(n, denominator), i])
    .sort((a, b) => (a[0] === b[0] ? a[1] - b[1] : a[0] > b[0] ? -1 : 1));
  for (const [, position] of order) {
    if (missing <= ZERO) break;
    parts[position] += 1n;
    missing -= 1n;
  }
  return parts;
}

/** Round an amount of minor units to a multiple of increment (the smallest coin). */
export function roundCash(amount, increment) {
  if (!Number.isInteger(amount) || !Number.isInteger(increment) || increment < 1) {
    throw new TypeError("roundCash takes integers, increment >= 1");
  }
  return Number(divHalfUp(BigInt(amount), BigInt(increment)) * BigInt(increment));
}

function minBig(a, b) {
  return a < b ? a : b;
}

function maxZero(amount) {
  return amount > ZERO ? amount : ZERO;
}

/** Each adjustment off amount in order, clipped to what remains (nothing off a credit). */
function applyAdjustments(amount, adjustments) {
  const applied = [];
  for (const adjustment of adjustments) {
    checkMoney(adjustment.amount, `adjustment ${adjustment.label}`);
    const taken = minBig(BigInt(adjustment.amount), maxZero(amount));
    amount -= taken;
    applied.push({ ...adjustment, amount: Number(taken) });
  }
  return [amount, applied];
}

function manualDiscount(amount, percent, fixed) {
  if (percent != null) {
    const [p, q] = ratio(percent);
    return divHalfUp(amount * p, 100n * q);
  }
  if (fixed != null) return minBig(BigInt(fixed), amount);
  return ZERO;
}

function checkMoney(amount, what) {
  if (!Number.isInteger(amount) || amount < 0) throw new RangeError(`${what}: amount must be a non-negative integer`);
  return amount;
}

function checkPercent(percent, what) {
  const [p, q] = ratio(percent);
  if (p < ZERO || p > 100n * q) throw new RangeError(`${what}: percent between 0 and 100`);
  return [p, q];
}

function checkDiscount(percent, amount, what) {
  if (percent != null && amount != null) throw new RangeError(`${what}: percent or amount`);
  if (amount != null) checkMoney(amount, what);
  if (percent != null) checkPercent(percent, what);
}

/** What a surcharge adds: its amount, or its percent of the goods (or of the line
 * line_key) after every discount, rounded half-up, as _surcharge() does. */
function surchargeAmount(surcharge, amounts, index) {
  const what = `surcharge ${surcharge.key}`;
  if ((surcharge.amount == null) === (surcharge.percent == null)) {
    throw new RangeError(`${what}: give an amount or a percent, not both`);
  }
  if (surcharge.amount != null) return BigInt(checkMoney(surcharge.amount, what));
  const [p, q] = checkPercent(surcharge.percent, what);
  let base;
  if (surcharge.line_key == null) base = amounts.reduce((a, amount) => a + maxZero(amount), ZERO);
  else if (index.has(surcharge.line_key)) base = maxZero(amounts[index.get(surcharge.line_key)]);
  else throw new RangeError(`${what}: targets unknown line ${surcharge.line_key}`);
  return divHalfUp(base * p, 100n * q);
}

/**
 * Price a cart like price_cart(): lines are {key, unit_price, quantity, tax_rate,
 * discount_percent, discount_amount}, a negative unit_price being a credit line (no
 * discount); options {prices_include_tax, tax_rounding, adjustments, discount_percent,
 * discount_amount, surcharges: [{key, tax_rate, amount | percent, line_key}]}. Lines come
 * back in input order, then one line per surcharge. Amounts come back as Numbers.
 */
export function priceCart(lines, options = {}) {
  const inclusive = options.prices_include_tax ?? true;
  const rounding = options.tax_rounding ?? "line";
  if (rounding !== "line" && rounding !== "total") throw new RangeError("tax_rounding");
  const adjustments = options.adjustments ?? [];
  const index = new Map(lines.map((line, position) => [line.key, position]));
  if (index.size !== lines.length) throw new RangeError("duplicate line key");
  const quantities = [];
  const rates = [];
  for (const line of lines) {
    if (!Number.isInteger(line.unit_price)) throw new RangeError(`line ${line.key}: unit_price`);
    const quantity = ratio(line.quantity);
    if (quantity[0] <= ZERO) throw new RangeError(`line ${line.key}: quantity must be > 0`);
    if (1000n % quantity[1]) throw new RangeError(`line ${line.key}: at most 3 decimals`);
    const rate = ratio(line.tax_rate);
    if (rate[0] < ZERO) throw new RangeError(`line ${line.key}: tax_rate`);
    if (line.unit_price < 0 && (line.discount_percent != null || line.discount_amount != null)) {
      throw new RangeError(`line ${line.key}: a credit line takes no discount`);
    }
    checkDiscount(line.discount_percent, line.discount_amount, `line ${line.key}`);
    quantities.push(quantity);
    rates.push(rate);
  }
  checkDiscount(options.discount_percent, options.discount_amount, "cart discount");

  const lineAdjustments = lines.map(() => []);
  const cartAdjustments = [];
  for (const adjustment of adjustments) {
    if (adjustment.line_key == null) cartAdjustments.push(adjustment);
    else if (index.has(adjustment.line_key)) {
      lineAdjustments[index.get(adjustment.line_key)].push(adjustment);
    } else throw new RangeError(`adjustment for unknown line ${adjustment.line_key}`);
  }

  const bases = [];
  const appliedLine = [];
  const lineDiscounts = [];
  const remaining = [];
  lines.forEach((line, position) => {
    const [n, d] = quantities[position];
    const base = divHalfUp(BigInt(line.unit_price) * n, d);
    const [left, applied] = applyAdjustments(base, lineAdjustments[position]);
    const discount = manualDiscount(left, line.discount_percent, line.discount_amount);
    bases.push(base);
    appliedLine.push(applied);
    lineDiscounts.push(discount);
    remaining.push(left - discount);
  });

  // Cart level, on the goods only: nothing is taken off credit lines, nor spread onto them.
  const goods = remaining.map(maxZero);
  const goodsSum = goods.reduce((a, b) => a + b, ZERO);
  const [cartLeft, appliedCart] = applyAdjustments(goodsSum, cartAdjustments);
  const manualCart = manualDiscount(cartLeft, options.discount_percent, options.discount_amount);
  const cartOff = goodsSum - cartLeft + manualCart;
  const shares =
    cartOff === ZERO || goodsSum === ZERO
      ? goods.map(() => ZERO)
      : largestRemainder(
          cartOff,
          goods.map((w) => cartOff * w),
          goodsSum,
        );
  const amounts = remaining.map((left, i) => left - shares[i]);

  // Surcharges, on what the goods come to after every discount; each is a line of its own.
  const surcharges = options.surcharges ?? [];
  const charged = surcharges.map((s) => surchargeAmount(s, amounts, index));
  for (const s of surcharges) {
    if (index.has(s.key)) throw new RangeError(`duplicate line key ${s.key}`);
    index.set(s.key, index.size);
    const rate = ratio(s.tax_rate);
    if (rate[0] < ZERO) throw new RangeError(`surcharge ${s.key}: tax_rate`);
    rates.push(rate);
  }
  const all = amounts.concat(charged);

  const taxes = all.map(() => ZERO);
  const byRate = new Map();
  rates.forEach(([p, q], position) => {
    const key = `${p}/${q}`;
    if (!byRate.has(key)) byRate.set(key, { p, q, positions: [] });
    byRate.get(key).positions.push(position);
  });
  for (const { p, q, positions } of byRate.values()) {
    const denominator = inclusive ? 100n * q + p : 100n * q;
    const numerators = positions.map((position) => all[position] * p);
    let rateTaxes;
    if (rounding === "line") rateTaxes = numerators.map((n) => divHalfUp(n, denominator));
    else {
      const total = divHalfUp(
        numerators.reduce((a, b) => a + b, ZERO),
        denominator,
      );
      rateTaxes = largestRemainder(total, numerators, denominator);
    }
    positions.forEach((position, i) => {
      taxes[position] = rateTaxes[i];
    });
  }

  const pricedLine = (position, fields) => {
    const amount = all[position];
    const tax = taxes[position];
    const [net, total] = inclusive ? [amount - tax, amount] : [amount, amount + tax];
    return { ...fields, total: Number(total), net: Number(net), tax: Number(tax), rate: rates[position] };
  };
  const priced = lines.map((line, position) =>
    pricedLine(position, {
      key: line.key,
      quantity: String(line.quantity),
      unit_price: line.unit_price,
      base: Number(bases[position]),
      adjustments: appliedLine[position],
      line_discount: Number(lineDiscounts[position]),
      cart_discount: Number(shares[position]),
      discount: Number(bases[position] - amounts[position]),
      tax_rate: String(line.tax_rate),
    }),
  );
  surcharges.forEach((s, offset) => {
    const amount = Number(charged[offset]);
    priced.push(
      pricedLine(lines.length + offset, {
        key: s.key,
        quantity: "1",
        unit_price: amount,
        base: amount,
        adjustments: [],
        line_discount: 0,
        cart_discount: 0,
        discount: 0,
        tax_rate: String(s.tax_rate),
        surcharge: true,
      }),
    );
  });

  const rows = new Map();
  for (const line of priced) {
    const key = `${line.rate[0]}/${line.rate[1]}`;
    const row = rows.get(key) ?? { rate: line.tax_rate, ratio: line.rate, base: 0, tax: 0, total: 0 };
    row.base += line.net;
    row.tax += line.tax;
    row.total += line.total;
    rows.set(key, row);
  }
  const sum = (field) => priced.reduce((a, line) => a + line[field], 0);
  return {
    lines: priced,
    cart_adjustments: appliedCart,
    cart_discount: Number(manualCart),
    taxes: [...rows.values()].sort((a, b) =>
      a.ratio[0] * b.ratio[1] < b.ratio[0] * a.ratio[1] ? -1 : 1,
    ),
    subtotal: Number(bases.concat(charged).reduce((a, b) => a + b, ZERO)),
    discount_total: sum("discount"),
    net_total: sum("net"),
    tax_total: sum("tax"),
    total: sum("total"),
  };
}

/**
 * Manual discounts that exceed limitPercent (a decimal string), like
 * manual_discount_percents() compared with cashier_discount_limit: ["lines.<key>",
 * "discount"]. The cart discount is measured against the goods only: surcharges and
 * credit lines aside.
 */
export function discountsBeyond(priced, limitPercent) {
  const [limitN, limitD] = ratio(limitPercent);
  const beyond = [];
  // The least percent that takes `discount` off (amounts are rounded half-up, so 10 %
  // of 9.49 is 0.95 off): (discount - 1/2) * 100 / before > limit.
  const over = (discount, before) =>
    before > 0 && BigInt(2 * discount - 1) * 100n * limitD > 2n * limitN * BigInt(before);
  const sum = (adjustments) => adjustments.reduce((a, x) => a + x.amount, 0);
  let goods = 0;
  for (const line of priced.lines) {
    const before = line.base - sum(line.adjustments);
    if (line.line_discount && over(line.line_discount, before)) beyond.push(`lines.${line.key}`);
    if (!line.surcharge) goods += Math.max(before - line.line_discount, 0);
  }
  if (priced.cart_discount && over(priced.cart_discount, goods - sum(priced.cart_adjustments))) {
    beyond.push("discount");
  }
  return beyond;
}

/**
 * What the tenders must add up to, like settle_payments(): the non-cash part is exact, the
 * rest is rounded to the smallest coin when cash pays. tenders: [{amount, gives_change}].
 * A negative total is money handed out (tenders negative too): rounded the same way,
 * symmetrically (-1233 in cash at 5 is -1235).
 */
export function amountDue(total, tenders, increment) {
  const nonCash = tenders.filter((t) => !t.gives_change).reduce((a, t) => a + t.amount, 0);
  const cash = tenders.filter((t) => t.gives_change).reduce((a, t) => a + t.amount, 0);
  const cashPart = total >= 0 ? nonCash < total : nonCash > total;
  if (cash && cashPart) return nonCash + roundCash(total - nonCash, increment);
  return total;
}
