// The cart being sold: its lines, discounts, approval and plugins' data; local pricing
// (pricing.js and the plugins' till pricing modules) at once, the server's quote (with
// plugin promotions) when it answers; kept in localStorage so a reload or a cashier switch
// never loses it; mirrored to the customer display.

import { api, net, uuid } from "./api.js";
import { boot, settings } from "./i18n.js";
import { discountsBeyond, priceCart } from "./pricing.js";

const KEY = "comptoir-till-cart";
const DISPLAY = "comptoir-display";
const channel = "BroadcastChannel" in window ? new BroadcastChannel(DISPLAY) : null;
const listeners = new Set();

function blank() {
  return {
    id: uuid(), lines: [], discount_percent: null, discount_amount: null, approval: null,
    customer_id: null, customer_name: null, plugin_data: {}, plugin_labels: {},
  };
}

function restore() {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY));
    if (saved && Array.isArray(saved.lines)) {
      saved.lines.forEach((line, key) => (line.key = key));
      return { ...blank(), ...saved };
    }
  } catch {
    /* a broken copy is dropped */
  }
  return blank();
}

export const cart = restore();
let version = 0;
let quote = null; // {version, data}
let local = null; // {version, data}
let quoteTimer = null;

export function onChange(listener) {
  listeners.add(listener);
}

function notify(requote = true) {
  version += 1;
  // The till's lines are keyed by their place in the sale body, as the server keys them.
  cart.lines.forEach((line, key) => (line.key = key));
  localStorage.setItem(KEY, JSON.stringify(cart));
  for (const listener of listeners) listener();
  broadcast({ state: cart.lines.length ? "cart" : "idle" });
  if (requote) scheduleQuote();
}

let shown = {};

/** Mirror the cart to the customer display; without extra, in the state last shown (a
 * quote answering while the pay screen is up keeps the display on what is due). */
export function broadcast(extra = shown) {
  shown = extra;
  const view = priced();
  const message = {
    ...extra,
    lines: view.lines.map((line) => ({ name: line.name, quantity: line.quantity, total: line.total })),
    total: view.total,
    at: Date.now(),
  };
  channel?.postMessage(message);
  localStorage.setItem(DISPLAY, JSON.stringify(message));
}

/** Add a product (scanned, searched or from a quick key); same unit product: quantity + 1.
 * label: {barcode, unit_price} of a price label, the line sold at its price and sent by its
 * barcode (the server reads the price from it); the same label adds up, nothing else. */
export function add(product, quantity = "1", label = null) {
  const barcode = label?.barcode ?? null;
  const same = cart.lines.find(
    (line) => line.product_id === product.id && product.sold_by === "unit" && (line.barcode ?? null) === barcode && line.discount_percent == null && line.discount_amount == null,
  );
  if (same) same.quantity = String(Number(same.quantity) + Number(quantity));
  else {
    cart.lines.push({
      product_id: product.id,
      ...(barcode ? { barcode } : {}),
      name: product.name,
      sku: product.sku,
      sold_by: product.sold_by,
      unit_price: label?.unit_price ?? product.price,
      tax_rate: product.tax_rate,
      quantity: String(quantity),
      discount_percent: null,
      discount_amount: null,
    });
  }
  notify();
}

export function line(key) {
  return cart.lines[key];
}

export function update(key, changes) {
  Object.assign(line(key), changes);
  notify();
}

