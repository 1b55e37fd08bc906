// Till actions for the dialog tests: each records what the dialog answered in
// window.tillkit, as {action, result}. The action is the query of this module's URL.

const action = new URL(import.meta.url).search.slice(1);

const scripts = {
  ask: (till) =>
    till.dialog({
      title: "Refill a card",
      message: "Type the card's holder and the amount.",
      fields: [
        { name: "holder", label: "Holder", type: "text", required: true, placeholder: "Name" },
        { name: "card", label: "Card number", type: "numeric" },
        { name: "amount", label: "Amount", type: "money", value: 1250, required: true },
        { name: "pin", label: "PIN", type: "password" },
      ],
      ok: "Refill",
      cancel: "Not now",
      // Asynchronous, like a check with the server.
      validate: async (values) => {
        await new Promise((resolve) => setTimeout(resolve, 50));
        return values.amount > 10000 ? "At most 100.00 per refill" : null;
      },
    }),
  pick: (till) =>
    till.choose({
      title: "Which fruit?",
      message: "Two are in stock.",
      items: [
        { label: "Apples", value: "apples", detail: "3 left" },
        { label: "Pears", value: { id: 2, name: "Pears" }, detail: "12 left" },
      ],
    }),
  sure: (till) => till.confirm({ title: "Empty the basket?", message: "Every fruit goes back.", ok: "Empty" }),
  long: (till) =>
    till.dialog({
      title: "A long form",
      message: "Twelve fields: the form scrolls, its buttons stay.",
      fields: Array.from({ length: 12 }, (_, i) => ({ name: `f${i}`, label: `Field ${i + 1}`, type: i % 2 ? "money" : "text" })),
    }),
};

export async function run(till) {
  const result = await scripts[action](till);
  window.tillkit = [...(window.tillkit ?? []), { action, result }];
}
