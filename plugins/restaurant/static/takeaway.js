// Till action "Take-away": the sale at the counter is taken away, so its items take
// their take-away tax rates (the server decides them from the restaurant's settings).
// A second touch, or the chip's button on the cart, makes it eaten in again.
// The rates are copied onto the cart for the till's offline pricing (pricing.js): a sale
// that ends up offline is charged them too. Touched while offline, the cart has none and
// the till refuses to sell it offline rather than charge the eaten-in rates.

export async function run(till) {
  const current = till.cart.plugin_data.restaurant ?? {};
  if (current.take_away) {
    till.setPluginData("restaurant", null);
  } else {
    let rates = {};
    try {
      rates = { takeaway_rates: (await till.api("GET", "/restaurant/till-settings")).data.takeaway_rates };
    } catch (error) {
      console.warn("restaurant.takeaway_rates_not_fetched", error);
    }
    till.setPluginData("restaurant", { ...current, take_away: true, ...rates }, till.t("restaurant.takeaway_sale"));
  }
  await till.refresh().catch(() => {});
}
