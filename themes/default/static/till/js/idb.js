// A small promise wrapper over IndexedDB. Stores: products (the catalog cache), categories,
// meta (sync marks, receipt counters), outbox (completed sales not yet acknowledged by the
// server), parked (carts parked while offline).

const NAME = "comptoir-till";
let opening = null;

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

export function open() {
  opening ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(NAME, 1);
    req.onupgradeneeded = () => {
      const db = req.result;
      const products = db.createObjectStore("products", { keyPath: "id" });
      products.createIndex("barcodes", "barcodes", { multiEntry: true });
      products.createIndex("category_id", "category_id");
      products.createIndex("sku", "sku");
      db.createObjectStore("categories", { keyPath: "id" });
      db.createObjectStore("meta", { keyPath: "key" });
      db.createObjectStore("outbox", { keyPath: "id" });
      db.createObjectStore("parked", { keyPath: "id" });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  return opening;
}

async function store(name, mode = "readonly") {
  const db = await open();
  const tx = db.transaction(name, mode);
  const done = new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
  return [tx.objectStore(name), done];
}

export async function get(name, key) {
  const [objects] = await store(name);
  return request(objects.get(key));
}

export async function all(name) {
  const [objects] = await store(name);
  return request(objects.getAll());
}

export async function count(name) {
  const [objects] = await store(name);
  return request(objects.count());
}

/** Write values and delete keys in one transaction; resolves once it is durable. */
export async function write(name, values = [], deleted = []) {
  const [objects, done] = await store(name, "readwrite");
  for (const value of values) objects.put(value);
  for (const key of deleted) objects.delete(key);
  return done;
}

export async function replaceAll(name, values) {
  const [objects, done] = await store(name, "readwrite");
  objects.clear();
  for (const value of values) objects.put(value);
  return done;
}

export async function byIndex(name, index, key, limit = 100) {
  const [objects] = await store(name);
  return request(objects.index(index).getAll(key, limit));
}

/** The first values (at most limit) for which test is true, walking the whole store. */
export async function scan(name, test, limit = 50) {
  const [objects] = await store(name);
  return new Promise((resolve, reject) => {
    const found = [];
    const cursor = objects.openCursor();
    cursor.onsuccess = () => {
      const at = cursor.result;
      if (!at || found.length >= limit) return resolve(found);
      if (test(at.value)) found.push(at.value);
      at.continue();
    };
    cursor.onerror = () => reject(cursor.error);
  });
}

export async function getMeta(key, fallback = null) {
  return (await get("meta", key))?.value ?? fallback;
}

export async function setMeta(key, value) {
  return write("meta", [{ key, value }]);
}
