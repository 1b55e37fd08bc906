// The register's devices, driven through the server: the receipt printer and drawer
// (device jobs the paired agent, or the server itself, runs once), "no sale", and the
// devices' status in the bar. The till never calls into the shop's network itself.

import { api, ApiError, net, NetworkError } from "./api.js";
import { t } from "./i18n.js";

const $ = (id) => document.getElementById(id);
const CACHE = "comptoir-till-devices";
const STATUS_EVERY = 15000;

export const devices = {
  info: JSON.parse(localStorage.getItem(CACHE) || "null"),
  registerId: null,
  /** Whether the signed-in user may open the drawer without a sale (set by main.js). */
  canNoSale: () => false,
};

/** Whether a sale's receipt goes to an ESC/POS printer (or a drawer must open). */
export function drivesDevices() {
  const info = devices.info;
  return Boolean(info && (info.printer === "agent" || info.printer === "direct" || info.drawer));
}

export function hasDrawer() {
  return Boolean(devices.info?.drawer);
}

export async function loadDevices(registerId) {
  devices.registerId = registerId;
  try {
    const { data } = await api("GET", `/registers/${registerId}/devices`);
    devices.info = data;
    localStorage.setItem(CACHE, JSON.stringify(data));
  } catch (error) {
    if (!(error instanceof NetworkError) && !(error instanceof ApiError)) throw error;
  }
  renderStatus();
}

/** What is wrong with the devices, in the cashier's words (empty when all is well). */
export function problems(info = devices.info) {
  if (!info || !(info.printer === "agent" || info.printer === "direct" || info.drawer)) return [];
  if (!net.online) return [t("devices_server_unreachable")];
  const found = [];
  if (info.printer === "agent" && !info.online) found.push(t("device_agent_offline"));
  for (const [name, status] of Object.entries(info.status ?? {})) {
    if (!status) continue;
    const label = name.startsWith("printer") ? t("device_printer") : name === "drawer" ? t("device_drawer") : name;
    if (status.online === false) found.push(`${label}: ${t("device_offline")}`);
    else if (status.paper === "out") found.push(`${label}: ${t("device_paper_out")}`);
    else if (status.open === true) found.push(`${label}: ${t("device_drawer_open")}`);
  }
  return found;
}

export function renderStatus() {
  const box = $("devices");
  if (!box) return;
  const found = problems();
  box.textContent = found.join(" · ");
  box.hidden = !found.length;
  const noSale = $("btn-no-sale");
  if (noSale) noSale.hidden = !hasDrawer() || !devices.canNoSale();
}

/** Print a completed sale's receipt on the register's printer (with the drawer kick for
 * cash). Returns "printed" (queued on the printer), "browser" (no ESC/POS printer here)
 * or "unreachable" (the server could not be reached: use the browser's print window). */
export async function printSale(sale) {
  if (!drivesDevices()) return "browser";
  try {
    const { data } = await api("POST", "/device-print/receipt", { sale_id: sale.id });
    return data.printer === "agent" || data.printer === "direct" ? "printed" : "browser";
  } catch (error) {
    if (error instanceof NetworkError) return "unreachable";
    throw error;
  }
}

export async function noSale(registerId) {
  return api("POST", `/registers/${registerId}/no-sale`, {});
}

let timer = null;
/** Keep the status in the bar fresh while the till is open. */
export function watchStatus() {
  clearInterval(timer);
  timer = setInterval(() => {
    if (devices.registerId != null && net.online) loadDevices(devices.registerId).catch(() => {});
    else renderStatus();
  }, STATUS_EVERY);
  net.addEventListener("change", renderStatus);
}

/** The weight on the register's scale (kg, a decimal string), read by the agent; the
 * server refuses a moving, negative or empty reading with the reason (an ApiError). */
export async function readScale(registerId) {
  const { data } = await api("POST", `/registers/${registerId}/scale/read`, {}, { timeout: 15000 });
  return data.weight;
}

export function hasScale() {
  return Boolean(devices.info?.scale) && net.online;
}

// The pole display follows the customer display of this browser: each change of the
// cart, the amount due and the change are sent as two lines of 20 characters.
const COLUMNS = 20;
let pending = null;
let displayTimer = null;

function row(left, right) {
  const room = COLUMNS - right.length - 1;
  return `${left.slice(0, Math.max(room, 0)).padEnd(Math.max(room, 0))} ${right}`.slice(0, COLUMNS);
}

export function poleLines(state, money) {
  const total = money(state.total ?? 0);
  if (state.state === "paid") return [row(t("pole_total"), total), row(t("pole_change"), money(state.change ?? 0))];
  if (state.state === "pay") return [row(t("pole_total"), total), row(t("pole_due"), money(state.due ?? state.total ?? 0))];
  const last = state.lines?.at(-1);
  if (!last) return [t("customer_welcome").slice(0, COLUMNS), ""];
  return [row(`${last.quantity} x ${last.name}`, money(last.total)), row(t("pole_total"), total)];
}

export function followCart(money) {
  if (!("BroadcastChannel" in window)) return;
  new BroadcastChannel("comptoir-display").addEventListener("message", (event) => {
    if (!devices.info?.display || devices.registerId == null || !net.online) return;
    pending = poleLines(event.data, money);
    clearTimeout(displayTimer);
    // A burst of changes (a scan and its quote) shows once, the last state.
    displayTimer = setTimeout(() => {
      const lines = pending;
      api("POST", `/registers/${devices.registerId}/display`, { lines }).catch(() => {});
    }, 150);
  });
}

// The register's serial scanner, read by its agent: the server keeps each code a short
// while, and the till asks for those it has not seen yet. The first ask only takes the
// cursor: nothing scanned before the till looked rings up.
const SCANS_EVERY = 700;
let scanTimer = null;
let scanCursor = null;

/** Whether this register's scanner is on its agent (not typed in by a keyboard wedge). */
export function readsAgentScanner(info = devices.info) {
  return Boolean(info?.scanner) && info.printer !== "direct";
}

/** Hand each code the agent's scanner reads to onCode, in order, while the till is open. */
export function watchScanner(onCode) {
  clearTimeout(scanTimer);
  scanCursor = null;
  const tick = async () => {
    if (devices.registerId != null && readsAgentScanner() && net.online) {
      try {
        const after = scanCursor == null ? "" : `?after=${scanCursor}`;
        const { data } = await api("GET", `/registers/${devices.registerId}/scans${after}`);
        const first = scanCursor == null;
        scanCursor = data.last;
        if (!first) for (const scan of data.scans) await onCode(scan.code);
      } catch (error) {
        if (!(error instanceof NetworkError) && !(error instanceof ApiError)) console.error(error);
      }
    }
    scanTimer = setTimeout(tick, SCANS_EVERY);
  };
  tick();
}
