// The till's "Customer" action: attach a customer to the sale, found by name, e-mail,
// phone or by scanning their card (a new one may be created); or detach the one attached.
// Exported run(till) is called by the till with its `till` object; it asks with the till's
// dialogs (docs/plugins/till-actions.md). Its words are the plugin's till strings
// (pos_register_till_strings in hooks.py), read with till.t("crm.<key>") in the
// cashier's language.

function contact(till, customer) {
  const reach = customer.email || customer.phone || customer.card_barcode || "";
  const points = customer.loyalty_points != null ? till.t("crm.points", { points: customer.loyalty_points }) : "";
  return [reach, points].filter(Boolean).join(" · ");
}

function label(till, customer) {
  const detail = contact(till, customer);
  return detail ? `${customer.name} (${detail})` : customer.name;
}

async function search(till, text) {
  const query = encodeURIComponent(text.trim());
  // A scanned card is an exact barcode; anything else is a search.
  // till.api answers {data, ...}: the list is in data.
  const byCard = (await till.api("GET", `/customers?barcode=${query}&limit=1`)).data;
  if (byCard.length === 1) return byCard;
  return (await till.api("GET", `/customers?q=${query}&limit=20`)).data;
}

async function create(till, name) {
  let created = null;
  const answer = await till.dialog({
    title: till.t("crm.new_customer"),
    fields: [
      { name: "name", label: till.t("crm.name"), value: name, required: true },
      { name: "email", label: till.t("crm.email_optional") },
      { name: "phone", label: till.t("crm.phone_optional") },
    ],
    ok: till.t("crm.create"),
    // Created before the dialog closes: what the server refuses (an e-mail it cannot
    // read...) is said in the dialog, which stays open to correct it.
    validate: async (values) => {
      const body = { name: values.name, email: values.email || null, phone: values.phone || null };
      created = (await till.api("POST", "/customers", body)).data;
      return null;
    },
  });
  return answer ? created : null;
}

export async function run(till) {
  const title = till.t("crm.customer");
  if (till.cart.customer_id != null) {
    const name = till.cart.customer_name || `#${till.cart.customer_id}`;
    const remove = await till.confirm({ title, message: till.t("crm.remove_from_sale", { name }), ok: till.t("crm.remove") });
    if (remove) {
      till.setCustomer(null);
      till.message(till.t("crm.removed", { name }), "info");
    }
    return;
  }
  let found = [];
  const answer = await till.dialog({
    title,
    fields: [{ name: "text", label: till.t("crm.search_label"), required: true }],
    ok: till.t("crm.search"),
    validate: async ({ text }) => {
      found = await search(till, text);
      return found.length || till.can("crm.create") ? null : till.t("crm.none_found", { text });
    },
  });
  if (!answer) return;
  const text = answer.text;
  let customer = found.length === 1 ? found[0] : null;
  if (found.length > 1) {
    customer = await till.choose({
      title,
      message: till.t("crm.many_found", { count: found.length, text }),
      items: found.map((c) => ({ label: c.name, detail: contact(till, c), value: c })),
    });
  } else if (!found.length) {
    const wanted = await till.confirm({ title, message: till.t("crm.create_question", { text }), ok: till.t("crm.create") });
    if (wanted) customer = await create(till, text);
  }
  if (customer) {
    till.setCustomer(customer.id, customer.name);
    till.message(label(till, customer), "info");
  }
}
