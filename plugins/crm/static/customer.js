// The till's "Customer" action: attach a customer to the sale, found by name, e-mail,
// phone or by scanning their card (a new one may be created); or detach the one attached.
// Exported run(till) is called by the till with its `till` object; it asks with the till's
// dialogs (docs/plugins/till-actions.md).

function contact(customer) {
  const reach = customer.email || customer.phone || customer.card_barcode || "";
  const points = customer.loyalty_points != null ? `${customer.loyalty_points} pts` : "";
  return [reach, points].filter(Boolean).join(" · ");
}

function label(customer) {
  const detail = contact(customer);
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
    title: "New customer",
    fields: [
      { name: "name", label: "Name", value: name, required: true },
      { name: "email", label: "E-mail (optional)" },
      { name: "phone", label: "Phone (optional)" },
    ],
    ok: "Create",
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
  if (till.cart.customer_id != null) {
    const name = till.cart.customer_name || `#${till.cart.customer_id}`;
    const remove = await till.confirm({ title: "Customer", message: `Remove ${name} from this sale?`, ok: "Remove" });
    if (remove) {
      till.setCustomer(null);
      till.message(`${name} removed`, "info");
    }
    return;
  }
  let found = [];
  const answer = await till.dialog({
    title: "Customer",
    fields: [{ name: "text", label: "Name, e-mail, phone, or scan the card", required: true }],
    ok: "Search",
    validate: async ({ text }) => {
      found = await search(till, text);
      return found.length || till.can("crm.create") ? null : `No customer "${text}"`;
    },
  });
  if (!answer) return;
  const text = answer.text;
  let customer = found.length === 1 ? found[0] : null;
  if (found.length > 1) {
    customer = await till.choose({
      title: "Customer",
      message: `${found.length} customers match "${text}"`,
      items: found.map((c) => ({ label: c.name, detail: contact(c), value: c })),
    });
  } else if (!found.length) {
    const wanted = await till.confirm({ title: "Customer", message: `No customer "${text}". Create one?`, ok: "Create" });
    if (wanted) customer = await create(till, text);
  }
  if (customer) {
    till.setCustomer(customer.id, customer.name);
    till.message(label(customer), "info");
  }
}
