// The till's "Customer" action: attach a customer to the sale, found by name, e-mail,
// phone or by scanning their card; or detach the one attached. Exported run(till) is
// called by the till with its `till` object (cart, api, t, message...).

function attach(till, customer) {
  if (typeof till.setCustomer === "function") {
    till.setCustomer(customer ? customer.id : null, customer ? customer.name : null);
    return;
  }
  // A till without setCustomer: set the cart's field, then let the cart persist itself
  // and ask for a new quote (group discounts are priced by the server).
  till.cart.customer_id = customer ? customer.id : null;
  till.cart.customer_name = customer ? customer.name : null;
  if (till.cartApi?.setApproval) till.cartApi.setApproval(till.cart.approval ?? null);
  till.refresh?.();
}

function label(customer) {
  const contact = customer.email || customer.phone || customer.card_barcode || "";
  const points = customer.loyalty_points != null ? ` · ${customer.loyalty_points} pts` : "";
  return `${customer.name}${contact ? ` (${contact})` : ""}${points}`;
}

async function search(till, text) {
  const query = encodeURIComponent(text.trim());
  // A scanned card is an exact barcode; anything else is a search.
  // till.api answers {data, ...}: the list is in data.
  const byCard = (await till.api("GET", `/customers?barcode=${query}&limit=1`)).data;
  if (byCard.length === 1) return byCard;
  return (await till.api("GET", `/customers?q=${query}&limit=20`)).data;
}

function choose(customers) {
  return new Promise((resolve) => {
    const dialog = document.createElement("dialog");
    dialog.className = "crm-choose";
    const list = document.createElement("ul");
    for (const customer of customers) {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = label(customer);
      button.addEventListener("click", () => { dialog.close(); resolve(customer); });
      item.append(button);
      list.append(item);
    }
    const cancel = document.createElement("button");
    cancel.type = "button";
    cancel.textContent = "Cancel";
    cancel.addEventListener("click", () => { dialog.close(); resolve(null); });
    dialog.append(list, cancel);
    dialog.addEventListener("close", () => { dialog.remove(); resolve(null); });
    document.body.append(dialog);
    dialog.showModal();
  });
}

async function create(till, name) {
  const email = window.prompt("E-mail (optional)") || null;
  const phone = window.prompt("Phone (optional)") || null;
  return (await till.api("POST", "/customers", { name, email, phone })).data;
}

export async function run(till) {
  if (till.cart.customer_id != null) {
    const name = till.cart.customer_name || `#${till.cart.customer_id}`;
    if (window.confirm(`Remove ${name} from this sale?`)) {
      attach(till, null);
      till.message?.(`${name} removed`, "info");
    }
    return;
  }
  const text = window.prompt("Customer: name, e-mail, phone, or scan the card");
  if (!text || !text.trim()) return;
  try {
    const found = await search(till, text);
    let customer = found.length === 1 ? found[0] : found.length ? await choose(found) : null;
    if (!found.length && till.can?.("crm.create") && window.confirm(`No customer "${text}". Create one?`)) {
      customer = await create(till, text.trim());
    }
    if (customer) {
      attach(till, customer);
      till.message?.(label(customer), "info");
    } else if (!found.length) {
      till.message?.(`No customer "${text}"`);
    }
  } catch (error) {
    till.message?.(error.message ?? String(error));
  }
}
