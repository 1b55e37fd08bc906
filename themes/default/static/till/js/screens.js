// The till's screens: sell, pay, receipt, register, parked sales, find and refund. The
// `till` object is also what plugin actions receive: run(till).

import { api, ApiError, me, net, NetworkError, uuid } from "./api.js";
import * as cartModule from "./cart.js";
import * as catalog from "./catalog.js";
import { ask, closeDialogs, tillChoose, tillConfirm, tillDialog } from "./dialogs.js";
import { actions, formatQuantity, money, parseMoney, parseQuantity, settings, t } from "./i18n.js";
import * as idb from "./idb.js";
import * as outbox from "./outbox.js";
import { amountDue, ratio, divHalfUp, roundCash } from "./pricing.js";

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
  cartApi: cartModule,
  api,
  t,
  money,
  metrics: { scans: [] },
  can(permission) {
    return Boolean(this.user?.permissions?.includes(permission));
  },
  // For plugin actions (documented in docs/plugins/till-actions.md).
  setCustomer: cartModule.setCustomer,
  addCoupon: cartModule.addCoupon,
  removeCoupon: cartModule.removeCoupon,
  addLine: cartModule.addLine,
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

export function show(name) {
  if (name === "signin") closeDialogs(); // nothing stays open over a locked till
  for (const section of document.querySelectorAll(".screen")) section.hidden = section.id !== `screen-${name}`;
  till.screen = name;
  $("menu").hidden = name === "signin" || !till.user;
  enterHooks[name]?.();
}

let messageTimer = null;
export function message(text, kind = "error") {
  const box = $("message");
  box.textContent = text;
  box.className = `message ${kind}`;
  box.hidden = !text;
  clearTimeout(messageTimer);
  if (text) messageTimer = setTimeout(() => (box.hidden = true), 6000);
}

export function focusScan() {
  if (till.screen === "sell" && !document.querySelector("dialog[open]")) $("scan").focus({ preventScroll: true });
}

function errorText(error) {
  return error instanceof ApiError ? error.message : t("offline");
}

// -- sell ---------------------------------------------------------------------------------

function receiptPattern(text) {
  return /^[A-Z][A-Z0-9]*-\d{6}$/.test(text) || /^[0-9a-f]{8}-[0-9a-f]{4}-/.test(text);
}

async function scanned(code) {
  const started = performance.now();
  if (receiptPattern(code)) {
    show("find");
    $("find-input").value = code;
    return findSale(code);
  }
  const product = await catalog.lookup(code);
  if (!product) return message(t("not_found_barcode", { code }));
  if (product.sold_by === "weight") return addWeighed(product);
  cartModule.add(product);
  requestAnimationFrame(() =>
    setTimeout(() => {
      till.metrics.scans.push(performance.now() - started);
    }, 0),
  );
}

