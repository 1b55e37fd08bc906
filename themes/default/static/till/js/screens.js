// The till's screens: sell, pay, receipt, register, parked sales, find and refund. The
// `till` object is also what plugin actions receive: run(till).

import { api, ApiError, net, NetworkError, uuid } from "./api.js";
import * as cartModule from "./cart.js";
import * as catalog from "./catalog.js";
import * as deviceModule from "./devices.js";
import { ask, closeDialogs, tillChoose, tillConfirm, tillDialog } from "./dialogs.js";
import { actions, boot, decimals, formatQuantity, money, parseMoney, parseQuantity, settings, t, useRegisterPricing } from "./i18n.js";
import { decodeInStore, labelPrice, labelQuantity } from "./gs1.js";
import * as idb from "./idb.js";
import * as outbox from "./outbox.js";
import { amountDue, divHalfUp, ratio, roundCash } from "./pricing.js";

const $ = (id) => document.getElementById(id);
const { cart } = cartModule;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== false && value != null) node.setAttribute(key, value === true ? "" : value);
  }
  node.append(...children.filter((c) => c != null));
  return node;
}

export const till = {
  user: null,
  register: null,
  methods: [],
  tillUsers: [],
  lastSale: null,
  screen: null,
  cart,
  api,
  t,
  money,
  metrics: { scans: [] },
  can(permission) {
    return Boolean(this.user?.permissions?.includes(permission));
  },
  // For plugin actions (documented in docs/plugins/till-actions.md).
  setCustomer: cartModule.setCustomer,
  setPluginData: cartModule.setPluginData,
  addLine: cartModule.addLine,
  removeLine: cartModule.remove,
  priced: () => cartModule.priced(),
  refresh: () => cartModule.fetchQuote(),
  dialog: tillDialog,
  confirm: tillConfirm,
  choose: tillChoose,
  get online() {
    return net.online;
  },
  show,
  message,
  focusScan,
};
window.tillMetrics = till.metrics;

const enterHooks = {};

/** Show a screen; keep: show it as it was left, without resetting it. */
export function show(name, keep = false) {
  if (name === "signin") closeDialogs(); // nothing stays open over a locked till
  for (const section of document.querySelectorAll(".screen")) section.hidden = section.id !== `screen-${name}`;
  till.screen = name;
  $("menu").hidden = name === "signin" || !till.user;
  enterHooks[name]?.(keep);
}

let messageTimer = null;
let messageFrom = null;
/** The banner under the bar, seen from every screen: a confirmation goes by itself, a
 * refusal stays until the action succeeds (or ✕). from: who may clear it ("quote"). */
export function message(text, kind = "error", from = null) {
  const box = $("message");
  $("message-text").textContent = text;
  box.className = `message ${kind}`;
  box.hidden = !text;
  messageFrom = text ? from : null;
  clearTimeout(messageTimer);
  if (text && kind !== "error") messageTimer = setTimeout(() => (box.hidden = true), 6000);
}

/** An action succeeded: its refusal (from, or any) no longer applies. */
export function cleared(from = null) {
  if ($("message").classList.contains("error") && (from == null || messageFrom === from)) message("");
}

export function focusScan() {
  if (till.screen === "sell" && !document.querySelector("dialog[open]")) $("scan").focus({ preventScroll: true });
}

function errorText(error) {
  return error instanceof ApiError ? error.message : t("offline");
}

/** Do action(approval) with permission: alone (approval null) if the cashier holds it,
 * else with the one-shot approval of the manager picked in <prefix>-manager, whose PIN is
 * typed in <prefix>-pin: sent in the request's body, checked by the server for that one
 * request. Nobody else signs in: the cashier stays at the till, on this screen. */
async function withApproval(permission, prefix, action) {
  if (till.can(permission)) return action(null);
  const pin = $(`${prefix}-pin`);
  if (!pin.value) {
    pin.focus();
    throw new ApiError(403, { message: t("manager_pin") });
  }
  const approval = { user_id: Number($(`${prefix}-manager`).value), pin: pin.value };
  try {
    return await action(approval);
  } finally {
    pin.value = "";
  }
}

/** The managers' names in select, the fieldset shown when the cashier lacks permission. */
function approvalFields(prefix, permission) {
  $(`${prefix}-approval`).hidden = till.can(permission);
  $(`${prefix}-manager`).replaceChildren(...till.tillUsers.filter((u) => u.id !== till.user?.id).map((u) => new Option(u.full_name, u.id)));
}

// -- sell ---------------------------------------------------------------------------------

function receiptPattern(text) {
  return /^[A-Z][A-Z0-9]*-\d{1,9}$/.test(text) || /^[0-9a-f]{8}-[0-9a-f]{4}-/.test(text);
}

async function scanned(code) {
  const started = performance.now();
  // A weighed or priced label (GS1 prefixes 02, 20-29): the item's code, and the weight
  // or the price the scale printed.
  const found = await fromLabel(code);
  const quantity = found?.quantity;
  const product = found?.product ?? (await catalog.lookup(code));
  if (!product && receiptPattern(code)) {
    // A receipt scanned or typed (a product's code first: a SKU may look like one).
    show("find");
    $("find-input").value = code;
    return findSale(code);
  }
  if (!product) return message(t("not_found_barcode", { code }));
  if (quantity) cartModule.add(product, quantity, found.price != null ? { barcode: code, unit_price: found.price } : null);
  else if (product.sold_by === "weight") return addWeighed(product);
  else cartModule.add(product);
  cleared();
  requestAnimationFrame(() =>
    setTimeout(() => {
      till.metrics.scans.push(performance.now() - started);
    }, 0),
  );
}

/** A scale's label: {product, quantity, price}, price the one a price label charges for a
 * product sold by the unit (the line sells at it, and carries the label for the server to
 * check it); null if code is no label of a known product. */
async function fromLabel(code) {
  const label = decodeInStore(code, settings.gs1_layout);
  for (const key of label?.keys ?? []) {
    const product = await catalog.lookup(key);
    if (product) return { product, quantity: labelQuantity(label, product), price: labelPrice(label, product) };
  }
  return null;
}

