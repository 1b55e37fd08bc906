// Till action "Bottles back": bottles brought back, credited at 0.25 each, as a line of
// the plugin's kind bottles_back (a credit line the till may sell offline too).

const DEPOSIT = 25;

export async function run(till) {
  const answer = await till.dialog({
    title: "Bottles back",
    fields: [{ name: "bottles", label: "Bottles", type: "numeric", required: true }],
    validate: ({ bottles }) => (Number(bottles) >= 1 && Number(bottles) <= 100 ? null : "1 to 100 bottles"),
  });
  if (!answer) return;
  const bottles = Number(answer.bottles);
  till.addLine({
    kind: "bottles_back",
    payload: { bottles },
    name: `Bottles returned x${bottles}`,
    unit_price: -DEPOSIT * bottles,
    tax_rate: "0",
  });
}