async function addWeighed(product) {
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

export function renderCart() {
  const view = cartModule.priced();
  const rows = cart.lines.map((line, i) => {
    const p = view.lines[i] ?? {};
    const discount = line.discount_percent != null ? `−${line.discount_percent}%` : line.discount_amount != null ? `−${money(line.discount_amount)}` : "";
    return el(
      "tr",
      { "data-key": line.key },
      el("td", {}, line.name, discount ? el("small", { class: "discount" }, ` ${discount}`) : null),
      el(
        "td",
        { class: "qty" },
        el("button", { type: "button", "data-act": "minus", "aria-label": `− ${line.name}` }, "−"),
        el("button", { type: "button", "data-act": "qty", "aria-label": `${t("quantity")} ${line.name}` }, formatQuantity(line.quantity)),
        el("button", { type: "button", "data-act": "plus", "aria-label": `+ ${line.name}` }, "+"),
      ),
      el("td", { class: "num" }, money(p.total ?? 0)),
      el(
        "td",
        { class: "line-actions" },
        el("button", { type: "button", "data-act": "discount", "aria-label": `${t("discount")} ${line.name}` }, "%"),
        el("button", { type: "button", "data-act": "remove", "aria-label": `${t("remove")} ${line.name}` }, "✕"),
      ),
    );
  });
  $("cart-lines").replaceChildren(...rows);
  $("cart-empty").hidden = cart.lines.length > 0;
  // What plugin actions attached: the customer and coupons, each removable.
  const extras = [];
  if (cart.customer_id != null) {
    extras.push(el("span", { class: "chip" }, `${t("customer")}: ${cart.customer_name ?? `#${cart.customer_id}`} `,
      el("button", { type: "button", "aria-label": t("remove"), onclick: () => cartModule.setCustomer(null) }, "×")));
  }
  for (const code of cart.coupons ?? []) {
    extras.push(el("span", { class: "chip" }, `${t("coupon")}: ${code} `,
      el("button", { type: "button", "aria-label": t("remove"), onclick: () => cartModule.removeCoupon(code) }, "×")));
  }
  $("cart-extras").replaceChildren(...extras);
  const totals = [[t("subtotal"), money(view.subtotal)]];
  if (view.discount_total) totals.push([t("discount"), `−${money(view.discount_total)}`]);
  for (const row of view.taxes) totals.push([t("tax_rate", { rate: formatQuantity(row.rate) }), money(row.tax)]);
  totals.push([t("total"), money(view.total)]);
  $("totals").replaceChildren(...totals.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
  $("totals").lastElementChild.id = "cart-total";
  $("btn-pay").disabled = !cart.lines.length;
  const error = cartModule.quoteError;
  if (error instanceof ApiError) message(error.message);
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
    await idb.write("parked", [{ id: cart.id, label, lines: cart.lines, discount_percent: cart.discount_percent, discount_amount: cart.discount_amount, created_at: new Date().toISOString() }]);
  }
  cartModule.reset();
  focusScan();
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
  $("btn-clear").addEventListener("click", () => {
    cartModule.reset();
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
  cartModule.broadcast({ state: "pay" });
  show("pay");
}

function paidSoFar() {
  return tenders.reduce((a, x) => a + x.amount, 0);
}

function dueNow() {
  return amountDue(payTotal, tenders, settings.cash_rounding);
}

/** What is left to pay if the rest is paid in cash (rounded) or otherwise (exact). */
function remainingFor(method) {
  const nonCash = tenders.filter((x) => !x.gives_change).reduce((a, x) => a + x.amount, 0);
  const cash = tenders.filter((x) => x.gives_change).reduce((a, x) => a + x.amount, 0);
  if (method.gives_change) return Math.max(0, roundCash(Math.max(0, payTotal - nonCash), settings.cash_rounding) - cash);
  return Math.max(0, payTotal - nonCash - cash);
}

function renderPay() {
  const due = dueNow();
  const paid = paidSoFar();
  $("pay-due").textContent = money(due);
  $("pay-paid").textContent = money(paid);
  $("pay-remaining").textContent = money(Math.max(0, due - paid));
  $("pay-change").textContent = money(Math.max(0, paid - due));
  $("pay-tenders").replaceChildren(
    ...tenders.map((x, i) =>
      el("li", {}, `${x.title}: ${money(x.amount)} `, el("button", { type: "button", "aria-label": `${t("remove")} ${x.title}`, onclick: () => { tenders.splice(i, 1); renderPay(); } }, "✕")),
    ),
  );
  const offline = !net.online;
  $("pay-methods").replaceChildren(
    ...till.methods.map((m) =>
      el("button", { type: "button", "data-method": m.code, class: m.is_cash ? "primary" : "", disabled: offline && !m.works_offline, title: offline && !m.works_offline ? t("method_offline", { method: m.title }) : null, onclick: () => addTender(m) }, m.title),
    ),
  );
  const cash = till.methods.find((m) => m.gives_change);
  const quick = [];
  if (cash) {
    const left = remainingFor(cash);
    if (left > 0) {
      quick.push(left);
      const unit = 10 ** (String(settings.currency) === "JPY" ? 0 : 2);
      for (const note of [5, 10, 20, 50, 100, 200]) if (note * unit > left && quick.length < 4) quick.push(note * unit);
    }
  }
  $("pay-quick").replaceChildren(
    ...quick.map((amount) => el("button", { type: "button", "data-quick": amount, onclick: () => addTender(cash, amount) }, money(amount))),
  );
  const complete = $("pay-complete");
  complete.disabled = !tenders.length || paid < due;
  if (!complete.disabled) complete.focus();
  cartModule.broadcast({ state: "pay", paid, due });
}

function addTender(method, amount) {
  $("pay-error").textContent = "";
  if (!net.online && !method.works_offline) return ($("pay-error").textContent = t("method_offline", { method: method.title }));
  const typed = parseMoney($("pay-amount").value);
  const value = amount ?? typed ?? remainingFor(method);
  if (!value) return;
  if (!method.gives_change && value > remainingFor(method)) {
    $("pay-error").textContent = `${method.title}: ≤ ${money(remainingFor(method))}`;
    return;
  }
  tenders.push({ method: method.code, title: method.title, amount: value, gives_change: method.gives_change });
  $("pay-amount").value = "";
  renderPay();
}

async function completeSale(retried = false) {
  const button = $("pay-complete");
  button.disabled = true;
  $("pay-error").textContent = "";
  const number = outbox.nextNumber();
  const payments = tenders.map((x) => ({ method: x.method, amount: x.amount }));
  const base = { id: cart.id, number, payments, ...cartModule.body(till.register.id) };
  const due = dueNow();
  const change = paidSoFar() - due;
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
        button.disabled = false;
        $("pay-error").textContent = error.message;
        return;
      }
      // The server could not be reached: the customer has paid, the sale is final.
    }
  }
  if (cartModule.needsServer()) {
    button.disabled = false;
    $("pay-error").textContent = t("needs_server");
    return;
  }
  const refused = tenders.find((x) => !till.methods.find((m) => m.code === x.method)?.works_offline);
  if (refused) {
    button.disabled = false;
    $("pay-error").textContent = t("method_offline", { method: refused.title });
    return;
  }
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
  $("receipt-number").textContent = sale.receipt_number;
  $("receipt-total").textContent = money(sale.total);
  $("receipt-change").textContent = money(sale.change);
  $("receipt-note").textContent = sale.offline ? t("offline_receipt") : "";
  $("btn-print").disabled = sale.offline;
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
    if (!sale || sale.offline) return;
    const win = window.open(`/api/v1/sales/${sale.id}/receipt?format=html`, "receipt", "width=420,height=640");
    win?.addEventListener("load", () => win.print());
  });
  enterHooks.receipt = () => $("btn-new-sale").focus();
}

