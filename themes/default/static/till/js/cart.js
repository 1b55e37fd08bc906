// The cart being sold: its lines, discounts and approval; local pricing (pricing.js) at
// once, the server's quote (with plugin promotions) when it answers; kept in localStorage
// so a reload or a cashier switch never loses it; mirrored to the customer display.

import { api, net, uuid } from "./api.js";
import { settings } from "./i18n.js";
import { discountsBeyond, priceCart } from "./pricing.js";

const KEY = "comptoir-till-cart";
const DISPLAY = "comptoir-display";
const channel = "BroadcastChannel" in window ? new BroadcastChannel(DISPLAY) : null;
const listeners = new Set();

function blank() {
  return {
    id: uuid(), lines: [], seq: 0, discount_percent: null, discount_amount: null, approval: null,
    customer_id: null, customer_name: null, coupons: [],
  };
}

function restore() {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY));
    if (saved && Array.isArray(saved.lines)) return saved;
  } catch {
    /* a broken copy is dropped */
  }
  return blank();
}

export const cart = restore();
let version = 0;
let quote = null; // {version, data}
let quoteTimer = null;

export function onChange(listener) {
  listeners.add(listener);
}

function notify(requote = true) {
  version += 1;
  localStorage.setItem(KEY, JSON.stringify(cart));
  for (const listener of listeners) listener();
  broadcast({ state: cart.lines.length ? "cart" : "idle" });
  if (requote) scheduleQuote();
}

export function broadcast(extra = {}) {
  const view = priced();
  const message = {
    ...extra,
    lines: cart.lines.map((line, i) => ({ name: line.name, quantity: line.quantity, total: view.lines[i]?.total ?? 0 })),
    total: view.total,
    at: Date.now(),
  };
  channel?.postMessage(message);
  localStorage.setItem(DISPLAY, JSON.stringify(message));
}

/** Add a product (scanned, searched or from a quick key); same unit product: quantity + 1. */
export function add(product, quantity = "1") {
  const same = cart.lines.find(
    (line) => line.product_id === product.id && product.sold_by === "unit" && line.discount_percent == null && line.discount_amount == null,
  );
  if (same) same.quantity = String(Number(same.quantity) + Number(quantity));
  else {
    cart.seq += 1;
    cart.lines.push({
      key: cart.seq,
      product_id: product.id,
      name: product.name,
      sku: product.sku,
      sold_by: product.sold_by,
      unit_price: product.price,
      tax_rate: product.tax_rate,
      quantity: String(quantity),
      discount_percent: null,
      discount_amount: null,
    });
  }
  notify();
}

export function line(key) {
  return cart.lines.find((l) => l.key === key);
}

export function update(key, changes) {
  Object.assign(line(key), changes);
  notify();
}

export function remove(key) {
  cart.lines = cart.lines.filter((l) => l.key !== key);
  notify();
}

export function setCartDiscount(percent, amount) {
  cart.discount_percent = percent;
  cart.discount_amount = amount;
  notify();
}

export function setApproval(approval) {
  cart.approval = approval;
  notify();
}

/** A plugin's line kind (a gift card sold...): {kind, payload, name, unit_price, tax_rate}.
 * The server prices it; unit_price and tax_rate only show it until the quote answers. */
export function addLine({ kind, payload, name, unit_price = 0, tax_rate = "0", quantity = "1" }) {
  cart.seq += 1;
  cart.lines.push({
    key: cart.seq, kind, payload, name, sku: "", sold_by: "unit", unit_price, tax_rate,
    quantity: String(quantity), discount_percent: null, discount_amount: null,
  });
  notify();
}

/** Attach (or with null, detach) a customer, for plugins such as crm and loyalty. */
export function setCustomer(id, name = null) {
  cart.customer_id = id;
  cart.customer_name = id == null ? null : name;
  notify();
}

