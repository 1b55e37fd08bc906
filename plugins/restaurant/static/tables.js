// Till action "Tables": the floor plan at the till (floorplan.js draws it). Touch a table
// (each shows its state and how long the party has sat), seat it, put the cart's items on
// its order for a seat and a course, move an item to another seat or course, send a
// course to the kitchen, ask for the bill, or pay the table
// (whole, by seat or in equal parts) through the normal sale path. Every change sends
// the order's version. New items sent from an old version are merged by the server, which
// says what others changed meanwhile; a change it refuses (the line was changed, the bill
// asked...) comes back as a 409: the till shows what changed and sends it again once.
// Offline, the waiter can still put items on a table read before: they are kept on this
// device (kept.js) and sent when the server answers again, and the till then shows what
// was merged and what others changed, or what was refused and why.
// Words: the plugin's till strings, till.t("restaurant.<key>").

import { pickOnPlan } from "./floorplan.js";
import { keep, keptCount, remember, remembered, sendKept, watchKept } from "./kept.js";

// Below this width the plan's tables would be too small to touch: the list is shown.
const PLAN_MIN_WIDTH = 640;

function stateText(till, state) {
  const names = {
    free: till.t("restaurant.state_free"),
    seated: till.t("restaurant.state_seated"),
    ordering: till.t("restaurant.state_ordering"),
    bill: till.t("restaurant.state_bill"),
  };
  return names[state] ?? state;
}

function minutes(seconds) {
  return Math.floor((seconds ?? 0) / 60);
}

// The tables as a list: the small screens' floor, and the plan's "list" button.
function pickFromList(till, rooms) {
  const items = [];
  for (const room of rooms) {
    for (const table of room.tables) {
      const state = stateText(till, table.state);
      const detail =
        table.state === "free"
          ? `${room.name} · ${state}`
          : `${room.name} · ${state} · ${till.t("restaurant.seated_for", { minutes: minutes(table.seated_seconds) })}`;
      items.push({ label: till.t("restaurant.table", { name: table.name }), detail, value: table });
    }
  }
  return till.choose({ title: till.t("restaurant.tables"), items });
}

// The floor; offline, the one last read on this device (its tables' orders likewise).
async function readFloor(till) {
  try {
    return remember("floor", (await till.api("GET", "/restaurant/floor")).data);
  } catch (error) {
    const kept = remembered("floor");
    if (till.online || !kept) throw error;
    return kept;
  }
}

async function readOrder(till, id) {
  try {
    return rememberOrder((await till.api("GET", `/restaurant/orders/${id}`)).data);
  } catch (error) {
    const kept = remembered("orders")?.[id];
    if (till.online || !kept) throw error;
    return kept;
  }
}

function rememberOrder(order) {
  remember("orders", { ...(remembered("orders") ?? {}), [order.id]: order });
  return order;
}

async function pickTable(till, quiet = false) {
  const rooms = await readFloor(till);
  if (!rooms.some((room) => room.tables.length)) {
    if (!quiet) till.message(till.t("restaurant.no_tables"), "error");
    return null;
  }
  if (window.innerWidth < PLAN_MIN_WIDTH) return pickFromList(till, rooms);
  const picked = await pickOnPlan(till, rooms.filter((room) => room.tables.length), { state: (s) => stateText(till, s) });
  return picked === "list" ? pickFromList(till, rooms) : picked;
}

// What others changed, one line each: "21:04 · Marie added 1 × Salad".
export function changeLines(changes) {
  return changes.map((c) => `• ${c.time} · ${c.text}`).join("\n");
}

