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