async function addWeighed(product) {
  if (deviceModule.hasScale()) {
    try {
      cartModule.add(product, await deviceModule.readScale(till.register.id));
      return focusScan();
    } catch (error) {
      // The scale refused (moving, below zero, nothing on it): say why, sell nothing.
      if (error instanceof ApiError) return message(error.message);
      // The server is away: the weight is typed by hand, as without a scale.
    }
  }
  const answer = await ask({
    title: product.name,
    label: t("weight_kg"),
    validate: (v) => (parseQuantity(v.value) ? null : t("weight_kg")),
  });
  if (answer) cartModule.add(product, parseQuantity(answer.value));
  focusScan();
}

function addProduct(product) {
  if (product.sold_by === "weight") return addWeighed(product);
  cartModule.add(product);
  focusScan();
}

/** Replace a container's children only when what it shows changed: a touch landing while
 * the server's quote redraws the cart must not fall between two nodes. */
function fill(container, nodes) {
  if (container.innerHTML !== nodes.map((n) => n.outerHTML).join("")) container.replaceChildren(...nodes);
}

let shownLines = 0;
export function renderCart() {
  const view = cartModule.priced();
  const chip = (label, onclick) => el("span", { class: "chip" }, `${label} `, el("button", { type: "button", "aria-label": `${t("remove")} ${label}`, onclick }, "×"));
  const rows = cart.lines.map((line, i) => {
    const p = view.lines[i] ?? {};
    const name = p.name ?? line.name;
    const discount = line.discount_percent != null ? `−${line.discount_percent}%` : line.discount_amount != null ? `−${money(line.discount_amount)}` : "";
    return el(
      "tr",
      { "data-key": line.key, class: p.total < 0 ? "credit" : null },
      el("td", {}, name, discount ? el("small", { class: "discount" }, ` ${discount}`) : null),
      el(
        "td",
        { class: "qty" },
        el("button", { type: "button", "data-act": "minus", "aria-label": `− ${name}` }, "−"),
        el("button", { type: "button", "data-act": "qty", "aria-label": `${t("quantity")} ${name}` }, formatQuantity(line.quantity) + (line.sold_by === "weight" ? ` ${t("kg")}` : "")),
        el("button", { type: "button", "data-act": "plus", "aria-label": `+ ${name}` }, "+"),
      ),
      el("td", { class: "num" }, money(p.total ?? 0)),
      el(
        "td",
        { class: "line-actions" },
        // A credit line (money given back) takes no discount.
        line.unit_price < 0 ? null : el("button", { type: "button", "data-act": "discount", "aria-label": `${t("discount")} ${name}` }, "%"),
        el("button", { type: "button", "data-act": "remove", "aria-label": `${t("remove")} ${name}` }, "✕"),
      ),
    );
  });
  // Lines the shop's plugins add (a deposit, a surcharge): shown, not changed here.
  for (const p of view.lines.slice(cart.lines.length)) {
    rows.push(el("tr", { class: `added${p.total < 0 ? " credit" : ""}`, "data-source": p.source },
      el("td", {}, p.name, el("small", {}, ` ${t("added_by", { plugin: boot.plugins[p.source] ?? p.source })}`)),
      el("td", { class: "qty" }, formatQuantity(p.quantity)), el("td", { class: "num" }, money(p.total)), el("td")));
  }
  fill($("cart-lines"), rows);
  // A line just scanned is shown, even below the fold of a long cart.
  if (cart.lines.length > shownLines) $("cart-scroll").scrollTop = $("cart-scroll").scrollHeight;
  shownLines = cart.lines.length;
  $("cart-empty").hidden = cart.lines.length > 0;
  // What plugin actions attached: the customer and each plugin's data, each removable.
  const extras = [];
  if (cart.customer_id != null) extras.push(chip(`${t("customer")}: ${cart.customer_name ?? `#${cart.customer_id}`}`, () => cartModule.setCustomer(null)));
  for (const [name, label] of Object.entries(cart.plugin_labels)) extras.push(chip(label, () => cartModule.setPluginData(name, null)));
  fill($("cart-extras"), extras);
  const totals = [[t("subtotal"), money(view.subtotal)]];
  if (view.discount_total) totals.push([t("discount"), `−${money(view.discount_total)}`]);
  for (const row of view.taxes) totals.push([t("tax_rate", { rate: formatQuantity(row.rate) }), money(row.tax)]);
  totals.push(view.total < 0 ? [t("refund_total"), money(-view.total)] : [t("total"), money(view.total)]);
  fill($("totals"), totals.flatMap(([k, v], i) => [el("dt", {}, k), el("dd", { id: i === totals.length - 1 ? "cart-total" : null }, v)]));
  $("btn-pay").disabled = !cart.lines.length;
  const error = cartModule.quoteError;
  if (error instanceof ApiError) message(error.message, "error", "quote");
  else if (cartModule.isServerQuote()) cleared("quote");
}

async function lineAction(key, act) {
  const line = cartModule.line(key);
  if (!line) return;
  if (act === "remove") cartModule.remove(key);
  else if (act === "plus" || act === "minus") {
    const step = act === "plus" ? 1 : -1;
    const next = Number(line.quantity) + step;
    if (next <= 0) cartModule.remove(key);
    else cartModule.update(key, { quantity: String(Math.round(next * 1000) / 1000) });
  } else if (act === "qty") {
    const answer = await ask({
      title: line.name,
      label: line.sold_by === "weight" ? t("weight_kg") : t("quantity"),
      value: formatQuantity(line.quantity),
      validate: (v) => {
        const q = parseQuantity(v.value);
        if (!q || (line.sold_by === "unit" && q.includes("."))) return t("quantity");
        return null;
      },
    });
    if (answer) cartModule.update(key, { quantity: parseQuantity(answer.value) });
  } else if (act === "discount") await discountDialog(key);
  focusScan();
}

/** A line discount (key) or the cart's (null); beyond the limit a manager approves here. */
async function discountDialog(key) {
  const target = key == null ? cart : cartModule.line(key);
  const before = { discount_percent: target.discount_percent, discount_amount: target.discount_amount };
  const beforeApproval = cart.approval;
  const apply = (values) => (key == null ? cartModule.setCartDiscount(values.discount_percent, values.discount_amount) : cartModule.update(key, values));
  await ask({
    title: key == null ? t("cart_discount") : `${t("discount")} · ${target.name}`,
    label: t("discount"),
    kind: true,
    value: target.discount_percent ?? (target.discount_amount != null ? String(target.discount_amount / 100) : ""),
    managers: till.tillUsers.filter((u) => u.id !== till.user.id),
    validate: async (v) => {
      let values;
      if (v.value.trim() === "" || v.value.trim() === "0") values = { discount_percent: null, discount_amount: null };
      else if (v.kind === "percent") {
        const percent = parseQuantity(v.value);
        if (!percent || Number(percent) > 100) return t("discount_percent");
        values = { discount_percent: percent, discount_amount: null };
      } else {
        const amount = parseMoney(v.value);
        if (amount == null) return t("discount_amount");
        values = { discount_percent: null, discount_amount: amount };
      }
      apply(values);
      if (!cartModule.beyondLimit().length || till.can("sales.discount_override")) return null;
      const revert = () => {
        apply(before);
        cartModule.setApproval(beforeApproval);
      };
      if (!net.online) {
        revert();
        return t("approval_offline");
      }
      if (v.manager == null) {
        revert();
        v.showApproval(t("approval_needed", { limit: settings.cashier_discount_limit }));
        return t("approval_needed", { limit: settings.cashier_discount_limit });
      }
      cartModule.setApproval({ user_id: v.manager, pin: v.pin });
      try {
        await cartModule.fetchQuote();
        return null;
      } catch (error) {
        revert();
        return error instanceof NetworkError ? t("approval_offline") : error.message;
      }
    },
  });
}

let searchTimer = null;
async function runSearch() {
  const text = $("search").value.trim();
  const found = text ? await catalog.search(text) : [];
  $("search-results").replaceChildren(
    ...found.map((p) =>
      el("li", {}, el("button", { type: "button", onclick: () => { $("search").value = ""; $("search-results").replaceChildren(); addProduct(p); } }, `${p.name} · ${p.sku} · ${money(p.price)}`)),
    ),
  );
  if (text && !found.length) $("search-results").append(el("li", { class: "muted" }, t("no_results")));
}

export async function renderQuickKeys(selected) {
  const categories = await catalog.categories();
  const current = selected ?? categories[0]?.id;
  $("categories").replaceChildren(
    ...categories.map((c) =>
      el("button", { type: "button", "aria-pressed": String(c.id === current), style: `--tab:${c.color || "#888"}`, onclick: () => renderQuickKeys(c.id) }, c.name),
    ),
  );
  const products = current == null ? [] : await catalog.inCategory(current);
  $("quickkeys").replaceChildren(
    ...products.map((p) => el("button", { type: "button", onclick: () => addProduct(p) }, el("span", {}, p.name), el("small", {}, money(p.price)))),
  );
}

function renderActions() {
  const allowed = actions.filter((a) => till.can(a.permission));
  $("actions").replaceChildren(
    ...allowed.map((a) =>
      el("button", { type: "button", "data-action": a.code, "aria-keyshortcuts": a.hotkey, onclick: () => runAction(a) }, a.title),
    ),
  );
  $("receipt-actions").replaceChildren(
    ...allowed.filter((a) => a.code.endsWith("email_receipt") || a.code.endsWith(".email")).map((a) =>
      el("button", { type: "button", onclick: () => runAction(a) }, t("email_receipt")),
    ),
  );
}

/** Run the plugin action bound to a key (TillAction.hotkey); true when there was one. */
export function runHotkey(key) {
  const action = actions.find((a) => a.hotkey === key && till.can(a.permission));
  if (action) runAction(action);
  return Boolean(action);
}

async function runAction(action) {
  try {
    const module = await import(action.script);
    await module.run(till);
  } catch (error) {
    message(`${action.title}: ${error instanceof NetworkError ? t("offline_action") : (error.message ?? error)}`);
  }
  focusScan();
}

/** The till's home after sign-in: the first action (the cashier may run) whose module
 * exports ``home(till)`` shows it, a restaurant's floor plan. Offline, or when the module
 * fails, the sale screen stays: a home screen is a convenience, never a barrier. */
export async function openHome() {
  for (const action of actions.filter((a) => till.can(a.permission))) {
    try {
      const module = await import(action.script);
      if (!module.home) continue;
      await module.home(till);
    } catch (error) {
      console.warn(action.script, error);
    }
    break;
  }
  focusScan();
}

async function park() {
  if (!cart.lines.length) return;
  const label = cart.lines[0].name;
  const body = { ...cartModule.body(till.register.id), id: cart.id, label };
  delete body.approval;
  try {
    if (!net.online) throw new NetworkError("offline");
    await api("POST", "/parked-sales", body);
  } catch (error) {
    if (!(error instanceof NetworkError)) return message(errorText(error));
    await idb.write("parked", [{ ...cart, approval: null, label, created_at: new Date().toISOString() }]);
  }
  cartModule.reset();
  focusScan();
}

/** A code the register's serial scanner read (through its agent): handled as a scan in
 * the scan field, on the sell screen with no dialog open, as a keyboard wedge's would be. */
export async function scannedByDevice(code) {
  if (till.screen !== "sell" || document.querySelector("dialog[open]")) return;
  try {
    await scanned(code);
  } catch (error) {
    message(errorText(error));
  }
}

export function initSell() {
  $("scan-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const code = $("scan").value.trim();
    $("scan").value = "";
    if (code) scanned(code).catch((error) => message(errorText(error)));
  });
  $("search").addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(runSearch, 120);
  });
  $("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    runSearch();
  });
  $("cart-lines").addEventListener("click", (event) => {
    const button = event.target.closest("button[data-act]");
    if (button) lineAction(Number(button.closest("tr").dataset.key), button.dataset.act);
  });
  $("btn-cart-discount").addEventListener("click", () => discountDialog(null).then(focusScan));
  $("btn-park").addEventListener("click", park);
  $("btn-clear").addEventListener("click", async () => {
    if (cart.lines.length && (await tillConfirm({ title: t("clear_confirm"), message: t("item_count", { count: cart.lines.length }), ok: t("clear") }))) cartModule.reset();
    focusScan();
  });
  $("btn-pay").addEventListener("click", startPayment);
  cartModule.onChange(renderCart);
  enterHooks.sell = () => {
    renderCart();
    renderActions();
    focusScan();
  };
}

