// Till action "Gift card": sell a new card, or reload one (give its code), as a sale line
// {"gift_card": {"amount": N, "code": "..."}}.
//
// Uses the till's till.addLine({kind, payload, name, unit_price, tax_rate}) (see
// docs/plugins/writing-a-plugin.md, "Till actions").

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
  const name = code ? "Gift card reload" : "Gift card";
  // A line of the plugin's kind: the server prices it from the payload.
  await till.addLine({ kind: "gift_card", payload: item, name, unit_price: amount, tax_rate: "0" });
}
