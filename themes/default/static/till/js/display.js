// The customer display: mirrors the till of the same browser (BroadcastChannel, with
// localStorage events where it is missing).

import { money, t } from "./i18n.js";

const $ = (id) => document.getElementById(id);

function render(state) {
  if (!state) return;
  const lines = state.lines ?? [];
  $("display-lines").replaceChildren(
    ...lines.map((line) => {
      const item = document.createElement("li");
      const name = document.createElement("span");
      name.textContent = `${line.quantity} × ${line.name}`;
      const total = document.createElement("span");
      total.textContent = money(line.total);
      item.append(name, total);
      return item;
    }),
  );
  $("display-total").textContent = money(state.total ?? 0);
  if (state.state === "paid") {
    $("display-message").textContent = `${t("customer_thanks")} ${state.change ? t("change_due") + ": " + money(state.change) : ""}`;
    $("display-total").textContent = money(state.total ?? 0);
  } else if (state.state === "pay") {
    // Below zero the shop hands money out (bottles brought back...).
    const due = state.due ?? state.total ?? 0;
    $("display-message").textContent = due < 0 ? `${t("refund_total")}: ${money(-due)}` : `${t("due")}: ${money(due)}`;
  } else {
    $("display-message").textContent = lines.length ? "" : t("customer_welcome");
  }
}

if ("BroadcastChannel" in window) {
  new BroadcastChannel("comptoir-display").addEventListener("message", (event) => render(event.data));
}
window.addEventListener("storage", (event) => {
  if (event.key === "comptoir-display" && event.newValue) render(JSON.parse(event.newValue));
});
try {
  render(JSON.parse(localStorage.getItem("comptoir-display")));
} catch {
  /* nothing shown yet */
}