// -- pay ----------------------------------------------------------------------------------

let tenders = [];
let payTotal = 0;

async function startPayment() {
  if (!cart.lines.length) return;
  if (cartModule.beyondLimit().length && !till.can("sales.discount_override") && !cart.approval) {
    return message(t("approval_needed", { limit: settings.cashier_discount_limit }));
  }
  if (net.online && !cartModule.isServerQuote()) {
    try {
      await cartModule.fetchQuote();
    } catch (error) {
      if (!(error instanceof NetworkError)) return message(errorText(error));
    }
  }
  tenders = [];
  payTotal = cartModule.priced().total;
  const problem = !net.online && cartModule.offlineProblem();
  $("pay-error").textContent = problem ? t("needs_server", { names: problem }) : "";
  show("pay");
}

/** 1 when the customer pays, -1 when the cart totals below zero and money is handed out. */
const sign = () => (payTotal < 0 ? -1 : 1);
const sum = (list) => list.reduce((a, x) => a + x.amount, 0);

function paidSoFar() {
  return sum(tenders);
}

function dueNow() {
  return amountDue(payTotal, tenders.map((x) => ({ amount: x.amount, gives_change: x.cash })), settings.cash_rounding);
}

/** What is left to pay (or hand out) on method, as a positive amount: the cash part is
 * rounded to the smallest coin, the rest exact (core/sales/tenders.py). */
