// The till's "E-mail receipt" action, shown on the receipt screen after a sale: asks for
// the address (the sale's customer's, when known) and queues the receipt; the server
// sends it after the answer, through the outbox. Words: till.t("email.<key>").

async function customerEmail(till, customerId) {
  if (!customerId) return "";
  try {
    const customer = (await till.api("GET", `/customers/${customerId}`)).data;
    return (customer && customer.email) || "";
  } catch (error) {
    return ""; // no address to offer: the cashier types it
  }
}

export async function run(till) {
  const sale = till.lastSale;
  if (!sale) {
    till.message(till.t("email.no_sale"), "error");
    return;
  }
  const address = await customerEmail(till, sale.customer_id);
  let sent = null;
  const answer = await till.dialog({
    title: till.t("email.email_receipt"),
    fields: [{ name: "to", label: till.t("email.address"), type: "email", value: address, required: true }],
    ok: till.t("email.send"),
    // Queued before the dialog closes: an address the server refuses is said in the
    // dialog, which stays open to correct it.
    validate: async (values) => {
      sent = (await till.api("POST", `/sales/${sale.id}/email`, { to: values.to })).data;
      return null;
    },
  });
  if (answer && sent) till.message(till.t("email.queued", { to: sent.recipient }), "ok");
}