export function addCoupon(code) {
  const value = String(code).trim();
  if (value && !cart.coupons.some((c) => c.toLowerCase() === value.toLowerCase())) cart.coupons.push(value);
  notify();
}

export function removeCoupon(code) {
  cart.coupons = cart.coupons.filter((c) => c !== code);
  notify();
}

/** What only the server can honour: plugin lines and coupons (refused offline). */
export function needsServer() {
  return cart.coupons.length > 0 || cart.lines.some((l) => l.kind);
}

/** Start a new cart (after a sale, a park or a clear). */
export function reset(lines = [], extra = {}) {
  Object.assign(cart, blank(), extra);
  for (const l of lines) {
    cart.seq += 1;
    cart.lines.push({ ...l, key: cart.seq });
  }
  quote = null;
  notify();
}

function pricingLines() {
  return cart.lines.map((l) => ({
    key: l.key,
    unit_price: l.unit_price,
    quantity: l.quantity,
    tax_rate: l.tax_rate,
    discount_percent: l.discount_percent,
    discount_amount: l.discount_amount,
  }));
}

/** The local price of the cart (what the till charges offline). */
export function localPrice() {
  return priceCart(pricingLines(), {
    prices_include_tax: settings.prices_include_tax,
    tax_rounding: settings.tax_rounding,
    discount_percent: cart.discount_percent,
    discount_amount: cart.discount_amount,
  });
}

/** The server's quote if it is current, else the local price. */
export function priced() {
  if (quote && quote.version === version) return quote.data;
  return localPrice();
}

export function isServerQuote() {
  return Boolean(quote && quote.version === version);
}

/** Discounts beyond the cashier's limit (["lines.3", "discount"]). */
export function beyondLimit() {
  if (!cart.lines.length) return [];
  return discountsBeyond(pricingLines(), localPrice(), settings.cashier_discount_limit);
}

function requestLines() {
  return cart.lines.map((l) => {
    const out = l.kind ? { [l.kind]: l.payload, quantity: l.quantity } : { product_id: l.product_id, quantity: l.quantity };
    if (l.discount_percent != null) out.discount_percent = l.discount_percent;
    if (l.discount_amount != null) out.discount_amount = l.discount_amount;
    return out;
  });
}

/** The cart part of a quote, park or sale body. */
export function body(registerId) {
  const out = { register_id: registerId, lines: requestLines() };
  if (cart.discount_percent != null) out.discount_percent = cart.discount_percent;
  if (cart.discount_amount != null) out.discount_amount = cart.discount_amount;
  if (cart.approval) out.approval = cart.approval;
  if (cart.customer_id != null) out.customer_id = cart.customer_id;
  if (cart.coupons?.length) out.coupons = [...cart.coupons];
  return out;
}

/** A sale body as sold offline: each line with the price and rate the till charged. */
export function offlineBody(registerId) {
  const out = body(registerId);
  out.lines = out.lines.map((l, i) => ({ ...l, unit_price: cart.lines[i].unit_price, tax_rate: String(cart.lines[i].tax_rate) }));
  return out;
}

export let registerForQuote = null;
export let quoteError = null;

export function setRegister(id) {
  registerForQuote = id;
}

function scheduleQuote() {
  clearTimeout(quoteTimer);
  quoteError = null;
  if (!cart.lines.length || !net.online || registerForQuote == null) return;
  quoteTimer = setTimeout(() => fetchQuote().catch(() => {}), 120);
}

/** Ask the server for the quote now (plugin promotions, approval check). */
export async function fetchQuote() {
  const asked = version;
  try {
    const { data } = await api("POST", "/sales/quote", body(registerForQuote));
    if (asked === version) {
      quote = { version, data };
      quoteError = null;
      for (const listener of listeners) listener();
      broadcast({ state: "cart" });
    }
    return data;
  } catch (error) {
    if (asked === version) {
      quoteError = error;
      for (const listener of listeners) listener();
    }
    throw error;
  }
}
