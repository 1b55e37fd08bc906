// Till action "Delivery": the plugin's part of the cart says the order is delivered (a
// 5.00 surcharge, pos_adjust_cart on the server, surcharges() in pricing.js offline).
// A second touch, or the chip's remove button, takes it off.

export async function run(till) {
  const data = till.cart.plugin_data.bottles ?? {};
  till.setPluginData("bottles", data.delivery ? null : { ...data, delivery: true }, "Delivery");
}
