/* The till's service worker: network first, the cached copy when the server cannot be
   reached. Only the till's pages and static files are cached; the API never is (sales
   wait in IndexedDB, not here). */
const CACHE = "comptoir-till";
const PAGES = ["/till/", "/till/display"];
const ASSETS = {{ assets|tojson }};
// The enabled plugins' till pricing modules and action scripts: changing plugins changes
// this file, so the browser installs the new worker and caches the new modules.
const PLUGIN_ASSETS = {{ plugin_assets|tojson }};

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) =>
        cache.addAll([...PAGES, ...ASSETS]).then(() => Promise.allSettled(PLUGIN_ASSETS.map((url) => cache.add(url))))
      )
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

function cacheable(url, request) {
  if (request.method !== "GET" || url.origin !== self.location.origin) return false;
  return (
    PAGES.includes(url.pathname) ||
    url.pathname.startsWith("/static/") ||
    PLUGIN_ASSETS.includes(url.pathname)
  );
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (!cacheable(url, event.request)) return;
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(event.request, copy));
        }
        return response;
      })
      .catch(() => caches.match(event.request, { ignoreSearch: true }))
  );
});
