// Till action "Card balance": ask for a card's code and show its balance and expiry.

export async function run(till) {
  let card = null;
  const answer = await till.dialog({
    title: "Card balance",
    fields: [{ name: "code", label: "Gift card code", required: true }],
    ok: "Check",
    // Looked up before the dialog closes: an unknown code is said in the dialog, which
    // stays open for another try.
    validate: async ({ code }) => {
      card = (await till.api("GET", `/gift-cards/${encodeURIComponent(code)}`)).data;
      return null;
    },
  });
  if (!answer) return;
  const until = card.expires_at ? ` · ${card.expires_at.slice(0, 10)}` : "";
  till.message(`****${card.last4}: ${till.money(card.balance)} (${card.status}${until})`, "info");
}