function remainingFor(method) {
  let left = payTotal - sum(tenders.filter((x) => !x.cash));
  if (sign() * left < 0) left = 0;
  if (method.is_cash) left = roundCash(left, settings.cash_rounding);
  return Math.max(0, sign() * (left - sum(tenders.filter((x) => x.cash))));
}

function renderPay() {
  const due = dueNow();
  const paid = paidSoFar();
  const out = payTotal < 0;
  $("pay-title").textContent = out ? t("give_back") : t("pay");
  $("pay-due-label").textContent = out ? t("refund_total") : t("due");
  $("pay-paid-label").textContent = out ? t("given_back") : t("paid");
  $("pay-due").textContent = money(sign() * due);
  $("pay-paid").textContent = money(sign() * paid);
  $("pay-remaining").textContent = money(Math.max(0, sign() * (due - paid)));
  $("pay-change").textContent = money(Math.max(0, paid - due));
  $("pay-change").hidden = $("pay-change-label").hidden = out;
  $("pay-tenders").replaceChildren(
    ...tenders.map((x, i) =>
      el("li", { class: x.error ? "error" : null }, `${x.title}${x.shown ? " · " + x.shown : ""}: ${money(sign() * x.amount)} `, el("button", { type: "button", "aria-label": `${t("remove")} ${x.title}`, onclick: () => { tenders.splice(i, 1); renderPay(); } }, "✕")),
    ),
  );
  const offline = !net.online;
  // Money is handed out only on methods that pay out; a total of zero takes no payment.
  const methods = payTotal ? till.methods.filter((m) => !out || m.pays_out) : [];
  $("pay-methods").replaceChildren(
    ...methods.map((m) =>
      el("button", { type: "button", "data-method": m.code, class: m.is_cash ? "primary" : "", disabled: offline && !m.works_offline, title: offline && !m.works_offline ? t("method_offline", { method: m.title }) : null, onclick: () => addTender(m) }, m.title),
    ),
  );
  const cash = methods.find((m) => m.gives_change);
  const quick = [];
  const left = cash ? remainingFor(cash) : 0;
  if (left > 0) {
    quick.push(left);
    const unit = 10 ** (String(settings.currency) === "JPY" ? 0 : 2);
    for (const note of [5, 10, 20, 50, 100, 200]) if (!out && note * unit > left && quick.length < 4) quick.push(note * unit);
  }
  $("pay-quick").replaceChildren(
    ...quick.map((amount) => el("button", { type: "button", "data-quick": amount, onclick: () => addTender(cash, amount) }, money(amount))),
  );
  const complete = $("pay-complete");
  complete.disabled = payTotal !== 0 && (!tenders.length || (out ? paid !== due : paid < due));
  if (!complete.disabled) complete.focus();
  cartModule.broadcast({ state: "pay", paid, due });
}

/** A tender of amount (positive, typed or the rest) on method, with what the method asks
 * for (its fields) in the till's dialog. */
async function addTender(method, amount) {
  $("pay-error").textContent = "";
  if (!net.online && !method.works_offline) return ($("pay-error").textContent = t("method_offline", { method: method.title }));
  const value = amount ?? parseMoney($("pay-amount").value) ?? remainingFor(method);
  if (!value) return;
  if ((payTotal < 0 || !method.gives_change) && value > remainingFor(method)) {
    $("pay-error").textContent = `${method.title}: ≤ ${money(remainingFor(method))}`;
    return;
  }
  const asked = method.fields ?? [];
  const fields = await askFields(method, asked, value);
  if (!fields) return $("pay-amount").focus();
  tenders.push({
    method: method.code, title: method.title, amount: sign() * value, fields, asked, cash: method.is_cash,
    // Shown as the receipt will keep it: a masked field (a gift card's code) as ****WXYZ.
    shown: asked.filter((f) => f.keep !== "drop" && fields[f.name]).map((f) => (f.keep === "mask" ? `****${String(fields[f.name]).slice(-4)}` : fields[f.name])).join(" "),
  });
  $("pay-amount").value = "";
  renderPay();
}

