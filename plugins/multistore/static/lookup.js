// Till action "Other shops": the stock of an item in every shop, for the customer who
// asks "do you have it in the other shop?". The item is the last one rung up, or the one
// whose barcode or SKU the cashier types. Words: till.t("multistore.<key>").

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

export async function run(till) {
  const product = await findProduct(till);
  if (!product) return;
  const stores = (await till.api("GET", `/products/${product.id}/stock`)).data;
  const here = till.register?.location_id;
  const items = stores.map((store) => ({
    label: store.locations.some((location) => location.id === here)
      ? till.t("multistore.this_shop", { name: store.name })
      : store.name,
    detail: till.t("multistore.in_stock", { quantity: store.quantity }),
    value: store,
  }));
  const chosen = await till.choose({
    title: till.t("multistore.stock_of", { name: product.name }),
    message: till.t("multistore.pick_a_shop"),
    items,
  });
  if (!chosen) return;
  if (Number(chosen.quantity) > 0) {
    till.message(till.t("multistore.keep_it", { name: product.name, shop: chosen.name }), "info");
  } else {
    till.message(till.t("multistore.none_there", { name: product.name, shop: chosen.name }), "info");
  }
}
