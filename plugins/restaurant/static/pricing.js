// The till's mirror of the restaurant's service charge (pricing.py, service_surcharges),
// for a bill whose sale is completed while the server is away: the bill carries the
// percent and label it was priced with (plugin_data.restaurant.service).

export function surcharges(cart) {
  const service = cart.plugin_data.restaurant?.service;
  if (!service) return [];
  const items = cart.lines.filter((line) => !line.source && line.unit_price > 0);
  const rates = new Set(items.map((line) => String(line.tax_rate)));
  if (rates.size === 1) {
    return [{ kind: "restaurant_service", label: service.label, tax_rate: [...rates][0], percent: service.percent }];
  }
  return items.map((line) => ({
    kind: "restaurant_service",
    label: service.label,
    tax_rate: String(line.tax_rate),
    percent: service.percent,
    line_key: line.key,
  }));
}

// The mirror of pos_line_tax_rate (pricing.py, line_tax_rate): a sale taken away charges
// each item the take-away rate of its eaten-in rate. The pairs come with the cart
// (plugin_data.restaurant.takeaway_rates, put there by the bill or the Take-away button
// from the settings); without them the till cannot know the rates, so it refuses to
// sell offline rather than charge the eaten-in rate.
export function lineTaxRate(view) {
  const data = view.plugin_data.restaurant;
  if (!data?.take_away) return null;
  if (!Array.isArray(data.takeaway_rates)) throw new Error("takeaway_rates_unknown");  // a code: the till names the plugin to the cashier
  const own = Number(view.line.tax_rate);
  const pair = data.takeaway_rates.find(([eatIn]) => Number(eatIn) === own);
  return pair ? pair[1] : null;
}
