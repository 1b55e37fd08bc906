// Till action "Card balance": ask for a card's code and show its balance and expiry.

export async function run(till) {
  const code = (window.prompt("Gift card code") || "").trim();
  if (!code) return;
  try {
    const { data } = await till.api("GET", `/gift-cards/${encodeURIComponent(code)}`);
    const until = data.expires_at ? ` · ${data.expires_at.slice(0, 10)}` : "";
    const money = till.money ? till.money(data.balance) : String(data.balance);
    till.message?.(`****${data.last4}: ${money} (${data.status}${until})`, "info");
  } catch (error) {
    till.message?.(error.message ?? String(error));
  }
}
