// Till action "Check in": the pro shop types a booking's number; each player not yet
// checked in becomes a green-fee line {"golf_green_fee": {"player_id": N}}, which the
// server prices at the rate that applies (member, guest, twilight, included round).
// Carts, clubs and balls are scanned into the same sale as any product.
//
// Its words are the plugin's till strings (pos_register_till_strings), till.t("golf.<key>").

export async function run(till) {
  let booking = null;
  const answer = await till.dialog({
    title: till.t("golf.check_in"),
    fields: [{ name: "booking", label: till.t("golf.booking_number"), required: true }],
    // Looked up before the dialog closes: an unknown booking is said in the dialog.
    validate: async ({ booking: id }) => {
      booking = (await till.api("GET", `/golf/bookings/${encodeURIComponent(id.trim())}`)).data;
      if (booking.status !== "booked" && booking.status !== "checked_in") {
        return till.t("golf.not_checkable", { id: booking.id });
      }
      return booking.players.some((p) => !p.checked_in) ? null : till.t("golf.all_checked_in");
    },
  });
  if (!answer) return;
  const inCart = new Set(
    till.cart.lines.filter((l) => l.kind === "golf_green_fee").map((l) => l.payload?.player_id),
  );
  for (const player of booking.players) {
    if (player.checked_in || inCart.has(player.id)) continue;
    const name = till.t("golf.green_fee", { name: player.name, time: booking.tee_time });
    await till.addLine({ kind: "golf_green_fee", payload: { player_id: player.id }, name });
    if (player.rounds_left !== null && player.rounds_left !== undefined) {
      till.message(till.t("golf.rounds_left", { name: player.name, count: player.rounds_left }), "info");
    }
  }
}
