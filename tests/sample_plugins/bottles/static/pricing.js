// The bottles plugin's till pricing: the same deposits and delivery charge as its
// pos_add_lines and pos_adjust_cart, so the till prices them offline.

const DEPOSIT = 25;
const BOTTLED = new Set(["BEER", "BOI-004"]);

export function addLines(cart) {
  return cart.lines
    .filter((line) => line.product_id != null && BOTTLED.has(line.sku))
    .map((line) => ({
      kind: "deposit",
      name: "Deposit",
      sku: "DEPOSIT",
      unit_price: DEPOSIT,
      tax_rate: "0",
      quantity: String(line.quantity),
      for_line: line.key,
    }));
}

export function surcharges(cart) {
  if (!cart.plugin_data?.bottles?.delivery) return [];
  return [{ kind: "surcharge", label: "Delivery", tax_rate: "20", amount: 500 }];
}
