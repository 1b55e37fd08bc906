// The catalog cache in IndexedDB, kept current by delta sync on (updated_at, id): only what
// changed since the last sync is fetched, so a large catalog loads once, not at each start.

import { api, NetworkError } from "./api.js";
import * as idb from "./idb.js";

const PAGE = 5000; // the server's largest (GET /products/sync)
const EPOCH = "1970-01-01T00:00:00+00:00";
// Products' stored shape: a change refetches the catalog once (search texts refolded).
const FORMAT = 2;
const LETTERS = { "œ": "oe", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "ħ": "h", "ß": "ss" };
let running = null;
// The register's own prices (its shop's, with several shops), over the catalog's: kept
// with the catalog for offline starts, so that the till charges offline what the server
// would (GET /registers/<id>/shelf-prices).
let shelf = { register: null, prices: {} };

/** The product as the register sells it: at its shop's price when it has one. */
function shelved(product) {
  const own = product && shelf.prices[product.id];
  return own == null ? product : { ...product, price: own };
}

/** Price with the register's kept prices (none kept for it: the catalog's). */
export async function useShelfPrices(registerId) {
  const kept = await idb.getMeta("shelf_prices");
  shelf = kept?.register === registerId ? kept : { register: registerId, prices: {} };
}

/** Fetch the register's prices (with the catalog sync, while online). */
export async function syncShelfPrices(registerId) {
  if (registerId == null) return;
  const { data } = await api("GET", `/registers/${registerId}/shelf-prices`);
  shelf = { register: registerId, prices: Object.fromEntries(data.map((p) => [p.product_id, p.price])) };
  await idb.setMeta("shelf_prices", shelf);
}

/** Text as search compares it, as the server's normalise_search: "Crème Ёж" -> "creme еж". */
export function fold(text) {
  return String(text)
    .toLowerCase()
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[œæøđłħß]/g, (letter) => LETTERS[letter]);
}

function slim(product) {
  return {
    id: product.id,
    sku: product.sku,
    name: product.name,
    search: fold(`${product.name} ${product.sku}`),
    price: product.price,
    barcodes: product.barcodes,
    tax_rate: product.tax_rate,
    category_id: product.category_id,
    sold_by: product.sold_by,
    updated_at: product.updated_at,
  };
}

/** Fetch what changed since the last sync (everything the first time), page by page on
 * the cursor (updated_at, id) of the last product fetched: a bulk import gives thousands
 * the same updated_at, and a cursor on the instant alone fetched them all again. The next
 * page is asked for while this one is written, so the server and IndexedDB work at once. */
export function sync() {
  running ??= (async () => {
    const format = await idb.getMeta("catalog_format");
    const known = format === FORMAT;
    // A cursor saved before the id was kept: that instant's products once more, no more.
    let at = (known && (await idb.getMeta("catalog_since"))) || EPOCH;
    let id = (known && (await idb.getMeta("catalog_since_id"))) || 0;
    let fetched = 0;
    const page = (since, after) => {
      const query = new URLSearchParams({ limit: String(PAGE), updated_since: since, after_id: String(after) });
      return api("GET", `/products/sync?${query}`, undefined, { timeout: 30000 });
    };
    let next = page(at, id);
    for (;;) {
      const { data } = await next;
      const full = data.length === PAGE;
      if (data.length) ({ updated_at: at, id } = data[data.length - 1]);
      if (full) next = page(at, id);
      const kept = [];
      const dropped = [];
      for (const p of data) {
        if (p.active) kept.push(slim(p));
        else dropped.push(p.id);
      }
      await idb.write("products", kept, dropped);
      fetched += data.length;
      if (!full) break;
    }
    const { data: categories } = await api("GET", "/categories");
    await idb.replaceAll("categories", categories);
    await idb.setMeta("catalog_since", at);
    await idb.setMeta("catalog_since_id", id);
    await idb.setMeta("catalog_format", FORMAT);
    return fetched;
  })().finally(() => {
    running = null;
  });
  return running;
}

/** The product of a barcode (or SKU typed in the scan field): cache first, then server. */
export async function lookup(code) {
  const [hit] = await idb.byIndex("products", "barcodes", code, 1);
  if (hit) return shelved(hit);
  const [bySku] = await idb.byIndex("products", "sku", code, 1);
  if (bySku) return shelved(bySku);
  try {
    const { data } = await api("GET", `/products?barcode=${encodeURIComponent(code)}`);
    const product = data.find((p) => p.active);
    if (!product) return null;
    await idb.write("products", [slim(product)]);
    return shelved(slim(product));
  } catch (error) {
    if (error instanceof NetworkError) return null;
    throw error;
  }
}

export async function product(id) {
  return shelved(await idb.get("products", id));
}

/** Products whose name or SKU contains every word of text, whatever their case and
 * accents (cache only: works offline). */
export function search(text, limit = 30) {
  const words = fold(text).split(/\s+/).filter(Boolean);
  if (!words.length) return Promise.resolve([]);
  return idb.scan("products", (p) => words.every((w) => p.search.includes(w)), limit).then((found) => found.map(shelved));
}

export async function categories() {
  const list = await idb.all("categories");
  return list.sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
}

export async function inCategory(id, limit = 48) {
  const list = await idb.byIndex("products", "category_id", id, limit);
  return list.map(shelved).sort((a, b) => a.name.localeCompare(b.name));
}
