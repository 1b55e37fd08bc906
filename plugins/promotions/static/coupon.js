// Till action "Coupon": ask for a code, check it with a quote, keep it in the cart.
//
// The codes are the promotions plugin's own part of the cart: till.setPluginData sends
// them as `plugin_data.promotions.coupons` with quotes and sales, and shows them as one
// chip that removes them all. Asked with the till's dialog (docs/plugins/till-actions.md):
// a code the server refuses is said in the dialog, which stays open for another try. Its
// words are the plugin's till strings (pos_register_till_strings), till.t("promotions.<key>").

const same = (a, b) => a.toUpperCase() === b.toUpperCase();

export async function run(till) {
  const current = till.cart.plugin_data.promotions?.coupons ?? [];
  const keep = (codes) =>
    till.setPluginData("promotions", codes.length ? { coupons: codes } : null, till.t("promotions.coupon_chip", { codes: codes.join(", ") }));
  const answer = await till.dialog({
    title: till.t("promotions.coupon"),
    fields: [{ name: "code", label: till.t("promotions.coupon_code"), required: true }],
    validate: async ({ code }) => {
      // Offline or with an empty cart, the code is checked by the next quote.
      if (current.some((c) => same(c, code)) || !till.online || !till.cart.lines.length) return null;
      // Ask the server first: an unknown or expired coupon is refused with a clear
      // message, and the cart goes back to what it was.
      keep([...current, code]);
      try {
        await till.refresh();
      } catch (error) {
        keep(current);
        throw error;
      }
      return null;
    },
  });
  if (!answer) return;
  const { code } = answer;
  if (!current.some((c) => same(c, code))) keep([...current, code]);
  till.message(`${code.toUpperCase()} ✓`, "info");
}
