// Weighed and priced labels: GS1 restricted-circulation EAN-13s (prefixes 02 and 20-29)
// that a shop's scale prints, holding the item's code and its weight or price. The layout
// is the store's setting gs1_layout; core/catalog/gs1.py reads them the same way.

/** [item digits, price check digit, value digits, what the value is] of each layout. */
const LAYOUTS = {
  item5_weight5: [5, 0, 5, "weight"],
  item5_price5: [5, 0, 5, "price"],
  item4_check_price5: [4, 1, 5, "price"],
};

function checkDigit(body) {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += Number(body[body.length - 1 - i]) * (i % 2 ? 1 : 3);
  return String((10 - (sum % 10)) % 10);
}

/** The label's {keys, weight (grams) or price (minor units)}, or null if code is not one.
 * keys: the item's code as the catalog keeps it, value digits zeroed, with its check
 * digit or with 0 (a zeroed code's check digit means nothing, so shops write either). */
export function decodeInStore(code, layout) {
  const parts = LAYOUTS[layout];
  if (!parts || !/^(02|2\d)\d{11}$/.test(code) || checkDigit(code.slice(0, 12)) !== code[12]) return null;
  const [item, check, size, kind] = parts;
  const start = 2 + item + check;
  const body = code.slice(0, 2 + item).padEnd(12, "0");
  return { keys: [body + checkDigit(body), `${body}0`], [kind]: Number(code.slice(start, start + size)) };
}

/** The price a label charges for one product sold by the unit (a cake priced at the
 * counter), which the line then keeps; null for a weight label, a product sold by weight
 * (its price gives the quantity) or a price of 0 (a misprint). As gs1.py's label_price. */
export function labelPrice(label, product) {
  return product.sold_by === "weight" || !label.price ? null : label.price;
}

/** The quantity a label sells of product: its weight in kg (3 decimals); for a price
 * label, that price over the price per kg, to the gram; one for a product sold by the
 * unit. */
export function labelQuantity(label, product) {
  if (product.sold_by !== "weight") return "1";
  const grams = label.weight ?? (product.price > 0 ? Math.round((label.price * 1000) / product.price) : 0);
  return grams > 0 ? (grams / 1000).toFixed(3) : null;
}
