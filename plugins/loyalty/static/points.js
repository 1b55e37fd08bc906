// Till action "Points": show the points of the customer attached to the sale. Its words
// are the plugin's till strings (pos_register_till_strings), till.t("loyalty.<key>").

export async function run(till) {
  const customerId = till.cart.customer_id;
  if (customerId == null) {
    till.message?.(till.t("loyalty.no_customer"));
    return;
  }
  try {
    const { data } = await till.api("GET", `/customers/${customerId}/loyalty`);
    const worth = till.money ? till.money(data.worth) : String(data.worth);
    const tier = data.tier ? ` · ${data.tier}` : "";
    const name = till.cart.customer_name || `#${customerId}`;
    till.message?.(`${till.t("loyalty.points_of", { name, points: data.points, worth })}${tier}`, "info");
  } catch (error) {
    till.message?.(error.message ?? String(error));
  }
}