// A change of the order. Refused as made from an old version (409 stale_version: the
// item was changed meanwhile, the bill asked...), the till lists what changed and the
// waiter does it on the order as it is now, or not (null).
async function change(till, order, send) {
  try {
    return (await send(order)).data;
  } catch (error) {
    if (error.status !== 409 || error.code !== "stale_version") throw error;
    const now = rememberOrder((await till.api("GET", `/restaurant/orders/${order.id}`)).data);
    const changes = (await till.api("GET", `/restaurant/orders/${order.id}/changes?since=${order.version}`)).data;
    const again = await till.choose({
      title: till.t("restaurant.changed_title"),
      message: changeLines(changes) || error.message,
      items: [{ label: till.t("restaurant.do_anyway"), value: true }],
    });
    if (!again) return null;
    const done = (await send(now)).data;
    till.message(till.t("restaurant.changed_elsewhere"), "warning");
    return done;
  }
}

async function seatTable(till, table) {
  const answer = await till.dialog({
    title: till.t("restaurant.table", { name: table.name }),
    fields: [{ name: "covers", label: till.t("restaurant.covers"), type: "numeric", value: String(table.seats), required: true }],
  });
  if (!answer) return null;
  return (await till.api("POST", "/restaurant/orders", { table_id: table.id, covers: Number(answer.covers) || 1 })).data;
}

// The modifiers for the items put on the table, one touch each until "no more";
// null when the waiter cancels.
async function pickModifiers(till) {
  let known;
  try {
    known = remember("modifiers", (await till.api("GET", "/restaurant/modifiers")).data.filter((m) => m.active));
  } catch (error) {
    if (till.online) throw error;
    known = remembered("modifiers") ?? [];
  }
  const chosen = [];
  while (known.length) {
    const left = known.filter((m) => !chosen.includes(m.id));
    if (!left.length) break;
    const picked = await till.choose({
      title: till.t("restaurant.modifiers"),
      message: chosen.length ? known.filter((m) => chosen.includes(m.id)).map((m) => m.name).join(", ") : "",
      items: [
        { label: till.t("restaurant.no_more_modifiers"), value: "done" },
        ...left.map((m) => ({ label: m.name, detail: m.price ? `+ ${till.money(m.price)}` : "", value: m.id })),
      ],
    });
    if (picked === null) return null;
    if (picked === "done") break;
    chosen.push(picked);
  }
  return chosen;
}

async function addCart(till, order, table) {
  const products = till.cart.lines.filter((line) => line.product_id);
  if (!products.length) {
    till.message(till.t("restaurant.cart_empty"), "error");
    return order;
  }
  const answer = await till.dialog({
    title: till.t("restaurant.add_items"),
    fields: [
      { name: "seat", label: till.t("restaurant.seat"), type: "numeric", value: "0" },
      { name: "course", label: till.t("restaurant.course"), type: "numeric", value: "1" },
      { name: "note", label: till.t("restaurant.note"), max_length: 200 },
    ],
  });
  if (!answer) return order;
  const modifiers = await pickModifiers(till);
  if (modifiers === null) return order;
  const lines = products.map((line) => ({
    product_id: line.product_id,
    quantity: line.quantity,
    seat: Number(answer.seat) || 0,
    course: Math.min(9, Math.max(1, Number(answer.course) || 1)),
    note: answer.note,
    modifiers,
  }));
  // The device's key for these items: sent twice (an answer lost), they go on once.
  const kept = { request_id: crypto.randomUUID(), order_id: order.id, version: order.version, table: table.name, lines };
  let updated = null;
  if (till.online) {
    try {
      const body = { version: kept.version, lines, request_id: kept.request_id };
      updated = rememberOrder((await till.api("POST", `/restaurant/orders/${order.id}/lines`, body)).data);
    } catch (error) {
      if (till.online) throw error; // a refusal: the items stay in the cart
    }
  }
  // The items are the table's now (or this device keeps them for it): they leave the
  // cart, last first so keys hold.
  for (const line of [...products].reverse()) till.removeLine(line.key);
  if (!updated) {
    keep(kept);
    till.message(till.t("restaurant.kept_offline", { count: lines.length, name: table.name }), "warning");
    return order;
  }
  const others = updated.changes ?? [];
  const said = till.t("restaurant.items_added", { count: lines.length });
  if (others.length) till.message([said, till.t("restaurant.changed_meanwhile"), changeLines(others)].join("\n"), "warning");
  else till.message(said, "success");
  return updated;
}

