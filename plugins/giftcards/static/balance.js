// Till action "Card balance": ask for a card's code and show its balance and expiry. Its
// words are the plugin's till strings (pos_register_till_strings), till.t("giftcards.<key>").

function statusText(till, status) {
  const names = {
    active: till.t("giftcards.status_active"),
    expired: till.t("giftcards.status_expired"),
    disabled: till.t("giftcards.status_disabled"),
    refunded: till.t("giftcards.status_refunded"),
  };
  return names[status] ?? status;
}

export async function run(till) {
  let card = null;
  const answer = await till.dialog({
    title: till.t("giftcards.card_balance"),
    fields: [{ name: "code", label: till.t("giftcards.card_code"), required: true }],
    ok: till.t("giftcards.check"),
    // Looked up before the dialog closes: an unknown code is said in the dialog, which
    // stays open for another try.
    validate: async ({ code }) => {
      card = (await till.api("GET", `/gift-cards/${encodeURIComponent(code)}`)).data;
      return null;
    },
  });
  if (!answer) return;
  const until = card.expires_at ? ` · ${card.expires_at.slice(0, 10)}` : "";
  till.message(`****${card.last4}: ${till.money(card.balance)} (${statusText(till, card.status)}${until})`, "info");
}
