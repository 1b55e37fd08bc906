// Till action "Gift card": sell a new card, or reload one (give its code), as a sale line
// {"gift_card": {"amount": N, "code": "..."}}.
//
// Asks with the till's dialog and adds the line with till.addLine({kind, payload, name,
// unit_price, tax_rate}) (see docs/plugins/till-actions.md).

export async function run(till) {
  const answer = await till.dialog({
    title: "Gift card",
    fields: [
      { name: "amount", label: "Amount of the card", type: "money", required: true },
      { name: "code", label: "Code of the card to reload", placeholder: "Empty: a new card" },
    ],
    validate: ({ amount }) => (amount > 0 ? null : "The amount must be more than zero"),
  });
  if (!answer) return;
  const { amount, code } = answer;
  const item = code ? { amount, code } : { amount };
  const name = code ? "Gift card reload" : "Gift card";
  // A line of the plugin's kind: the server prices it from the payload.
  await till.addLine({ kind: "gift_card", payload: item, name, unit_price: amount, tax_rate: "0" });
}
