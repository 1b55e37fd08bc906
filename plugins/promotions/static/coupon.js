// Till action "Coupon": ask for a code, check it with a quote, add it to the cart.
//
// Written against the till object that actions receive (run(till)): it uses
// till.addCoupon(code) when the till offers it, else keeps the code in till.cart.coupons
// (which the till sends with quotes and sales) and asks for a new quote.

export async function run(till) {
  const code = (window.prompt(till.t ? till.t("Coupon code") : "Coupon code") || "").trim();
  if (!code) return;
  const current = Array.isArray(till.cart.coupons) ? till.cart.coupons : [];
  if (current.some((c) => c.toUpperCase() === code.toUpperCase())) return;
  if (till.register && till.cartApi?.body) {
    // Ask the server first: an unknown or expired coupon is refused with a clear message.
    const body = { ...till.cartApi.body(till.register.id), coupons: [...current, code] };
    delete body.approval;
    try {
      await till.api("POST", "/sales/quote", body);
    } catch (error) {
      till.message?.(error.message ?? String(error));
      return;
    }
  }
  if (typeof till.addCoupon === "function") {
    await till.addCoupon(code);
  } else {
    till.cart.coupons = [...current, code];
    till.refresh?.();
  }
  till.message?.(`${code.toUpperCase()} ✓`, "info");
}
