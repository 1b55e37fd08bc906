// The kitchen display: a screen of its own in the kitchen or at the bar. A cook signs in
// by PIN (the users holding restaurant.kitchen, no till needed); the screen then lists
// the tickets not done yet, oldest first, with their age by the server's clock, and
// refreshes itself. "Done" takes a ticket off. Words: the page's boot strings.

const $ = (id) => document.getElementById(id);
const boot = JSON.parse($("kitchen-boot").textContent);
const REFRESH_MS = 10000;
const LATE_MINUTES = 15; // a ticket waiting this long is drawn in red
let csrf = null;
let station = boot.station || "";
let timer = null;

function t(key, params = {}) {
  return (boot.strings[key] ?? key).replace(/%\((\w+)\)s/g, (_, name) => String(params[name] ?? ""));
}

function node(tag, props = {}, ...children) {
  const element = Object.assign(document.createElement(tag), props);
  element.append(...children.filter((child) => child !== null && child !== undefined && child !== false));
  return element;
}

function say(text) {
  $("kitchen-message").hidden = !text;
  $("kitchen-message").textContent = text || "";
}

class Refused extends Error {
  constructor(status, error) {
    super(error?.message || `HTTP ${status}`);
    this.status = status;
    this.code = error?.code;
  }
}

async function api(method, path, body) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && csrf) headers["X-CSRFToken"] = csrf;
  const response = await fetch(`/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
    cache: "no-store",
  });
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new Refused(response.status, data?.error);
  return data;
}

/** The user signed in on this browser (and a CSRF token), or null. */
async function me() {
  try {
    const user = await api("GET", "/me");
    csrf = user.csrf_token;
    return user;
  } catch (error) {
    if (error.status === 401) return null;
    throw error;
  }
}

function may(user) {
  return user.permissions.includes("*") || user.permissions.includes("restaurant.kitchen");
}

// -- sign-in --------------------------------------------------------------------------

async function signInScreen() {
  clearInterval(timer);
  $("kitchen-tickets").hidden = true;
  $("kitchen-stations").hidden = true;
  $("kitchen-signout").hidden = true;
  $("kitchen-who").textContent = "";
  $("kitchen-signin").hidden = false;
  $("kitchen-pin-form").hidden = true;
  $("kitchen-users").hidden = false;
  const users = await api("GET", "/restaurant/kitchen/users");
  if (!users.length) say(t("no_users"));
  $("kitchen-users").replaceChildren(
    ...users.map((user) => node("button", { type: "button", textContent: user.full_name, onclick: () => askPin(user) })),
  );
}

function askPin(user) {
  $("kitchen-users").hidden = true;
  $("kitchen-pin-form").hidden = false;
  $("kitchen-pin-form").dataset.user = String(user.id);
  $("kitchen-pin-name").textContent = user.full_name;
  $("kitchen-pin-error").textContent = "";
  $("kitchen-pin").value = "";
  $("kitchen-pin").focus();
}

async function submitPin(event) {
  event.preventDefault();
  const pin = $("kitchen-pin").value;
  $("kitchen-pin").value = "";
  try {
    if (!csrf) csrf = (await (await fetch("/till/csrf", { cache: "no-store", credentials: "same-origin" })).json()).csrf_token;
    await api("POST", "/restaurant/kitchen/sign-in", { user_id: Number($("kitchen-pin-form").dataset.user), pin });
    await start(await me());
  } catch (error) {
    $("kitchen-pin-error").textContent = error.message;
    $("kitchen-pin").focus();
  }
}

// -- tickets --------------------------------------------------------------------------

function stationTabs() {
  const tabs = [["", t("all")], ["kitchen", t("kitchen")], ["bar", t("bar")]];
  $("kitchen-stations").replaceChildren(
    ...tabs.map(([code, label]) => {
      const tab = node("button", { type: "button", textContent: label, className: code === station ? "primary" : "", onclick: () => ((station = code), stationTabs(), refresh()) });
      tab.setAttribute("aria-pressed", String(code === station));
      return tab;
    }),
  );
}

function row(item) {
  const what =
    item.change === "changed"
      ? [node("strong", { textContent: `${t("changed")} ` }), `${item.was} → ${item.quantity} × ${item.name}`]
      : item.change === "cancelled"
        ? [node("strong", { textContent: `${t("cancelled")} ` }), node("s", { textContent: `${item.was} × ${item.name}` })]
        : [`${item.quantity} × ${item.name}`];
  return node(
    "li",
    { className: `change-${item.change}` },
    ...what,
    item.seat ? node("small", { textContent: ` (${t("seat", { seat: item.seat })})` }) : null,
    ...(item.modifiers ?? []).flatMap((modifier) => [node("br"), `+ ${modifier}`]),
    item.note ? node("br") : null,
    item.note ? node("em", { textContent: item.note }) : null,
  );
}

function ticketCard(ticket) {
  const minutes = Math.floor(ticket.age_seconds / 60);
  const card = node(
    "article",
    { className: "card ticket", id: `ticket-${ticket.id}` },
    node("h2", { textContent: t("table_course", { name: ticket.table_name, course: ticket.course }) }),
    node("p", { className: "muted", textContent: `${t(ticket.station)} · ${t("minutes_ago", { minutes })}` }),
    node("ul", {}, ...ticket.rows.map(row)),
    node("button", { type: "button", className: "primary big", textContent: t("done"), onclick: () => done(ticket.id) }),
  );
  if (minutes >= LATE_MINUTES) card.style.border = "4px solid #c33";
  return card;
}

async function refresh() {
  try {
    const tickets = await api("GET", `/restaurant/tickets${station ? `?station=${station}` : ""}`);
    say("");
    const list = $("kitchen-tickets");
    Object.assign(list.style, { display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(17rem, 1fr))", gap: ".6rem", alignItems: "start", overflowY: "auto" });
    list.replaceChildren(...(tickets.length ? tickets.map(ticketCard) : [node("p", { textContent: t("nothing") })]));
  } catch (error) {
    if (error.status === 401 || error.status === 403) return signInScreen();
    say(error instanceof Refused ? error.message : t("offline"));
  }
}

async function done(ticketId) {
  try {
    await api("POST", `/restaurant/tickets/${ticketId}/done`);
  } catch (error) {
    say(error.message);
  }
  await refresh();
}

async function start(user) {
  if (!user) return signInScreen();
  if (!may(user)) {
    say(t("not_allowed"));
    return signInScreen();
  }
  say("");
  $("kitchen-signin").hidden = true;
  $("kitchen-tickets").hidden = false;
  $("kitchen-stations").hidden = false;
  $("kitchen-signout").hidden = false;
  $("kitchen-who").textContent = user.full_name;
  stationTabs();
  await refresh();
  clearInterval(timer);
  timer = setInterval(refresh, REFRESH_MS);
}

$("kitchen-pin-form").addEventListener("submit", submitPin);
$("kitchen-pin-back").addEventListener("click", () => signInScreen());
$("kitchen-signout").addEventListener("click", async () => {
  await api("POST", "/auth/logout").catch(() => {});
  csrf = null;
  say("");
  await signInScreen();
});
me().then(start, () => say(t("offline")));
