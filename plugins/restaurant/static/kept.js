// Items a waiter put on a table while the till was offline, kept on this device
// (localStorage: a reload, a crash or a closed tab keeps them) with the version of the
// order they were put on, and sent when the server answers again. The server merges them
// onto the order as it is then and says what others changed meanwhile; what it refuses
// (the bill was asked, the party moved, the table was paid) is shown with the reason, and
// the waiter adds them anyway or drops them: nothing is sent twice (each keeps its
// request_id) and nothing is dropped unseen.
// Also the copies the offline Tables action reads: the floor, the orders, the modifiers.
// Words: the plugin's till strings, till.t("restaurant.<key>").

const PREFIX = "comptoir-restaurant-";
const KEPT = `${PREFIX}kept`;

export function remember(name, value) {
  try {
    localStorage.setItem(PREFIX + name, JSON.stringify(value));
  } catch {
    // A full storage only costs the offline copy.
  }
  return value;
}

export function remembered(name) {
  try {
    return JSON.parse(localStorage.getItem(PREFIX + name) || "null");
  } catch {
    return null;
  }
}

function list() {
  return remembered("kept") ?? [];
}

function save(entries) {
  localStorage.setItem(KEPT, JSON.stringify(entries));
}

export function keep(entry) {
  save([...list(), entry]);
}

function drop(requestId) {
  save(list().filter((entry) => entry.request_id !== requestId));
}

function defer(requestId) {
  save(list().map((entry) => (entry.request_id === requestId ? { ...entry, deferred: true } : entry)));
}

/** How many items wait on this device for the order. */
export function keptCount(orderId) {
  return list()
    .filter((entry) => entry.order_id === orderId)
    .reduce((count, entry) => count + entry.lines.length, 0);
}

function changeLines(changes) {
  return changes.map((c) => `• ${c.time} · ${c.text}`).join("\n");
}

function body(entry, version = entry.version) {
  return { version, lines: entry.lines, request_id: entry.request_id };
}

async function sent(till, entry, order) {
  drop(entry.request_id);
  const others = order.changes ?? [];
  await till.choose({
    title: till.t("restaurant.kept_sent_title", { name: entry.table }),
    message: [
      till.t("restaurant.kept_sent", { count: entry.lines.length }),
      others.length ? `${till.t("restaurant.changed_meanwhile")}\n${changeLines(others)}` : till.t("restaurant.nothing_changed"),
    ].join("\n"),
    items: [],
    cancel: till.t("restaurant.understood"),
  });
}

// The server refused the kept items: say why (what changed since they were kept) and let
// the waiter add them to the order as it is now, or drop them. Cancelled: they wait for
// the next time the Tables action opens.
async function refused(till, entry, error) {
  let changes = [];
  if (error.status === 409) {
    changes = (await till.api("GET", `/restaurant/orders/${entry.order_id}/changes?since=${entry.version}`).catch(() => null))?.data ?? [];
  }
  const again = error.status === 409 && error.code === "stale_version";
  const choice = await till.choose({
    title: till.t("restaurant.kept_refused_title", { name: entry.table }),
    message: [till.t("restaurant.kept_refused", { count: entry.lines.length }), changes.length ? changeLines(changes) : error.message].join("\n"),
    items: [
      ...(again ? [{ label: till.t("restaurant.add_anyway"), value: "again" }] : []),
      { label: till.t("restaurant.drop_kept"), value: "drop" },
    ],
    cancel: till.t("restaurant.decide_later"),
  });
  if (choice === "drop") {
    drop(entry.request_id);
    till.message(till.t("restaurant.kept_dropped", { count: entry.lines.length }), "warning");
  } else if (choice === "again") {
    const now = (await till.api("GET", `/restaurant/orders/${entry.order_id}`)).data;
    await till.api("POST", `/restaurant/orders/${entry.order_id}/lines`, body(entry, now.version));
    drop(entry.request_id);
    till.message(till.t("restaurant.items_added", { count: entry.lines.length }), "success");
  } else {
    defer(entry.request_id);
  }
}

async function flush(till, all) {
  for (const entry of list()) {
    if (!till.online) return;
    if (entry.deferred && !all) continue;
    let order;
    try {
      order = (await till.api("POST", `/restaurant/orders/${entry.order_id}/lines`, body(entry))).data;
    } catch (error) {
      if (!till.online) return; // still away: the next try sends it
      try {
        await refused(till, entry, error);
      } catch (again) {
        if (!till.online) return;
        till.message(again.message ?? String(again), "error");
        defer(entry.request_id);
      }
      continue;
    }
    await sent(till, entry, order);
  }
}

let sending = null;

/** Send what this device kept (all: the deferred too, as the Tables action opens). */
export function sendKept(till, all = true) {
  if (!till.online || !list().length) return Promise.resolve();
  sending ??= flush(till, all).finally(() => (sending = null));
  return sending;
}

let watching = false;

/** Once per page: send the kept items as soon as the till is online again. */
export function watchKept(till) {
  if (watching) return;
  watching = true;
  setInterval(() => {
    if (till.online && till.user && till.screen !== "signin" && list().some((entry) => !entry.deferred)) sendKept(till, false);
  }, 3000);
}
