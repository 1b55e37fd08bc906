// Till action "Coupon": ask for a code, check it with a quote, add it to the cart.
//
// The code is kept with till.addCoupon(code), which the till sends with quotes and sales as
// `coupons`. Asked with the till's dialog (docs/plugins/till-actions.md): a code the server
// refuses is said in the dialog, which stays open for another try.

export async function run(till) {
  const current = Array.isArray(till.cart.coupons) ? till.cart.coupons : [];
  const answer = await till.dialog({
    title: "Coupon",
    fields: [{ name: "code", label: "Coupon code", required: true }],
    validate: async ({ code }) => {
      if (current.some((c) => c.toUpperCase() === code.toUpperCase()) || !till.register) return null;
      // Ask the server first: an unknown or expired coupon is refused with a clear message.
      const body = { ...till.cartApi.body(till.register.id), coupons: [...current, code] };
      delete body.approval;
      await till.api("POST", "/sales/quote", body);
      return null;
    },
  });
  if (!answer) return;
  const { code } = answer;
  if (current.some((c) => c.toUpperCase() === code.toUpperCase())) return;
  await till.addCoupon(code);
  till.message(`${code.toUpperCase()} ✓`, "info");
}