/** What a method asks (its fields when paying, refund_fields when giving back) in the
 * till's dialog: {name: value} without the optional ones left empty, null if cancelled. */
async function askFields(method, asked, amount) {
  if (!asked.length) return {};
  const answer = await tillDialog({
    title: `${method.title} · ${money(amount)}`,
    fields: asked.map((f) => ({ name: f.name, label: f.label, type: f.input, required: f.required, max_length: f.max_length })),
  });
  return answer && Object.fromEntries(Object.entries(answer).filter(([, v]) => v !== ""));
}

/** A refusal in the cashier's words: the tender and the field it names (a 422 at
 * payments.<i>.fields.<name>, or the method's own at payments.<i>.<name>), else the
 * server's message. The tenders named are marked. */
function paymentError(error, list) {
  const found = [];
  const walk = (value, path) => {
    if (Array.isArray(value)) {
      const match = /^payments\.(\d+)\.(?:fields\.)?(\w+)/.exec(path);
      const tender = match && list[Number(match[1])];
      if (!tender) return;
      tender.error = true;
      const field = tender.asked?.find((f) => f.name === match[2]);
      found.push(`${tender.title}${field ? " · " + field.label : ""}: ${value.join(" ")}`);
    } else if (value && typeof value === "object") {
      for (const [key, inner] of Object.entries(value)) walk(inner, path ? `${path}.${key}` : key);
    }
  };
  walk(error.fields, "");
  // Else the server's words about what it refused (a line: "at most 2 of ... can be
  // refunded"), which say more than its summary.
  const said = [];
  const collect = (value) => (Array.isArray(value) ? said.push(...value.filter((x) => typeof x === "string")) : value && typeof value === "object" && Object.values(value).forEach(collect));
  collect(error.fields);
  return found.length ? found.join(" · ") : said.length ? said.join(" · ") : error.message;
}

async function completeSale(retried = false) {
  const button = $("pay-complete");
  button.disabled = true;
  $("pay-error").textContent = "";
  const number = outbox.nextNumber();
  const payments = tenders.map((x) => ({ method: x.method, amount: x.amount, ...(Object.keys(x.fields).length ? { fields: x.fields } : {}) }));
  const base = { id: cart.id, number, payments, ...cartModule.body(till.register.id) };
  const due = dueNow();
  const change = paidSoFar() - due;
  const refuse = (text) => {
    renderPay();
    $("pay-error").textContent = text;
    (document.querySelector("#pay-tenders li.error button") ?? button).focus();
  };
  if (net.online) {
    try {
      const { data } = await api("POST", "/sales", base, { timeout: 15000 });
      await outbox.noteNumber(data.number);
      return finishSale({ ...data, offline: false });
    } catch (error) {
      if (error instanceof ApiError) {
        if (error.code === "number_out_of_sequence" && !retried) {
          // Another client used this register's sequence: an online sale's number is not
          // printed yet, so take the one the server expects and send again.
          const expected = Number(/(\d+)/.exec(String(error.fields.number ?? ""))?.[1]);
          if (expected) {
            await outbox.setLastNumber(expected - 1);
            return completeSale(true);
          }
        }
        return refuse(paymentError(error, tenders));
      }
      // The server could not be reached: the customer has paid, the sale is final.
    }
  }
  const problem = cartModule.offlineProblem();
  if (problem) return refuse(t("needs_server", { names: problem }));
  const refused = tenders.find((x) => !till.methods.find((m) => m.code === x.method)?.works_offline);
  if (refused) return refuse(t("method_offline", { method: refused.title }));
  const body = { ...base, ...cartModule.offlineBody(till.register.id), offline: true, completed_at: isoNow() };
  await outbox.queue(body);
  finishSale({ id: body.id, number, total: due, change, offline: true, receipt_number: receiptNumber(number) });
}

function isoNow() {
  const now = new Date();
  const offset = -now.getTimezoneOffset();
  const pad = (n) => String(Math.floor(Math.abs(n))).padStart(2, "0");
  const local = new Date(now.getTime() + offset * 60000).toISOString().slice(0, 23);
  return `${local}${offset >= 0 ? "+" : "-"}${pad(offset / 60)}:${pad(offset % 60)}`;
}

function receiptNumber(number) {
  return `${till.register.code}-${String(number).padStart(6, "0")}`;
}

function finishSale(sale) {
  till.lastSale = sale;
  cleared();
  $("receipt-number").textContent = sale.receipt_number;
  $("receipt-total").textContent = money(sale.total);
  $("receipt-change").textContent = money(sale.change);
  $("receipt-note").textContent = sale.offline ? t("offline_receipt") : "";
  $("btn-print").disabled = sale.offline;
  if (!sale.offline) sendToPrinter(sale);
  cartModule.broadcast({ state: "paid", change: sale.change, total: sale.total });
  const displayTotal = sale.total;
  cartModule.reset();
  cartModule.broadcast({ state: "paid", change: sale.change, total: displayTotal });
  show("receipt");
}

export function initPay() {
  $("pay-back").addEventListener("click", () => show("sell"));
  $("pay-complete").addEventListener("click", () => completeSale());
  $("pay-amount").addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      const cash = till.methods.find((m) => m.gives_change) ?? till.methods[0];
      if (cash) addTender(cash);
    }
  });
  enterHooks.pay = () => {
    $("pay-amount").value = "";
    renderPay();
    if ($("pay-complete").disabled) $("pay-amount").focus();
  };
  $("btn-new-sale").addEventListener("click", () => show("sell"));
  $("btn-print").addEventListener("click", () => {
    const sale = till.lastSale;
    if (sale && !sale.offline) printReceipt(`/sales/${sale.id}`);
  });
  enterHooks.receipt = () => $("btn-new-sale").focus();
}

/** The receipt on the register's printer (and the drawer kicked for cash), through the
 * server; where the server cannot be reached, the browser's print window instead. */
async function sendToPrinter(sale) {
  try {
    const outcome = await deviceModule.printSale(sale);
    if (till.lastSale !== sale) return;
    if (outcome === "printed") $("receipt-note").textContent = t("receipt_sent");
    else if (outcome === "unreachable") {
      $("receipt-note").textContent = t("printer_unreachable");
      printReceipt(`/sales/${sale.id}`);
    }
  } catch (error) {
    $("receipt-note").textContent = errorText(error);
  }
}

