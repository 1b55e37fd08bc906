// Till action "Membership": sell or renew a golf membership. The customer is the one on
// the sale, or is found by name (crm); the category is picked from those on sale; the
// season follows the customer's current one when they renew (else it starts today) and
// can be changed. It becomes a line {"golf_membership": {category_id, customer_id,
// season_start, season_end}} that the server prices; the membership is made when the
// sale completes.
//
// Its words are the plugin's till strings (pos_register_till_strings), till.t("golf.<key>").

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

function utcDate(day) {
  const [year, month, date] = day.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, date));
}

function addDays(day, days) {
  const date = utcDate(day);
  date.setUTCDate(date.getUTCDate() + days);
  return isoDay(date);
}

function aYearFrom(day) {
  // The day before the same date a year later: 2031-01-01 to 2031-12-31.
  const date = utcDate(day);
  date.setUTCFullYear(date.getUTCFullYear() + 1);
  date.setUTCDate(date.getUTCDate() - 1);
  return isoDay(date);
}

async function pickCustomer(till) {
  if (till.cart.customer_id != null) {
    return { id: till.cart.customer_id, name: till.cart.customer_name || `#${till.cart.customer_id}` };
  }
  let found = [];
  const answer = await till.dialog({
    title: till.t("golf.membership"),
    fields: [{ name: "text", label: till.t("golf.customer_search"), required: true }],
    validate: async ({ text }) => {
      found = (await till.api("GET", `/customers?q=${encodeURIComponent(text)}&limit=20`)).data;
      return found.length ? null : till.t("golf.no_customer_found", { text });
    },
  });
  if (!answer) return null;
  if (found.length === 1) return found[0];
  return till.choose({
    title: till.t("golf.membership"),
    items: found.map((c) => ({ label: c.name, detail: c.email || c.phone || "", value: c })),
  });
}

export async function run(till) {
  const categories = (await till.api("GET", "/golf/membership-categories")).data.filter((c) => c.active);
  if (!categories.length) {
    till.message(till.t("golf.no_membership_on_sale"));
    return;
  }
  const customer = await pickCustomer(till);
  if (!customer) return;
  const category = await till.choose({
    title: till.t("golf.membership_for", { name: customer.name }),
    items: categories.map((c) => ({
      label: c.name,
      detail: `${till.money(c.price)} · ${till.t("golf.included_rounds", { count: c.included_rounds })}`,
      value: c,
    })),
  });
  if (!category) return;
  // A renewal follows on from the season the customer holds now.
  const today = isoDay(new Date());
  const held = (await till.api("GET", `/golf/customers/${customer.id}/memberships`)).data;
  const current = held.find((m) => m.season_end >= today);
  const start = current ? addDays(current.season_end, 1) : today;
  const season = await till.dialog({
    title: current ? till.t("golf.renew", { name: category.name }) : category.name,
    message: current ? till.t("golf.current_season", { end: current.season_end }) : "",
    fields: [
      { name: "season_start", label: till.t("golf.season_start"), value: start, required: true, max_length: 10 },
      { name: "season_end", label: till.t("golf.season_end"), value: aYearFrom(start), required: true, max_length: 10 },
    ],
    validate: ({ season_start: from, season_end: to }) => {
      if (!ISO_DAY.test(from) || !ISO_DAY.test(to)) return till.t("golf.day_format");
      return from <= to ? null : till.t("golf.season_order");
    },
  });
  if (!season) return;
  if (till.cart.customer_id == null) till.setCustomer(customer.id, customer.name);
  await till.addLine({
    kind: "golf_membership",
    payload: { category_id: category.id, customer_id: customer.id, ...season },
    name: `${category.name} ${customer.name}`,
    unit_price: category.price,
  });
}
