// Till action "Gift card": sell a new card, or reload one (give its code), as a sale line
// {"gift_card": {"amount": N, "code": "..."}}.
//
// Asks with the till's dialog and adds the line with till.addLine({kind, payload, name,
// unit_price, tax_rate}) (see docs/plugins/till-actions.md). Its words are the plugin's
// till strings (pos_register_till_strings), till.t("giftcards.<key>").

export async function run(till) {
  const answer = await till.dialog({
    title: till.t("giftcards.gift_card"),
    fields: [
      { name: "amount", label: till.t("giftcards.card_amount"), type: "money", required: true },
      { name: "code", label: till.t("giftcards.reload_code"), placeholder: till.t("giftcards.reload_code_empty") },
    ],
    validate: ({ amount }) => (amount > 0 ? null : till.t("giftcards.amount_above_zero")),
  });
  if (!answer) return;
  const { amount, code } = answer;
  const item = code ? { amount, code } : { amount };
  const name = code ? till.t("giftcards.gift_card_reload") : till.t("giftcards.gift_card");
  // A line of the plugin's kind: the server prices it from the payload.
  await till.addLine({ kind: "gift_card", payload: item, name, unit_price: amount, tax_rate: "0" });
}