async function sendCourse(till, order) {
  const answer = await till.dialog({
    title: till.t("restaurant.send_course"),
    fields: [{ name: "course", label: till.t("restaurant.course"), type: "numeric", value: "1", required: true }],
  });
  if (!answer) return;
  const tickets = await change(till, order, (o) =>
    till.api("POST", `/restaurant/orders/${o.id}/send`, { version: o.version, course: Number(answer.course) || 1 }),
  );
  if (!tickets) return;
  till.message(till.t("restaurant.course_sent", { count: tickets.length }), "success");
}

// Move one item to another seat or course (the guest changed places, the dish comes
// later). A line the kitchen was told of keeps its ticket: only its seat and course move.
async function moveItem(till, order) {
  const lines = order.lines.filter((line) => !line.sale_id && Number(line.quantity) > 0);
  if (!lines.length) {
    till.message(till.t("restaurant.nothing_to_move"), "error");
    return;
  }
  const line = await till.choose({
    title: till.t("restaurant.move_item"),
    items: lines.map((l) => ({
      label: `${l.quantity} × ${l.name}`,
      detail: [l.seat ? till.t("restaurant.seat_n", { seat: l.seat }) : till.t("restaurant.shared"), till.t("restaurant.course_n", { course: l.course })].join(" · "),
      value: l,
    })),
  });
  if (!line) return;
  const answer = await till.dialog({
    title: till.t("restaurant.move_item"),
    message: `${line.quantity} × ${line.name}`,
    fields: [
      { name: "seat", label: till.t("restaurant.seat"), type: "numeric", value: String(line.seat), required: true },
      { name: "course", label: till.t("restaurant.course"), type: "numeric", value: String(line.course), required: true },
    ],
  });
  if (!answer) return;
  const values = { seat: Math.min(99, Number(answer.seat)), course: Math.min(9, Math.max(1, Number(answer.course))) };
  if (!(await change(till, order, (o) => till.api("PATCH", `/restaurant/orders/${o.id}/lines/${line.id}`, { version: o.version, ...values })))) return;
  till.message(till.t("restaurant.item_moved"), "success");
}

// The tip for the table's waiter (the bill names them): on the card, the card pays the
// bill and the tip; in cash, the change is shown and the waiter may keep part of it, the
// change handed back being that much smaller. A tip is checked on the server (an active
// employee): offline it is refused, the table may still be paid without one.
async function askCard(till, bill) {
  const answer = await till.dialog({
    title: till.t("restaurant.to_pay", { amount: till.money(bill.total) }),
    fields: [{ name: "tip", label: till.t("restaurant.card_tip"), type: "money" }],
  });
  return answer && { tip: answer.tip ?? 0, extra: 0 };
}

async function askCash(till, bill) {
  const due = bill.cash_total;
  const given = await till.dialog({
    title: till.t("restaurant.to_pay", { amount: till.money(due) }),
    fields: [{ name: "given", label: till.t("restaurant.cash_given"), type: "money", value: due, required: true }],
    validate: (v) => (v.given < due ? till.t("restaurant.given_short") : null),
  });
  if (!given) return null;
  const change = given.given - due;
  if (change <= 0) return { tip: 0, extra: 0 };
  const kept = await till.dialog({
    title: till.t("restaurant.change_is", { amount: till.money(change) }),
    message: till.t("restaurant.tip_from_change_hint"),
    fields: [{ name: "tip", label: till.t("restaurant.tip_from_change"), type: "money" }],
    validate: (v) => ((v.tip ?? 0) > change ? till.t("restaurant.tip_above_change") : null),
  });
  return kept && { tip: kept.tip ?? 0, extra: change };
}

