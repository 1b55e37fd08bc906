// Till action "Gift card": sell a new card, or reload one (give its code), as a sale line
// {"gift_card": {"amount": N, "code": "..."}}.
//
// Written against the till object that actions receive (run(till)): it uses
// till.addLine(item) when the till offers it (a line of a plugin's kind), else pushes the
// line into till.cart.lines and asks the till to refresh.

export async function run(till) {
  const typed = window.prompt("Amount of the gift card (e.g. 50.00)");
  if (!typed) return;
  const amount = Math.round(Number(typed.replace(",", ".")) * 100);
  if (!Number.isFinite(amount) || amount <= 0) {
    till.message?.("Not an amount");
    return;
  }
  const code = (window.prompt("Code of the card to reload (empty: a new card)") || "").trim();
  const item = code ? { amount, code } : { amount };
  const line = { gift_card: item, name: code ? "Gift card reload" : "Gift card", unit_price: amount, quantity: "1", tax_rate: "0" };
  if (typeof till.addLine === "function") {
    await till.addLine(line);
  } else {
    till.cart.lines.push(line);
    till.refresh?.();
  }
}