/** Print the server's HTML receipt of a sale or a refund (path: /sales/<id>, /refunds/<id>). */
function printReceipt(path) {
  const win = window.open(`/api/v1${path}/receipt?format=html`, "receipt", "width=420,height=640");
  win?.addEventListener("load", () => win.print());
}

// -- register -----------------------------------------------------------------------------

function reportTable(report) {
  const rows = [];
  const add = (label, value) => rows.push(el("tr", {}, el("th", { scope: "row" }, label), el("td", { class: "num" }, value)));
  // The report's fields, each named by the till's string of the same key.
  const keys = "opening_float sales_count sales_total discounts_total refunds_count refunds_total voids_total cash_in cash_out net_total expected_cash counted_cash over_short";
  for (const key of keys.split(" ")) {
    if (report[key] != null) add(t(key), key.endsWith("_count") ? String(report[key]) : money(report[key]));
  }
  for (const p of report.payments ?? []) add(till.methods.find((m) => m.code === p.method)?.title ?? p.method, money(p.total));
  for (const x of report.taxes ?? []) add(t("tax_rate", { rate: x.rate }), `${money(x.base)} + ${money(x.tax)}`);
  // Plugins' sections (tips owed to the staff...): a heading row, one row per row, the note.
  for (const section of report.sections ?? []) {
    rows.push(el("tr", { class: "section" }, el("th", { scope: "colgroup", colspan: "2" }, section.title)));
    for (const row of section.rows) add(String(row[0]), row.slice(1).map((v) => (typeof v === "number" ? money(v) : String(v))).join(" · "));
    if (section.note) rows.push(el("tr", {}, el("td", { colspan: "2", class: "note" }, section.note)));
  }
  const title = report.kind === "Z" ? t("z_report") : t("x_report");
  // Printed on the till's printer by the browser: the print stylesheet shows the report only.
  // The button comes first, so that a long report (many methods, rates) never pushes it off.
  return [el("button", { type: "button", id: "btn-print-report", onclick: () => window.print() }, `${t("print")} · ${title}`),
    el("table", { class: "report-table", "aria-label": title }, el("caption", {}, title), el("tbody", {}, ...rows))];
}

export async function loadRegister() {
  const { data } = await api("GET", "/registers");
  const wanted = Number(localStorage.getItem("comptoir-till-register"));
  const register = data.find((r) => r.id === wanted && r.active) ?? data.find((r) => r.active);
  if (!register) return null;
  localStorage.setItem("comptoir-till-register", String(register.id));
  localStorage.setItem("comptoir-till-register-info", JSON.stringify(register));
  useRegisterPricing(register);
  return register;
}

function renderRegister() {
  const register = till.register;
  $("register-name").textContent = register ? register.code : "";
  $("open-form").hidden = !register || register.is_open;
  $("register-open").hidden = !register || !register.is_open;
}

export function initRegister() {
  enterHooks.register = async (keep) => {
    if (keep) return renderRegister();
    $("report").replaceChildren();
    $("close-error").textContent = "";
    approvalFields("close", "registers.close");
    renderRegister();
    if (net.online) {
      try {
        till.register = (await loadRegister()) ?? till.register;
      } catch {
        /* offline: what we know */
      }
    }
    renderRegister();
    ($("open-form").hidden ? $("cash-amount") : $("open-float")).focus();
  };
  $("open-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const amount = parseMoney($("open-float").value);
    if (amount == null) return message(t("float"));
    try {
      await api("POST", `/registers/${till.register.id}/open`, { float: amount });
      till.register = await loadRegister();
      $("open-float").value = "";
      show("sell");
    } catch (error) {
      message(errorText(error));
    }
  });
  $("cash-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const amount = parseMoney($("cash-amount").value);
    if (!amount) return message(t("amount"));
    try {
      await api("POST", `/registers/${till.register.id}/cash`, { kind: $("cash-kind").value, amount, reason: $("cash-reason").value });
      $("cash-amount").value = "";
      $("cash-reason").value = "";
      message(`${$("cash-kind").selectedOptions[0].textContent}: ${money(amount)}`, "ok");
    } catch (error) {
      message(errorText(error));
    }
  });
  $("btn-no-sale").addEventListener("click", async () => {
    if (!net.online) return message(t("no_sale_offline"));
    try {
      await deviceModule.noSale(till.register.id);
      message(t("drawer_opened"), "ok");
    } catch (error) {
      message(errorText(error));
    }
  });
  $("btn-xreport").addEventListener("click", async () => {
    try {
      const { data } = await api("GET", `/registers/${till.register.id}/x-report`);
      $("report").replaceChildren(...reportTable(data));
      $("report").scrollIntoView({ block: "nearest" });
    } catch (error) {
      message(errorText(error));
    }
  });
  // The cash counted coin by coin, note by note: the counted total follows.
  const counts = (boot.denominations ?? []).map((value) => el("input", { inputmode: "numeric", "data-value": value, "aria-label": `× ${money(value)}`, autocomplete: "off" }));
  $("close-denominations").replaceChildren(...counts.map((input) => el("label", {}, el("span", {}, money(Number(input.dataset.value))), " × ", input)));
  $("close-denominations").addEventListener("input", () => {
    const total = counts.reduce((sum, input) => sum + Number(input.dataset.value) * (Number(input.value) || 0), 0);
    $("close-counted").value = (total / 10 ** decimals).toFixed(decimals);
  });
  $("close-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const refuse = (text) => {
      $("close-error").textContent = text;
      message(text);
    };
    const waiting = await outbox.size();
    if (waiting) return refuse(t("close_refused_queue", { count: waiting }));
    if (!net.online) return refuse(t("close_refused_offline"));
    const counted = parseMoney($("close-counted").value);
    if (counted == null) return refuse(t("counted_cash"));
    try {
      await withApproval("registers.close", "close", async (approval) => {
        const { data } = await api("POST", `/registers/${till.register.id}/close`, { counted_cash: counted, ...(approval ? { approval } : {}) });
        $("close-counted").value = "";
        for (const input of counts) input.value = "";
        $("close-error").textContent = "";
        cleared();
        till.register = await loadRegister();
        renderRegister();
        $("report").replaceChildren(...reportTable(data));
      $("report").scrollIntoView({ block: "nearest" });
      });
    } catch (error) {
      refuse(errorText(error));
    }
  });
}

