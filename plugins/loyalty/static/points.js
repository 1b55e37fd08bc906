// Till action "Points": show the points of the customer attached to the sale.

export async function run(till) {
  const customerId = till.cart.customer_id;
  if (customerId == null) {
    till.message?.("No customer attached to this sale.");
    return;
  }
  try {
    const { data } = await till.api("GET", `/customers/${customerId}/loyalty`);
    const worth = till.money ? till.money(data.worth) : String(data.worth);
    const tier = data.tier ? ` · ${data.tier}` : "";
    const name = till.cart.customer_name || `#${customerId}`;
    till.message?.(`${name}: ${data.points} pts (${worth})${tier}`, "info");
  } catch (error) {
    till.message?.(error.message ?? String(error));
  }
}