/** Remove one of the till's lines (till.removeLine); the lines after it move up a key. */
export function remove(key) {
  if (!line(key)) throw new RangeError(`no line ${key} in the cart`);
  cart.lines.splice(key, 1);
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

/** A plugin's line kind (a gift card sold, bottles brought back...): {kind, payload, name,
 * unit_price, tax_rate}. The server prices it; unit_price and tax_rate show it until the
 * quote answers, and are what the till charges offline when the kind works offline. */
export function addLine({ kind, payload, name, unit_price = 0, tax_rate = "0", quantity = "1" }) {
  cart.lines.push({
    kind, payload, name, sku: "", sold_by: "unit", unit_price, tax_rate: String(tax_rate),
    quantity: String(quantity), discount_percent: null, discount_amount: null,
  });
  notify();
  return cart.lines.length - 1;
}

/** Attach (or with null, detach) a customer, for plugins such as crm and loyalty. */
export function setCustomer(id, name = null) {
  cart.customer_id = id;
  cart.customer_name = id == null ? null : name;
  notify();
}

/** A plugin's own part of the cart (sent as plugin_data[name]), shown as a chip that
 * clears it; null clears it. */
export function setPluginData(name, data, label) {
  if (data == null) {
    delete cart.plugin_data[name];
    delete cart.plugin_labels[name];
  } else {
    cart.plugin_data[name] = data;
    cart.plugin_labels[name] = String(label ?? boot.plugins[name] ?? name);
  }
  notify();
}

/** Start a new cart (after a sale, a park or a clear). */
export function reset(lines = [], extra = {}) {
  Object.assign(cart, blank(), extra);
  cart.lines = lines.map((l) => ({ ...l }));
  quote = null;
  notify();
}

// -- local pricing: the plugins' till pricing modules, then pricing.js -------------------

let modules = [];
/** Plugins whose pricing module did not load, or failed on the cart as it is: the till
 * cannot price the sale offline. */
const broken = new Set();
const failed = new Set();

/** Import the enabled plugins' till pricing modules (TillPricing), once, at start. */
export async function loadPricing() {
  const loaded = await Promise.all(
    boot.pricing.map((p) =>
      import(p.script).then(
        (module) => ({ ...p, module }),
        (error) => {
          console.error(p.script, error);
          broken.add(p.title);
        },
      ),
    ),
  );
  modules = loaded.filter(Boolean); // in the order the plugins registered them
  version += 1;
  for (const listener of listeners) listener();
}

function call(m, name, view) {
  try {
    return m.module[name]?.(view, settings) ?? [];
  } catch (error) {
    console.error(m.script, error);
    failed.add(m.title);
    return [];
  }
}

/** Price the cart as the server does: the till's lines (keys 0..n-1), the lines the
 * plugins' modules add (addLines), then their surcharges, in the quote's shape. */
function compute(using) {
  const own = cart.lines.map((l) => ({ ...l, kind: l.kind ?? "product", editable: true, source: null, for_line: null }));
  const view = { ...cart, lines: own };
  const lines = own.concat(
    using.flatMap((m) =>
      call(m, "addLines", view).map((a) => ({
        kind: a.kind, name: a.name, sku: a.sku ?? "", product_id: a.product_id ?? null, data: a.data ?? {},
        unit_price: a.unit_price, tax_rate: String(a.tax_rate), quantity: String(a.quantity ?? 1),
        for_line: a.for_line ?? null, source: m.plugin, editable: false,
      })),
    ),
  ).map((l, key) => ({ ...l, key }));
  // pos_line_tax_rate's mirror: the first module giving a line another rate (taken away
  // rather than eaten in) decides, before anything is priced, as on the server.
  for (const line of lines) {
    for (const m of using) {
      if (!m.module.lineTaxRate) continue;
      const rate = call(m, "lineTaxRate", { ...view, lines, line });
      if (rate != null && !Array.isArray(rate)) {
        line.tax_rate = String(rate);
        break;
      }
    }
  }
  const extra = using.flatMap((m) => call(m, "surcharges", { ...view, lines }).map((s) => ({ ...s, source: m.plugin })));
  const result = priceCart(lines, {
    prices_include_tax: settings.prices_include_tax,
    tax_rounding: settings.tax_rounding,
    discount_percent: cart.discount_percent,
    discount_amount: cart.discount_amount,
    surcharges: extra.map((s, i) => ({ key: lines.length + i, tax_rate: String(s.tax_rate), amount: s.amount ?? null, percent: s.percent ?? null, line_key: s.line_key ?? null })),
  });
  // In the quote's shape: who added each line, what it is called.
  const about = lines.concat(extra.map((s) => ({ kind: s.kind ?? "surcharge", name: s.label, sku: "", source: s.source, for_line: s.line_key ?? null, editable: false, data: {}, surcharge: true })));
  // (pricing.js's exact rates are BigInt pairs: not for plugins, nor JSON.)
  result.lines = result.lines.map((p, i) => ({ product_id: null, data: {}, ...about[i], ...p, rate: undefined }));
  result.taxes = result.taxes.map(({ ratio, ...row }) => row);
  result.due_direction = result.total < 0 ? "out" : "in";
  return result;
}

/** The local price of the cart (what the till charges offline), the quote's shape. */
export function localPrice() {
  if (local?.version !== version) {
    failed.clear();
    let data;
    try {
      data = compute(modules);
    } catch (error) {
      // A module gave a line pricing.js refuses: price without the modules, and say so
      // if the sale has to be made offline.
      console.error(error);
      for (const m of modules) failed.add(m.title);
      data = compute([]);
    }
    local = { version, data };
  }
  return local.data;
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
  return discountsBeyond(localPrice(), settings.cashier_discount_limit);
}

function requestLines() {
  return cart.lines.map((l) => {
    const item = l.barcode ? { barcode: l.barcode } : { product_id: l.product_id };
    const out = l.kind ? { [l.kind]: l.payload, quantity: l.quantity } : { ...item, quantity: l.quantity };
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
  if (Object.keys(cart.plugin_data).length) out.plugin_data = cart.plugin_data;
  return out;
}

/** Why the till cannot sell this cart without the server, or null. */
export function offlineProblem() {
  localPrice(); // the modules' failures on the cart as it is
  const names = [...boot.server_priced, ...broken, ...failed];
  for (const name of Object.keys(cart.plugin_data)) {
    if (!modules.some((m) => m.plugin === name)) names.push(cart.plugin_labels[name]);
  }
  for (const l of cart.lines) if (l.kind && !boot.line_kinds[l.kind]?.works_offline) names.push(l.name);
  return names.length ? [...new Set(names)].join(", ") : null;
}

/** A sale body as sold offline: each line with the price and rate the till charged, then
 * the lines and surcharges the plugins' pricing modules added. */
export function offlineBody(registerId) {
  const out = body(registerId);
  const view = localPrice();
  out.lines = out.lines.map((l, i) => {
    const own = cart.lines[i];
    // The rate the till charged: a plugin's module may have changed the product's.
    return { ...l, unit_price: own.unit_price, tax_rate: String(view.lines[i].tax_rate), ...(own.kind ? { name: own.name } : {}) };
  });
  for (const l of view.lines.slice(cart.lines.length)) {
    const added = { source: l.source, kind: l.kind, name: l.name, sku: l.sku ?? "", unit_price: l.unit_price, tax_rate: l.tax_rate };
    if (l.for_line != null) added.for_line = l.for_line;
    if (l.product_id != null) added.product_id = l.product_id;
    if (l.data && Object.keys(l.data).length) added.data = l.data;
    // Priced after the discounts, as online: the server must not spread them over it.
    if (l.surcharge) added.surcharge = true;
    out.lines.push({ added, quantity: l.quantity });
  }
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
      // A kind line takes the server's name and price: what the till charges if it must
      // sell it offline after all.
      for (const l of cart.lines) {
        const q = data.lines[l.key];
        if (l.kind && q?.kind === l.kind) Object.assign(l, { name: q.name, unit_price: q.unit_price, tax_rate: q.tax_rate });
      }
      local = null;
      localStorage.setItem(KEY, JSON.stringify(cart));
      for (const listener of listeners) listener();
      broadcast();
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
