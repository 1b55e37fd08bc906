// Till action "Take-away": the sale at the counter is taken away, so its items take
// their take-away tax rates (the server decides them from the restaurant's settings).
// A second touch, or the chip's button on the cart, makes it eaten in again.

export async function run(till) {
  const current = till.cart.plugin_data.restaurant ?? {};
  if (current.take_away) {
    till.setPluginData("restaurant", null);
  } else {
    till.setPluginData("restaurant", { ...current, take_away: true }, till.t("restaurant.takeaway_sale"));
  }
  await till.refresh().catch(() => {});
}