async function payTable(till, order, table) {
  const seats = [...new Set(order.lines.filter((l) => !l.sale_id).map((l) => l.seat))].sort((a, b) => a - b);
  const how = await till.choose({
    title: till.t("restaurant.pay"),
    items: [
      { label: till.t("restaurant.whole_table"), value: {} },
      ...seats.map((seat) => ({ label: seat ? till.t("restaurant.seat_n", { seat }) : till.t("restaurant.shared"), value: { seat } })),
    ],
  });
  if (!how) return;
  const split = await till.dialog({
    title: till.t("restaurant.pay"),
    fields: [{ name: "parts", label: till.t("restaurant.parts"), type: "numeric", value: "1", required: true }],
  });
  if (!split) return;
  const bill = (await till.api("POST", `/restaurant/orders/${order.id}/bill`, { ...how, parts: Math.max(1, Number(split.parts) || 1), register_id: till.register.id })).data;
  const method = await till.choose({
    title: till.t("restaurant.to_pay", { amount: till.money(bill.total) }),
    items: [
      { label: till.t("restaurant.cash"), value: "cash" },
      { label: till.t("restaurant.card"), value: "card" },
    ],
  });
  if (!method) return;
  const asked = method === "cash" ? await askCash(till, bill) : await askCard(till, bill);
  if (!asked) return;
  if (asked.tip && !till.online) {
    till.message(till.t("restaurant.tip_offline"), "error");
    return;
  }
  // The parts of the server's priced total: they add up to what the sale charges. The
  // last part carries the tip on the card, or the cash handed over beyond what is due.
  const payments = (method === "cash" ? bill.cash_parts : bill.parts).map((amount) => ({ method, amount }));
  payments[payments.length - 1].amount += method === "card" ? asked.tip : asked.extra;
  const tip = { amount: asked.tip, paid_by: method, ...(bill.waiter_id ? { employee_id: bill.waiter_id } : {}) };
  const lines = asked.tip ? [...bill.body.lines, { tip, quantity: 1 }] : bill.body.lines;
  const sale = (await till.api("POST", "/sales", { ...bill.body, lines, id: crypto.randomUUID(), register_id: till.register.id, payments })).data;
  const paid = till.t("restaurant.paid", { amount: till.money(sale.total) });
  till.message(sale.change ? `${paid} · ${till.t("restaurant.change_is", { amount: till.money(sale.change) })}` : paid, "success");
  return true;
}

async function moveTable(till, order, merge) {
  const rooms = (await till.api("GET", "/restaurant/floor")).data;
  const tables = rooms.flatMap((room) => room.tables).filter((t) => (merge ? t.order_id && t.order_id !== order.id : t.state === "free"));
  if (!tables.length) {
    till.message(till.t(merge ? "restaurant.no_seated_table" : "restaurant.no_free_table"), "error");
    return;
  }
  const target = await till.choose({
    title: till.t(merge ? "restaurant.merge" : "restaurant.transfer"),
    items: tables.map((t) => ({ label: till.t("restaurant.table", { name: t.name }), value: t })),
  });
  if (!target) return;
  if (merge) {
    const into = (await till.api("GET", `/restaurant/orders/${target.order_id}`)).data;
    const merged = await change(till, order, (o) =>
      till.api("POST", `/restaurant/orders/${o.id}/merge`, { version: o.version, into: into.id, into_version: into.version }),
    );
    if (!merged) return;
  } else if (!(await change(till, order, (o) => till.api("POST", `/restaurant/orders/${o.id}/transfer`, { version: o.version, table_id: target.id })))) {
    return;
  }
  till.message(till.t("restaurant.moved", { name: target.name }), "success");
}

// The till's home (main.js calls it after sign-in): the floor plan, when the
// restaurant's "open on the floor plan" setting is on and tables are drawn; else the
// sale screen stays, silently (a café's counter, a till offline).
export async function home(till) {
  watchKept(till);
  const { open_on_floor: open } = (await till.api("GET", "/restaurant/till-settings")).data;
  if (open) await run(till, true);
}