// -- register -----------------------------------------------------------------------------

function reportTable(report) {
  const rows = [];
  const add = (label, value) => rows.push(el("tr", {}, el("th", { scope: "row" }, label), el("td", { class: "num" }, value)));
  const labels = [
    ["opening_float", t("opening_float")],
    ["sales_count", t("sales_count")],
    ["sales_total", t("sales_total")],
    ["discounts_total", t("discounts_total")],
    ["refunds_count", t("refunds_count")],
    ["refunds_total", t("refunds_total")],
    ["voids_total", t("voids_total")],
    ["cash_in", t("cash_in")],
    ["cash_out", t("cash_out")],
    ["net_total", t("net_total")],
    ["expected_cash", t("expected_cash")],
    ["counted_cash", t("counted_cash")],
    ["over_short", t("over_short")],
  ];
  for (const [key, label] of labels) {
    if (report[key] == null) continue;
    add(label, key.endsWith("_count") ? String(report[key]) : money(report[key]));
  }
  for (const p of report.payments ?? []) add(till.methods.find((m) => m.code === p.method)?.title ?? p.method, money(p.total));
  for (const x of report.taxes ?? []) add(t("tax_rate", { rate: x.rate }), `${money(x.base)} + ${money(x.tax)}`);
  return el("table", { class: "report-table", "aria-label": report.kind === "Z" ? t("z_report") : t("x_report") }, el("caption", {}, report.kind === "Z" ? t("z_report") : t("x_report")), el("tbody", {}, ...rows));
}

export async function loadRegister() {
  const { data } = await api("GET", "/registers");
  const wanted = Number(localStorage.getItem("comptoir-till-register"));
  const register = data.find((r) => r.id === wanted && r.active) ?? data.find((r) => r.active);
  if (!register) return null;
  localStorage.setItem("comptoir-till-register", String(register.id));
  localStorage.setItem("comptoir-till-register-info", JSON.stringify(register));
  return register;
}

function renderRegister() {
  const register = till.register;
  $("register-name").textContent = register ? register.code : "";
  $("open-form").hidden = !register || register.is_open;
  $("register-open").hidden = !register || !register.is_open;
}

export function initRegister() {
  enterHooks.register = async () => {
    $("report").replaceChildren();
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
  $("btn-xreport").addEventListener("click", async () => {
    try {
      const { data } = await api("GET", `/registers/${till.register.id}/x-report`);
      $("report").replaceChildren(reportTable(data));
    } catch (error) {
      message(errorText(error));
    }
  });
  $("close-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const waiting = await outbox.size();
    if (waiting) return message(t("close_refused_queue", { count: waiting }));
    if (!net.online) return message(t("close_refused_offline"));
    const counted = parseMoney($("close-counted").value);
    if (counted == null) return message(t("counted_cash"));
    try {
      const { data } = await api("POST", `/registers/${till.register.id}/close`, { counted_cash: counted });
      $("close-counted").value = "";
      till.register = await loadRegister();
      renderRegister();
      $("report").replaceChildren(reportTable(data));
    } catch (error) {
      message(errorText(error));
    }
  });
}

// -- parked -------------------------------------------------------------------------------

async function resumeLines(saved) {
  const lines = [];
  for (const l of saved.lines) {
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
    $("parked-list").replaceChildren(
      ...items.map((p) =>
        el("li", {}, el("button", { type: "button", onclick: () => resume(p) }, `${t("resume")}: ${p.label || p.id.slice(0, 8)} ${p.total != null ? `· ${money(p.total)}` : ""} ${p.local ? `(${t("parked_local")})` : ""}`)),
      ),
    );
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
    const lines = parked.local ? parked.lines.map(({ key, ...rest }) => rest) : await resumeLines(saved);
    cartModule.reset(lines, { discount_percent: saved.discount_percent ?? null, discount_amount: saved.discount_amount ?? null });
    show("sell");
  } catch (error) {
    message(errorText(error));
  }
}

