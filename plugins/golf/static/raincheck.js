// Till action "Rain check": give one (a player of a booking stopped by rain: the holes
// they did not play become credit, shown once as a code to hand over; with gift cards on,
// the code of a gift card, spent like any other), or take one off
// this sale as a credit line {"golf_rain_check": {"code"}}. Giving needs golf.manage.
//
// Its words are the plugin's till strings (pos_register_till_strings), till.t("golf.<key>").

async function give(till) {
  let booking = null;
  const found = await till.dialog({
    title: till.t("golf.give_rain_check"),
    fields: [{ name: "booking", label: till.t("golf.booking_number"), type: "numeric", required: true }],
    validate: async ({ booking: id }) => {
      booking = (await till.api("GET", `/golf/bookings/${encodeURIComponent(id)}`)).data;
      return booking.players.some((p) => p.checked_in) ? null : till.t("golf.nobody_paid", { id: booking.id });
    },
  });
  if (!found) return;
  const paid = booking.players.filter((p) => p.checked_in);
  const player =
    paid.length === 1
      ? paid[0]
      : await till.choose({
          title: till.t("golf.give_rain_check"),
          items: paid.map((p) => ({ label: p.name, detail: till.money(p.green_fee), value: p })),
        });
  if (!player) return;
  let check = null;
  const answer = await till.dialog({
    title: till.t("golf.rain_check_for", { name: player.name }),
    fields: [{ name: "holes_played", label: till.t("golf.holes_played"), type: "numeric", required: true, max_length: 2 }],
    // Given before the dialog closes: what the server refuses is said in it.
    validate: async ({ holes_played: holes }) => {
      const body = { holes_played: Number(holes) };
      check = (await till.api("POST", `/golf/players/${player.id}/rain-check`, body)).data;
    },
  });
  if (!answer) return;
  const until = check.expires_on ? till.t("golf.valid_until", { day: check.expires_on }) : "";
  await till.confirm({
    title: till.t(check.store_credit ? "golf.store_credit_given" : "golf.rain_check_given"),
    message: `${check.code} · ${till.money(check.amount)} ${until}`.trim(),
    ok: till.t("golf.done"),
  });
}

async function use(till) {
  let check = null;
  const answer = await till.dialog({
    title: till.t("golf.use_rain_check"),
    fields: [{ name: "code", label: till.t("golf.rain_check_code"), required: true, max_length: 16 }],
    // An unknown, used or expired code: the server's message is shown, the dialog stays.
    validate: async ({ code }) => {
      check = (await till.api("GET", `/golf/rain-checks/${encodeURIComponent(code)}`)).data;
    },
  });
  if (!answer) return;
  await till.addLine({
    kind: "golf_rain_check",
    payload: { code: check.code },
    name: till.t("golf.rain_check_line", { code: check.code }),
    unit_price: -check.amount,
  });
}

export async function run(till) {
  if (!till.can("golf.manage")) return use(till);
  const chosen = await till.choose({
    title: till.t("golf.rain_check"),
    items: [
      { label: till.t("golf.use_rain_check"), value: use },
      { label: till.t("golf.give_rain_check"), value: give },
    ],
  });
  if (chosen) await chosen(till);
}