export async function run(till, quiet = false) {
  watchKept(till);
  await sendKept(till);
  const table = await pickTable(till, quiet);
  if (!table) return;
  if (!till.online) return runOffline(till, table);
  let order = table.order_id ? await readOrder(till, table.order_id) : await seatTable(till, table);
  if (!order) return;
  const next = await till.choose({
    title: till.t("restaurant.table", { name: table.name }),
    message: till.t("restaurant.order_summary", { count: order.lines.length, covers: order.covers }),
    items: [
      { label: till.t("restaurant.add_items"), value: "add" },
      { label: till.t("restaurant.send_course"), value: "send" },
      { label: till.t("restaurant.move_item"), value: "move_item" },
      { label: till.t("restaurant.ask_bill"), value: "bill" },
      { label: till.t("restaurant.pay"), value: "pay" },
      { label: till.t(order.service_charge ? "restaurant.service_off" : "restaurant.service_on"), value: "service" },
      { label: till.t(order.take_away ? "restaurant.eat_in" : "restaurant.take_away"), value: "take_away" },
      { label: till.t("restaurant.transfer"), value: "transfer" },
      { label: till.t("restaurant.merge"), value: "merge" },
      { label: till.t("restaurant.free_table"), value: "free" },
    ],
  });
  if (next === "add") order = await addCart(till, order, table);
  else if (next === "send") await sendCourse(till, order);
  else if (next === "move_item") await moveItem(till, order);
  else if (next === "service" || next === "take_away") {
    // Sent from the order as read: the flag is turned the other way.
    const key = next === "service" ? "service_charge" : "take_away";
    const updated = await change(till, order, (o) => till.api("POST", `/restaurant/orders/${o.id}/options`, { version: o.version, [key]: !order[key] }));
    if (!updated) return;
    const words = key === "service_charge" ? ["restaurant.service_added", "restaurant.service_removed"] : ["restaurant.taken_away", "restaurant.eaten_in"];
    till.message(till.t(updated[key] ? words[0] : words[1]), "success");
  }
  else if (next === "bill") {
    if (!(await change(till, order, (o) => till.api("POST", `/restaurant/orders/${o.id}/bill-request`, { version: o.version })))) return;
    till.message(till.t("restaurant.bill_asked"), "success");
  } else if (next === "pay") {
    // A table paid: back to the floor plan for the next one, if the restaurant wants it.
    if (await payTable(till, order, table)) await home(till);
  }
  else if (next === "transfer" || next === "merge") await moveTable(till, order, next === "merge");
  else if (next === "free") {
    if (!(await change(till, order, (o) => till.api("POST", `/restaurant/orders/${o.id}/free`, { version: o.version })))) return;
    till.message(till.t("restaurant.table_freed"), "success");
  }
}

// Offline: a table whose order this device read before takes items, kept here until the
// server answers; nothing else can be done without the server.
async function runOffline(till, table) {
  // The floor kept may be older than the table's seating: the orders kept know their table.
  const order = table.order_id
    ? await readOrder(till, table.order_id).catch(() => null)
    : Object.values(remembered("orders") ?? {}).find((o) => o.table_id === table.id && o.status === "open");
  if (!order) {
    till.message(till.t("restaurant.offline_unknown_table"), "error");
    return;
  }
  const waiting = keptCount(order.id);
  const next = await till.choose({
    title: till.t("restaurant.table", { name: table.name }),
    message: [till.t("restaurant.offline_only_add"), waiting ? till.t("restaurant.kept_waiting", { count: waiting }) : ""].filter(Boolean).join("\n"),
    items: [{ label: till.t("restaurant.add_items"), value: "add" }],
  });
  if (next === "add") await addCart(till, order, table);
}