// -- find and refund ----------------------------------------------------------------------

let found = null;

function share(amount, part, whole) {
  const [pn, pd] = ratio(part);
  const [wn, wd] = ratio(whole);
  return Number(divHalfUp(BigInt(amount) * pn * wd, pd * wn));
}

function refundLines() {
  return [...$("found-lines").querySelectorAll("input[data-line]")]
    .map((input) => ({ line_id: Number(input.dataset.line), quantity: parseQuantity(input.value) }))
    .filter((x) => x.quantity);
}

function refundTotal() {
  let total = 0;
  for (const item of refundLines()) {
    const line = found.lines.find((l) => l.id === item.line_id);
    const left = Number(line.quantity) - Number(line.refunded_quantity);
    if (Number(item.quantity) === left) total += line.total - share(line.total, line.refunded_quantity, line.quantity);
    else total += share(line.total, item.quantity, line.quantity);
  }
  const method = till.methods.find((m) => m.code === $("refund-method").value);
  return method?.is_cash ? roundCash(total, settings.cash_rounding) : total;
}

async function findSale(text) {
  $("refund-form").hidden = true;
  try {
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(text)) found = (await api("GET", `/sales/${text}`)).data;
    else found = (await api("GET", `/sales?receipt=${encodeURIComponent(text)}`)).data[0] ?? null;
  } catch (error) {
    found = null;
    return message(error instanceof ApiError && error.status === 404 ? t("no_sale_found") : errorText(error));
  }
  if (!found) return message(t("no_sale_found"));
  renderFound();
}

function renderFound() {
  $("found-title").textContent = `${found.receipt_number} · ${money(found.total)}`;
  $("found-lines").replaceChildren(
    ...found.lines.map((line) => {
      const left = Number(line.quantity) - Number(line.refunded_quantity);
      const input = el("input", { "data-line": line.id, inputmode: "decimal", value: "0", "aria-label": `${t("refund")} ${line.name}`, disabled: left <= 0 });
      input.addEventListener("input", () => ($("refund-total").textContent = money(refundTotal())));
      return el("tr", {}, el("td", {}, line.name), el("td", {}, `${formatQuantity(line.quantity)}${Number(line.refunded_quantity) ? ` (−${formatQuantity(line.refunded_quantity)})` : ""}`), el("td", {}, input), el("td", { class: "num" }, money(line.total)));
    }),
  );
  const methods = till.methods.filter((m) => m.is_cash || found.payments.some((p) => p.method === m.code));
  $("refund-method").replaceChildren(...methods.map((m) => new Option(m.title, m.code)));
  $("refund-approval").hidden = till.can("sales.refund");
  $("refund-manager").replaceChildren(...till.tillUsers.filter((u) => u.id !== till.user.id).map((u) => new Option(u.full_name, u.id)));
  $("refund-total").textContent = money(0);
  $("refund-error").textContent = "";
  $("refund-form").hidden = false;
  $("found-lines").querySelector("input:not([disabled])")?.focus();
}

async function submitRefund(event) {
  event.preventDefault();
  const lines = refundLines();
  if (!lines.length || !found) return;
  if (!net.online) return ($("refund-error").textContent = t("refund_offline"));
  let signedInManager = false;
  try {
    if (!till.can("sales.refund")) {
      await api("POST", "/auth/pin", { user_id: Number($("refund-manager").value), pin: $("refund-pin").value });
      till.user = await me();
      signedInManager = true;
      $("refund-pin").value = "";
      if (!till.can("sales.refund")) throw new ApiError(403, { message: t("refund_needs_manager") });
    }
    const amount = refundTotal();
    const { data } = await api("POST", `/sales/${found.id}/refund`, {
      id: uuid(),
      register_id: till.register.id,
      lines,
      payments: [{ method: $("refund-method").value, amount }],
      reason: $("refund-reason").value,
    });
    await outbox.noteNumber(data.number);
    message(t("refund_done", { amount: money(data.total) }), "ok");
    found = (await api("GET", `/sales/${found.id}`)).data;
    renderFound();
  } catch (error) {
    $("refund-error").textContent = errorText(error);
  }
  if (signedInManager) till.onManagerSession?.();
}

export function initFind() {
  $("find-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = $("find-input").value.trim();
    if (text) findSale(text);
  });
  $("refund-method").addEventListener("change", () => ($("refund-total").textContent = money(refundTotal())));
  $("refund-form").addEventListener("submit", submitRefund);
  enterHooks.find = () => {
    $("refund-form").hidden = true;
    $("find-input").value = "";
    $("find-input").focus();
  };
}