// -- parked -------------------------------------------------------------------------------

async function resumeLines(saved) {
  const lines = [];
  for (const l of saved.lines) {
    const kind = Object.keys(l).find((key) => boot.line_kinds[key]);
    if (kind) {
      // Priced by the server's quote, which the line then follows (cart.js).
      lines.push({ kind, payload: l[kind], name: boot.line_kinds[kind].title, sku: "", sold_by: "unit", unit_price: 0, tax_rate: "0", quantity: String(l.quantity), discount_percent: null, discount_amount: null });
      continue;
    }
    if (l.barcode) {
      // A price label's line: the label's product, at the label's price.
      const found = await fromLabel(l.barcode);
      if (found?.price != null) {
        const { product, price } = found;
        lines.push({ product_id: product.id, barcode: l.barcode, name: product.name, sku: product.sku, sold_by: product.sold_by, unit_price: price, tax_rate: product.tax_rate, quantity: String(l.quantity), discount_percent: l.discount_percent ?? null, discount_amount: l.discount_amount ?? null });
      }
      continue;
    }
    const product = await catalog.product(l.product_id);
    if (!product) continue;
    lines.push({ product_id: product.id, name: product.name, sku: product.sku, sold_by: product.sold_by, unit_price: product.price, tax_rate: product.tax_rate, quantity: String(l.quantity), discount_percent: l.discount_percent ?? null, discount_amount: l.discount_amount ?? null });
  }
  return lines;
}

export function initParked() {
  enterHooks.parked = async () => {
    const items = [];
    for (const local of await idb.all("parked")) items.push({ ...local, local: true });
    if (net.online) {
      try {
        const { data } = await api("GET", "/parked-sales");
        items.push(...data.map((p) => ({ ...p, ...p.cart, label: p.label, total: p.total })));
      } catch {
        /* offline: the local ones */
      }
    }
    const rows = [];
    for (const p of items) {
      // What is in it, and since when: the customer back at the counter says "the one
      // with the rice, ten minutes ago".
      const names = [];
      for (const l of p.lines ?? []) {
        const kind = Object.keys(l).find((key) => boot.line_kinds[key]);
        const product = l.barcode != null ? (await fromLabel(l.barcode))?.product : l.product_id != null && (await catalog.product(l.product_id));
        names.push(l.name ?? (kind ? boot.line_kinds[kind].title : product?.name) ?? "?");
      }
      const minutes = Math.max(0, Math.round((Date.now() - Date.parse(p.created_at)) / 60000));
      rows.push(el("li", {}, el("button", { type: "button", onclick: () => resume(p) },
        `${t("resume")}: ${p.label || p.id.slice(0, 8)}${p.total != null ? " · " + money(p.total) : ""}${p.local ? " (" + t("parked_local") + ")" : ""}`,
        el("small", {}, `${t("item_count", { count: names.length })}: ${names.join(", ")} · ${t("minutes_ago", { count: minutes })}`))));
    }
    $("parked-list").replaceChildren(...rows);
    if (!items.length) $("parked-list").append(el("li", { class: "muted" }, t("no_results")));
    $("parked-list").querySelector("button")?.focus();
  };
}

async function resume(parked) {
  if (cart.lines.length) return message(t("cart_not_empty"));
  try {
    let saved = parked;
    if (parked.local) await idb.write("parked", [], [parked.id]);
    else saved = (await api("POST", `/parked-sales/${parked.id}/resume`)).data.cart;
    const lines = parked.local ? parked.lines : await resumeLines(saved);
    const data = saved.plugin_data ?? {};
    cartModule.reset(lines, {
      discount_percent: saved.discount_percent ?? null,
      discount_amount: saved.discount_amount ?? null,
      customer_id: saved.customer_id ?? null,
      customer_name: saved.customer_name ?? null,
      plugin_data: data,
      // A cart parked on the server kept its data, not the till's labels: the plugin's title.
      plugin_labels: saved.plugin_labels ?? Object.fromEntries(Object.keys(data).map((name) => [name, boot.plugins[name] ?? name])),
    });
    show("sell");
  } catch (error) {
    message(errorText(error));
  }
}

// -- find and refund ----------------------------------------------------------------------

let found = null;
let refunded = {}; // sale line id -> what earlier refunds gave back on it

/** A quantity (decimal string, 3 places at most) in thousandths, exactly. */
function milli(quantity) {
  const [n, d] = ratio(quantity);
  return (n * 1000n) / d;
}

const leftOf = (line) => milli(line.quantity) - milli(line.refunded_quantity);

/** What quantity (thousandths) of line gives back: its share, or all that is left of
 * its total with its last part (core/sales/refunds.py). */
function lineRefund(line, quantity) {
  if (quantity === leftOf(line)) return line.total - (refunded[line.id] ?? 0);
  return Number(divHalfUp(BigInt(line.total) * quantity, milli(line.quantity)));
}

function refundLines() {
  return [...$("found-lines").querySelectorAll("input[data-line]")]
    .map((input) => ({ line_id: Number(input.dataset.line), quantity: parseQuantity(input.value) }))
    .filter((x) => x.quantity);
}

/** The lines added for line (a deposit for its bottles): refunded with it. */
const linkedTo = (line) => found.lines.filter((l) => l.for_line === line.position && l.id !== line.id);

