// Till action "Other shops": the stock of an item in every shop, for the customer who
// asks "do you have it in the other shop?". The item is the last one rung up, or the one
// whose barcode or SKU the cashier types. A shop with some available (on hand minus what
// it keeps for other customers) can be asked to keep it for this customer: a reservation
// (POST /api/v1/reservations). Words: till.t("multistore.<key>").

async function findProduct(till) {
  const lines = till.cart.lines.filter((line) => line.product_id);
  if (lines.length) {
    const last = lines[lines.length - 1];
    return { id: last.product_id, name: last.name };
  }
  let found = null;
  const answer = await till.dialog({
    title: till.t("multistore.other_shops"),
    fields: [{ name: "code", label: till.t("multistore.barcode_or_sku"), required: true }],
    validate: async ({ code }) => {
      const term = encodeURIComponent(code);
      const byBarcode = (await till.api("GET", `/products?barcode=${term}`)).data;
      const matches = byBarcode.length ? byBarcode : (await till.api("GET", `/products?q=${term}`)).data;
      found = matches[0] ?? null;
      return found ? null : till.t("multistore.no_such_item");
    },
  });
  return answer && found ? { id: found.id, name: found.name } : null;
}

function stockText(till, store) {
  if (Number(store.reserved) > 0) {
    return till.t("multistore.available_of", { available: store.available, quantity: store.quantity });
  }
  return till.t("multistore.in_stock", { quantity: store.quantity });
}

async function reserve(till, product, store) {
  let made = null;
  const answer = await till.dialog({
    title: till.t("multistore.reserve_at", { name: product.name, shop: store.name }),
    fields: [
      { name: "quantity", label: till.t("multistore.quantity"), type: "numeric", value: "1", required: true },
      { name: "customer_name", label: till.t("multistore.customer_name"), required: true, max_length: 200 },
      { name: "customer_phone", label: till.t("multistore.customer_phone"), max_length: 40 },
    ],
    // The server's refusal (not enough left, a bad phone number) keeps the dialog open.
    validate: async ({ quantity, customer_name, customer_phone }) => {
      if (!(Number(quantity) > 0)) return till.t("multistore.quantity_above_zero");
      const body = { store_id: store.store_id, product_id: product.id, quantity, customer_name, customer_phone };
      made = (await till.api("POST", "/reservations", body)).data;
      return null;
    },
  });
  if (!answer || !made) return;
  const until = new Date(made.expires_at).toLocaleString(till.user?.language || undefined, {
    dateStyle: "medium",
    timeStyle: "short",
  });
  const words = { shop: store.name, quantity: made.quantity, name: product.name, customer: made.customer_name, until };
  till.message(till.t("multistore.reserved", words), "ok");
}

export async function run(till) {
  const product = await findProduct(till);
  if (!product) return;
  const stores = (await till.api("GET", `/products/${product.id}/stock`)).data;
  const here = till.register?.location_id;
  const items = stores.map((store) => ({
    label: store.locations.some((location) => location.id === here)
      ? till.t("multistore.this_shop", { name: store.name })
      : store.name,
    detail: stockText(till, store),
    value: store,
  }));
  const chosen = await till.choose({
    title: till.t("multistore.stock_of", { name: product.name }),
    message: till.t("multistore.pick_a_shop"),
    items,
  });
  if (!chosen) return;
  if (Number(chosen.available) <= 0) {
    till.message(till.t("multistore.none_there", { name: product.name, shop: chosen.name }), "info");
  } else if (till.can("multistore.reserve")) {
    await reserve(till, product, chosen);
  } else {
    till.message(till.t("multistore.keep_it", { name: product.name, shop: chosen.name }), "info");
  }
}
