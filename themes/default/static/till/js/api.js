// Calls to /api/v1 from the till's browser session, with the CSRF token and an online
// flag that the rest of the till watches.

import { t } from "./i18n.js";

export class ApiError extends Error {
  constructor(status, error) {
    super(error?.message || t("server_error", { status }));
    this.status = status;
    this.code = error?.code || `http_${status}`;
    this.fields = error?.fields || {};
  }
}

/** The server could not be reached (or a proxy said it is down). */
export class NetworkError extends Error {}

export const net = new EventTarget();
net.online = navigator.onLine;
let csrf = null;

function setOnline(value) {
  if (net.online !== value) {
    net.online = value;
    net.dispatchEvent(new Event("change"));
  }
}

export async function api(method, path, body, options = {}) {
  try {
    return await send(method, path, body, options);
  } catch (error) {
    // The session's CSRF token is unknown after a reload while offline, or stale after a
    // new session: fetch the current one and try once more.
    if (error instanceof ApiError && error.code === "csrf_failed" && !options.retried) {
      await me();
      return send(method, path, body, { ...options, retried: true });
    }
    throw error;
  }
}

async function send(method, path, body, { timeout = 10000 } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && csrf) headers["X-CSRFToken"] = csrf;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeout);
  let response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
      signal: controller.signal,
    });
  } catch (error) {
    setOnline(false);
    throw new NetworkError(String(error));
  } finally {
    clearTimeout(timer);
  }
  if ([502, 503, 504].includes(response.status)) {
    setOnline(false);
    throw new NetworkError(`HTTP ${response.status}`);
  }
  setOnline(true);
  // The session ended (expired, signed out elsewhere): the till asks for a PIN. A wrong PIN
  // (/auth/...) or the /me probe answers 401 too, and are not that.
  if (response.status === 401 && !path.startsWith("/auth/") && path !== "/me") net.dispatchEvent(new Event("signedout"));
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, data?.error);
  return { data, headers: response.headers, status: response.status };
}

/** The signed-in user (and a fresh CSRF token), or null without a session. */
export async function me() {
  try {
    const { data } = await api("GET", "/me");
    csrf = data.csrf_token;
    return data;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

/** A CSRF token for a browser without a session (before the PIN sign-in). */
export async function anonymousCsrf() {
  const response = await fetch("/till/csrf", { cache: "no-store", credentials: "same-origin" });
  csrf = (await response.json()).csrf_token;
}

/** Ask the server whether it is back (a cheap public endpoint). */
export async function ping() {
  try {
    await api("GET", "/auth/till-users", undefined, { timeout: 4000 });
    return true;
  } catch (error) {
    return !(error instanceof NetworkError);
  }
}

export function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