function refundTotal() {
  let total = 0;
  for (const item of refundLines()) {
    const line = found.lines.find((l) => l.id === item.line_id);
    const quantity = milli(item.quantity);
    total += lineRefund(line, quantity);
    for (const linked of linkedTo(line)) {
      // In proportion, rounded to the thousandth; all that is left with the last part.
      let share = quantity === leftOf(line) ? leftOf(linked) : divHalfUp(milli(linked.quantity) * quantity, milli(line.quantity));
      if (share > leftOf(linked)) share = leftOf(linked);
      if (share > 0n) total += lineRefund(linked, share);
    }
  }
  const method = till.methods.find((m) => m.code === $("refund-method").value);
  return method?.is_cash ? roundCash(total, settings.cash_rounding) : total;
}

async function findSale(text) {
  $("refund-form").hidden = true;
  try {
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(text)) found = (await api("GET", `/sales/${text}`)).data;
    else found = (await api("GET", `/sales?receipt=${encodeURIComponent(text)}`)).data[0] ?? null;
    refunded = {};
    // What was given back so far, line by line, so that the last part is exact.
    for (const summary of found?.refunds ?? []) {
      for (const l of (await api("GET", `/refunds/${summary.id}`)).data.lines) refunded[l.sale_line_id] = (refunded[l.sale_line_id] ?? 0) + l.total;
    }
  } catch (error) {
    found = null;
    return message(error instanceof ApiError && error.status === 404 ? t("no_sale_found") : errorText(error));
  }
  if (!found) return message(t("no_sale_found"));
  renderFound();
}

function foundRow(line, linked) {
  const left = Number(line.quantity) - Number(line.refunded_quantity);
  // A line added for another is refunded with it; money the sale gave back is not refunded.
  const input = linked
    ? el("span", { class: "muted" }, t("refund_linked"))
    : line.total < 0
      ? el("span", { class: "muted" }, t("not_refundable"))
      : el("input", { "data-line": line.id, inputmode: "decimal", value: "0", "aria-label": `${t("refund")} ${line.name}`, disabled: left <= 0, oninput: () => ($("refund-total").textContent = money(refundTotal())) });
  return el("tr", { class: linked ? "added" : null }, el("td", {}, linked ? `↳ ${line.name}` : line.name), el("td", {}, `${formatQuantity(line.quantity)}${Number(line.refunded_quantity) ? " (−" + formatQuantity(line.refunded_quantity) + ")" : ""}`), el("td", {}, input), el("td", { class: "num" }, money(line.total)));
}

function renderFound() {
  $("found-title").textContent = `${found.receipt_number} · ${money(found.total)}`;
  const parents = new Set(found.lines.map((l) => l.position));
  $("found-lines").replaceChildren(
    ...found.lines
      .filter((line) => line.for_line == null || !parents.has(line.for_line))
      .flatMap((line) => [foundRow(line, false), ...linkedTo(line).map((l) => foundRow(l, true))]),
  );
  const methods = till.methods.filter((m) => m.is_cash || found.payments.some((p) => p.method === m.code));
  $("refund-method").replaceChildren(...methods.map((m) => new Option(m.title, m.code)));
  approvalFields("refund", "sales.refund");
  $("refund-total").textContent = money(0);
  $("refund-form").hidden = false;
  // Each refund or void of the sale, its receipt printed again on demand.
  const register = found.receipt_number.slice(0, found.receipt_number.lastIndexOf("-"));
  $("found-refunds").replaceChildren(...(found.refunds ?? []).map((r) =>
    el("button", { type: "button", "data-refund": r.id, onclick: () => printReceipt(`/refunds/${r.id}`) }, `${t("print")} · ${t(r.kind === "void" ? "void" : "refund")} ${register}-${String(r.number).padStart(6, "0")} · ${money(r.total)}`)));
  $("found-lines").querySelector("input:not([disabled])")?.focus();
}

async function submitRefund(event) {
  event.preventDefault();
  const lines = refundLines();
  if (!lines.length || !found) return;
  if (!net.online) return ($("refund-error").textContent = t("refund_offline"));
  const method = till.methods.find((m) => m.code === $("refund-method").value);
  const amount = refundTotal();
  // What the method asks when money is given back on it (a voucher's number...).
  const asked = (amount && method.refund_fields) || [];
  const fields = await askFields(method, asked, amount);
  if (!fields) return;
  const payment = { method: method.code, amount, ...(asked.length ? { fields } : {}) };
  await refundAction("sales.refund", `/sales/${found.id}/refund`, {
    id: uuid(),
    register_id: till.register.id,
    lines,
    payments: amount ? [payment] : [],
    reason: $("refund-reason").value,
  }, (error) => paymentError(error, [{ title: method.title, asked }]));
}

/** Send a refund or a void (with a manager's approval if need be); its outcome on the find
 * screen and in the banner. */
async function refundAction(permission, path, body, explain = (error) => error.message) {
  $("refund-error").textContent = "";
  try {
    await withApproval(permission, "refund", async (approval) => {
      const { data } = await api("POST", path, approval ? { ...body, approval } : body);
      await outbox.noteNumber(data.number);
      cleared();
      message(t("refund_done", { amount: money(data.total) }), "ok");
      await findSale(found.id);
    });
  } catch (error) {
    const text = error instanceof ApiError ? explain(error) : errorText(error);
    $("refund-error").textContent = text;
    message(text);
  }
}

async function voidSale() {
  if (!found) return;
  if (!net.online) return ($("refund-error").textContent = t("refund_offline"));
  const ok = await tillConfirm({ title: t("void_confirm"), message: `${found.receipt_number} · ${money(found.total)}`, ok: t("void") });
  if (ok) await refundAction("sales.void", `/sales/${found.id}/void`, { id: uuid(), reason: $("refund-reason").value });
}

export function initFind() {
  $("find-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = $("find-input").value.trim();
    if (text) findSale(text);
  });
  $("refund-method").addEventListener("change", () => ($("refund-total").textContent = money(refundTotal())));
  $("refund-form").addEventListener("submit", submitRefund);
  $("btn-void").addEventListener("click", voidSale);
  enterHooks.find = (keep) => {
    if (keep) return;
    $("refund-error").textContent = "";
    $("refund-form").hidden = true;
    $("find-input").value = "";
    $("find-input").focus();
  };
}
