// Till action "Time clock": an employee picks their name, says what they do (clock in,
// start or end a break, clock out) and types their PIN. The PIN is checked by the server
// with the same lockout as the till's sign-in; a wrong one is said in the dialog, which
// stays open. Words: the plugin's till strings, till.t("timeclock.<key>").

const ACTIONS = {
  out: ["clock-in"],
  in: ["break-start", "clock-out"],
  break: ["break-end", "clock-out"],
};

const WORDS = {
  "clock-in": ["timeclock.clock_in", "timeclock.done_in"],
  "clock-out": ["timeclock.clock_out", "timeclock.done_out"],
  "break-start": ["timeclock.break_start", "timeclock.done_break_start"],
  "break-end": ["timeclock.break_end", "timeclock.done_break_end"],
};

function statusText(till, status) {
  const names = {
    in: till.t("timeclock.status_in"),
    break: till.t("timeclock.status_break"),
    out: till.t("timeclock.status_out"),
  };
  return names[status] ?? status;
}

export async function run(till) {
  const staff = (await till.api("GET", "/timeclock/status")).data;
  if (!staff.length) {
    till.message(till.t("timeclock.nobody"), "error");
    return;
  }
  const who = await till.choose({
    title: till.t("timeclock.who"),
    items: staff.map((person) => ({
      label: person.full_name,
      detail: statusText(till, person.status),
      value: person,
    })),
  });
  if (!who) return;
  const choices = ACTIONS[who.status] ?? ACTIONS.out;
  const action =
    choices.length === 1
      ? choices[0]
      : await till.choose({
          title: who.full_name,
          message: till.t("timeclock.what"),
          items: choices.map((code) => ({ label: till.t(WORDS[code][0]), value: code })),
        });
  if (!action) return;
  const answer = await till.dialog({
    title: `${till.t(WORDS[action][0])}: ${who.full_name}`,
    fields: [{ name: "pin", label: till.t("timeclock.pin"), type: "password", required: true, max_length: 8 }],
    ok: till.t(WORDS[action][0]),
    // Checked by the server before the dialog closes: a wrong PIN (and how many tries
    // are left, or the lockout) is said in the dialog.
    validate: async ({ pin }) => {
      await till.api("POST", `/timeclock/${action}`, { user_id: who.user_id, pin });
    },
  });
  if (answer) till.message(till.t(WORDS[action][1], { name: who.full_name }), "ok");
}
