// The till's entry point: start-up, sign-in by PIN (with lockout), locking and cashier
// switching, the online/offline status with the waiting sales, sync, and keyboard focus.

import { anonymousCsrf, api, ApiError, me, net, NetworkError, ping } from "./api.js";
import * as cartModule from "./cart.js";
import * as catalog from "./catalog.js";
import { devices, followCart, loadDevices, renderStatus as renderDevices, watchScanner, watchStatus } from "./devices.js";
import { buildPads } from "./dialogs.js";
import { settings, speakCashiersLanguage, t, time, useRegisterPricing } from "./i18n.js";
import * as outbox from "./outbox.js";
import * as screens from "./screens.js";

const $ = (id) => document.getElementById(id);
const { till, show, message } = screens;
devices.canNoSale = () => till.can("till.no_sale");
followCart(screens.till.money);
let chosen = null; // the user picked on the sign-in screen
let lockedUntil = null;
let lastActivity = Date.now();

// -- local PIN check, so the signed-in cashier can unlock while the server is away --------

async function pinDigest(pin, salt) {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(pin), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: new TextEncoder().encode(salt), iterations: 100000 }, key, 256);
  return [...new Uint8Array(bits)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function rememberPin(userId, pin) {
  if (!crypto.subtle) return;
  const salt = crypto.getRandomValues(new Uint32Array(4)).join("-");
  localStorage.setItem("comptoir-till-unlock", JSON.stringify({ user_id: userId, salt, digest: await pinDigest(pin, salt) }));
}

async function unlockOffline(userId, pin) {
  const saved = JSON.parse(localStorage.getItem("comptoir-till-unlock") || "null");
  if (!saved || !crypto.subtle || saved.user_id !== userId || till.user?.id !== userId) return false;
  return (await pinDigest(pin, saved.salt)) === saved.digest;
}

// -- sign-in ------------------------------------------------------------------------------

// Only the staff of this till's register (its store's, and those of every store), once
// the till knows its register.
async function loadTillUsers() {
  const registerId = till.register?.id ?? Number(localStorage.getItem("comptoir-till-register"));
  const path = registerId ? `/auth/till-users?register_id=${registerId}` : "/auth/till-users";
  try {
    const { data } = await api("GET", path);
    till.tillUsers = data;
    localStorage.setItem("comptoir-till-users", JSON.stringify(data));
  } catch {
    till.tillUsers = JSON.parse(localStorage.getItem("comptoir-till-users") || "[]");
  }
}

function renderUsers() {
  $("signin-title").textContent = till.user ? `${t("locked")} · ${till.user.full_name}` : t("pick_your_name");
  $("signin-users").replaceChildren(
    ...till.tillUsers.map((user) => {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = user.full_name;
      button.dataset.user = user.id;
      button.addEventListener("click", () => choose(user));
      return button;
    }),
  );
}

function choose(user) {
  chosen = user;
  lockedUntil = null;
  $("signin-name").textContent = user.full_name;
  $("signin-error").textContent = "";
  $("signin-pin").value = "";
  $("signin-form").hidden = false;
  $("signin-users").hidden = true;
  $("signin-pin").focus();
}

function signInScreen(user = null) {
  $("signin-form").hidden = true;
  $("signin-users").hidden = false;
  show("signin");
  renderUsers();
  if (user) choose(user);
  else $("signin-users").querySelector("button")?.focus();
}

function showLockout(until) {
  lockedUntil = new Date(until);
  $("signin-error").textContent = t("locked_out_until", { time: time(until) });
}

async function submitPin(event) {
  event.preventDefault();
  if (!chosen) return;
  const pin = $("signin-pin").value;
  $("signin-pin").value = "";
  if (lockedUntil && lockedUntil > new Date()) return showLockout(lockedUntil.toISOString());
  const waiting = await outbox.size();
  if (waiting && till.user && chosen.id !== till.user.id) {
    $("signin-error").textContent = t("switch_refused", { count: waiting });
    return;
  }
  try {
    if (!till.user) await anonymousCsrf();
    await api("POST", "/auth/pin", { user_id: chosen.id, pin });
    const user = await me();
    await rememberPin(user.id, pin);
    await signedIn(user);
  } catch (error) {
    if (error instanceof ApiError && error.code === "locked_out") return showLockout(error.fields.locked_until);
    if (error instanceof ApiError) {
      $("signin-error").textContent = error.message || t("wrong_pin");
      return;
    }
    if (error instanceof NetworkError && (await unlockOffline(chosen.id, pin))) return signedIn(till.user);
    $("signin-error").textContent = error instanceof NetworkError ? t("unlock_offline_unknown") : String(error);
  } finally {
    $("signin-pin").focus();
  }
}

async function signedIn(user) {
  till.user = user;
  if (speakCashiersLanguage(user, net.online)) return; // the page comes back in their language
  lastActivity = Date.now();
  $("who").textContent = user.full_name;
  if (!till.register || net.online) await loadRegisterAndMethods();
  if (!till.register) return message(t("register_closed"));
  sessionStorage.setItem("comptoir-till-user", JSON.stringify(user));
  show(till.register.is_open ? "sell" : "register");
  renderDevices();
  screens.renderQuickKeys().catch(() => {});
  if (net.online) backOnline();
  if (till.register.is_open) screens.openHome();
}

async function loadRegisterAndMethods() {
  try {
    till.register = await screens.loadRegister();
    const { data } = await api("GET", "/payment-methods");
    till.methods = data;
    localStorage.setItem("comptoir-till-methods", JSON.stringify(data));
    await outbox.startCounter(till.register.id, till.register.last_receipt_number ?? null);
  } catch (error) {
    if (!(error instanceof NetworkError)) throw error;
    till.register = JSON.parse(localStorage.getItem("comptoir-till-register-info") || "null");
    till.methods = JSON.parse(localStorage.getItem("comptoir-till-methods") || "[]");
    if (till.register) await outbox.startCounter(till.register.id, null);
  }
  useRegisterPricing(till.register);
  cartModule.setRegister(till.register?.id ?? null);
  if (till.register) {
    await catalog.useShelfPrices(till.register.id);
    await loadDevices(till.register.id);
    watchStatus();
    watchScanner(screens.scannedByDevice);
  }
  $("register-code").textContent = till.register?.code ?? "";
  if (till.register) await loadTillUsers();
}

async function signOut() {
  const waiting = await outbox.size();
  if (waiting) return message(t("sign_out_refused", { count: waiting }));
  try {
    await api("POST", "/auth/logout", {});
  } catch (error) {
    return message(error instanceof ApiError ? error.message : t("offline"));
  }
  till.user = null;
  $("who").textContent = "";
  signInScreen();
}

async function switchCashier() {
  const waiting = await outbox.size();
  if (waiting) return message(t("switch_refused", { count: waiting }));
  signInScreen();
}

function lock() {
  if (till.user && till.screen !== "signin") signInScreen(till.user);
}

// -- status: online, waiting sales, sync --------------------------------------------------

async function renderStatus() {
  const badge = $("net");
  badge.textContent = net.online ? t("online") : t("offline");
  badge.className = `net ${net.online ? "on" : "off"}`;
  const waiting = await outbox.size();
  const queue = $("queue");
  queue.textContent = waiting ? t("queued", { count: waiting }) : "";
  queue.dataset.count = String(waiting);
  if (outbox.stuck) queue.textContent += ` · ${t("queue_stuck", { message: outbox.stuck.error.message })}`;
}

let pinging = false;
async function heartbeat() {
  if (!net.online && !pinging) {
    pinging = true;
    try {
      await ping();
    } finally {
      pinging = false;
    }
  }
}

async function backOnline() {
  if (!till.user) return;
  try {
    if (!(await me())) return signInScreen(); // the session ended while the server was away
  } catch {
    return;
  }
  await outbox.flush().catch(() => {});
  // Signed in offline on a page in another language: now it can be served in theirs.
  if (till.screen === "sell" && !till.cart.lines.length && speakCashiersLanguage(till.user, true)) return;
  await catalog
    .sync()
    .then(() => catalog.syncShelfPrices(till.register?.id))
    .then(() => (document.body.dataset.synced = new Date().toISOString()))
    .catch(() => {});
  if (till.screen === "sell" || till.screen === "register") screens.renderQuickKeys().catch(() => {});
}

// -- start --------------------------------------------------------------------------------

function keepScanFocus(event) {
  // After any click (not a keyboard move: Tab must work), the scan field takes the focus
  // back, so a keyboard-wedge scanner always types into it.
  if (till.screen !== "sell") return;
  const target = event.target;
  if (target.closest("input, select, textarea, dialog")) return;
  setTimeout(() => screens.focusScan(), 0);
}

function hotkeys(event) {
  lastActivity = Date.now();
  if (document.querySelector("dialog[open]")) return; // a dialog answers its own keys
  if (event.key === "F9" && till.screen === "sell") {
    event.preventDefault();
    $("btn-pay").click();
  } else if (till.screen === "sell" && /^F\d+$/.test(event.key) && screens.runHotkey(event.key)) {
    event.preventDefault();
  } else if (event.key === "Escape" && (till.screen === "pay" || till.screen === "find" || till.screen === "parked")) {
    show("sell");
  }
}

async function start() {
  buildPads();
  screens.initSell();
  screens.initPay();
  screens.initRegister();
  screens.initParked();
  screens.initFind();
  $("message-close").addEventListener("click", () => message(""));
  net.addEventListener("signedout", () => {
    // Only the server ending the session (a 401) signs the cashier out; refusals do not.
    if (!till.user) return;
    till.user = null;
    $("who").textContent = "";
    signInScreen();
    message(t("session_ended"));
  });
  $("signin-form").addEventListener("submit", submitPin);
  $("signin-back").addEventListener("click", () => signInScreen());
  $("btn-signout").addEventListener("click", signOut);
  $("btn-switch").addEventListener("click", switchCashier);
  $("btn-lock").addEventListener("click", lock);
  for (const button of document.querySelectorAll("[data-go]")) {
    button.addEventListener("click", () => show(button.dataset.go));
  }
  document.addEventListener("click", keepScanFocus);
  document.addEventListener("keydown", hotkeys);
  document.addEventListener("pointerdown", () => (lastActivity = Date.now()));
  net.addEventListener("change", () => {
    renderStatus();
    if (net.online) backOnline();
  });
  outbox.events.addEventListener("change", renderStatus);
  setInterval(heartbeat, 3000);
  setInterval(() => {
    if (net.online && till.user) backOnline();
  }, 60000);
  setInterval(() => {
    const seconds = settings.till_idle_lock_seconds;
    if (seconds > 0 && Date.now() - lastActivity > seconds * 1000) lock();
  }, 1000);

  if ("serviceWorker" in navigator) navigator.serviceWorker.register("/till/sw.js", { scope: "/till/" }).catch(() => {});
  // The plugins' till pricing modules price the cart before the first scan, offline too.
  await Promise.all([loadTillUsers(), cartModule.loadPricing()]);
  let user = null;
  try {
    user = await me();
  } catch {
    user = JSON.parse(sessionStorage.getItem("comptoir-till-user") || "null");
  }
  await renderStatus();
  if (user) await signedIn(user);
  else signInScreen();
  document.body.dataset.ready = "1";
}

start();
