// Sales completed while the server could not be reached wait here (IndexedDB) until the
// server acknowledges them, in receipt-number order. Resending is safe: the sale id makes
// POST /api/v1/sales idempotent. Also keeps the register's receipt counter: the register
// owns its gapless sequence, the server checks continuity.

import { api, ApiError, NetworkError } from "./api.js";
import * as idb from "./idb.js";

export const events = new EventTarget();
let flushing = null;
let lastNumber = 0;
let registerId = null;
/** The server's answer when it refused the first waiting sale (it stays queued). */
export let stuck = null;

function counterKey() {
  return `last_number:${registerId}`;
}

/** Start counting for a register: the server's last number, or ours if sales wait. */
export async function startCounter(id, serverLast) {
  registerId = id;
  const waiting = await pending();
  const local = await idb.getMeta(counterKey(), 0);
  const queued = Math.max(0, ...waiting.filter((s) => s.body.register_id === id).map((s) => s.number));
  lastNumber = serverLast == null ? Math.max(local, queued) : Math.max(serverLast, queued);
  await idb.setMeta(counterKey(), lastNumber);
}

/** The number the next sale or refund of this register will carry. */
export function nextNumber() {
  return lastNumber + 1;
}

/** Record a number the server (or an offline sale) used. */
export async function noteNumber(number) {
  if (number > lastNumber) {
    lastNumber = number;
    await idb.setMeta(counterKey(), lastNumber);
  }
}

export async function setLastNumber(number) {
  lastNumber = number;
  await idb.setMeta(counterKey(), lastNumber);
}

export async function pending() {
  const list = await idb.all("outbox");
  return list.sort((a, b) => a.number - b.number);
}

export async function size() {
  return idb.count("outbox");
}

function changed() {
  events.dispatchEvent(new Event("change"));
}

/** Keep a completed sale until the server has it; durable before this resolves. */
export async function queue(body) {
  await idb.write("outbox", [{ id: body.id, number: body.number, body, queued_at: new Date().toISOString() }]);
  await noteNumber(body.number);
  changed();
}

/** Send the waiting sales in number order; stop at the first failure (order matters). */
export function flush() {
  flushing ??= (async () => {
    let sent = 0;
    for (const item of await pending()) {
      try {
        const { data } = await api("POST", "/sales", item.body, { timeout: 20000 });
        await idb.write("outbox", [], [item.id]);
        await noteNumber(data.number);
        sent += 1;
        stuck = null;
      } catch (error) {
        if (error instanceof ApiError && error.status !== 401) stuck = { id: item.id, error };
        if (!(error instanceof NetworkError) && !(error instanceof ApiError)) throw error;
        break;
      }
      changed();
    }
    changed();
    return sent;
  })().finally(() => {
    flushing = null;
  });
  return flushing;
}
