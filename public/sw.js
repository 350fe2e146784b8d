/* global self, caches */
// The service worker: offline copies of the member's saved items, and nothing else.
// Hand-written, no build step, no imports (registered by app/entry.client.tsx, scope "/").
//
// What it keeps is what GET /offline/manifest lists (app/models/offline.server.ts): each
// saved item's copy, the stylesheets the copies link, and the offline page, in one cache per
// session scope, "px-offline-<scope>". Every other px-offline-* cache is deleted at each
// sync, so a sign-out, another member signing in or a new session starts from nothing.
// A sync first deletes what the member may no longer read (the manifest no longer lists it)
// and only then fetches what is new; the first navigation after being offline, after
// activation, or a minute after the last sync waits for that deletion before it is answered.
// Online, every page comes from the network as it would without this worker.

const PREFIX = "px-offline-";
/** Where this device remembers that the member turned offline copies off (not a px-offline-* cache). */
const DEVICE_CACHE = "px-device";
const KEEPING_OFF = "/__px/offline-copies-off";
/** The worker's own record of what it keeps, inside the scope's cache. */
const INDEX = "/__px/offline-index";
const MANIFEST = "/offline/manifest";
/** The budget stated in app/domain/saved.ts; the worker stops there whatever the server says. */
const BUDGET_BYTES = 50 * 1024 * 1024;
const SYNC_EVERY_MS = 60 * 1000;
/** How long a navigation waits for the manifest before it is answered anyway. */
const MANIFEST_WAIT_MS = 10 * 1000;

const SYNC_STATE = "/__px/last-sync";
/** After sign-out: only the offline page that says the device is offline. */
const SIGNED_OUT = PREFIX + "signed-out";

/**
 * When the last sync heard from the server; 0 when it must sync before the next page (never
 * yet, or offline since). Kept in the device cache too: the browser stops an idle worker.
 */
let lastSync = null;
/** The sync in progress: the deletion part, then the fetching part; a newer sync stops an older fill. */
let reconciling = null;
let filling = null;
let generation = 0;

async function lastSyncAt() {
  if (lastSync === null) {
    const saved = await (await caches.open(DEVICE_CACHE)).match(SYNC_STATE);
    lastSync = saved ? Number(await saved.text()) || 0 : 0;
  }
  return lastSync;
}

async function setLastSync(at) {
  lastSync = at;
  await (await caches.open(DEVICE_CACHE)).put(SYNC_STATE, new Response(String(at)));
}

// Installing already asks what to keep, so the offline page is there from the first visit on.
self.addEventListener("install", (event) => {
  event.waitUntil(Promise.all([self.skipWaiting(), sync({ force: true })]));
});

// Activation waits for the deletions only: pages are not held while new copies download.
self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      await self.clients.claim();
      await sync({ force: true });
    })(),
  );
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  const port = event.ports && event.ports[0];
  const reply = (value) => (port ? port.postMessage(value) : event.source && event.source.postMessage(value));
  const work = (async () => {
    if (data.type === "sync") {
      await sync({ force: Boolean(data.force), wait: true });
      reply(await status());
    } else if (data.type === "status") {
      reply(await status());
    } else if (data.type === "remove") {
      await removeAll();
      reply(await status());
    } else if (data.type === "keep") {
      await keepAgain();
      await sync({ force: true, wait: true });
      reply(await status());
    }
  })();
  event.waitUntil(work.catch(() => reply({ error: true })));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST") {
    // Signing out: every copy goes at once. The request itself goes to the network untouched, so the
    // browser sees its Clear-Site-Data ("cache", "storage"), which takes the caches and this worker too.
    if (url.pathname === "/logout") {
      generation++;
      event.waitUntil(deleteCaches(() => true));
    }
    // "Remove all offline copies" / "Keep offline copies" as a plain form (settings).
    if (url.pathname === "/offline") event.respondWith(offlineForm(request, event));
    return;
  }
  if (request.method !== "GET" || url.pathname === MANIFEST) return;
  if (request.mode === "navigate") {
    event.respondWith(navigate(request, event));
    return;
  }
  // A link followed by the app (its data, not a page): when the network fails, the app is told
  // to load the address as a page (Remix's X-Remix-Reload-Document), which the navigation
  // above answers with a copy or /offline (tests/e2e/offline.spec.ts clicks one offline).
  if (url.searchParams.has("_data")) {
    event.respondWith(fetch(request).catch(() => asPage(url)));
    return;
  }
  // A copy's stylesheet or thumbnail, offline; online it goes by as if this worker were not here.
  if (request.destination === "style" || request.destination === "image" || request.destination === "font") {
    event.respondWith(fetch(request).catch(() => cachedCopy(url).then((cached) => cached || Response.error())));
  }
});

async function navigate(request, event) {
  const url = new URL(request.url);
  // Copies of what the member may no longer read go before anything else is shown.
  const synced = sync();
  event.waitUntil(synced.then(() => filling));
  await synced.catch(() => undefined);
  try {
    return await fetch(request);
  } catch (error) {
    await setLastSync(0);
    const copy = await cachedCopy(url, { navigation: true });
    if (copy) return copy;
    const offline = await cachedOfflinePage();
    if (offline) return offline;
    throw error;
  }
}

function asPage(url) {
  const page = new URL(url);
  page.searchParams.delete("_data");
  page.searchParams.delete("index");
  return new Response(null, { status: 204, headers: { "X-Remix-Redirect": page.pathname + page.search, "X-Remix-Reload-Document": "true" } });
}

async function offlineForm(request, event) {
  let intent = "";
  try {
    intent = String((await request.clone().formData()).get("intent") || "");
  } catch {
    intent = "";
  }
  if (intent === "remove") await removeAll();
  if (intent === "keep") {
    await keepAgain();
    event.waitUntil(sync({ force: true, wait: true }));
  }
  try {
    return await fetch(request);
  } catch {
    return Response.redirect("/settings#offline", 303);
  }
}

// ---- what is kept ----

function scopeCaches(names) {
  return names.filter((name) => name.startsWith(PREFIX));
}

async function deleteCaches(which) {
  const names = scopeCaches(await caches.keys());
  await Promise.all(names.filter(which).map((name) => caches.delete(name)));
}

async function keeping() {
  const device = await caches.open(DEVICE_CACHE);
  return !(await device.match(KEEPING_OFF));
}

async function removeAll() {
  const device = await caches.open(DEVICE_CACHE);
  await device.put(KEEPING_OFF, new Response("off"));
  await deleteCaches(() => true);
}

async function keepAgain() {
  const device = await caches.open(DEVICE_CACHE);
  await device.delete(KEEPING_OFF);
}

async function currentCache() {
  const names = scopeCaches(await caches.keys()).filter((name) => name !== SIGNED_OUT);
  return names.length ? caches.open(names[0]) : null;
}

async function readIndex(cache) {
  const response = await cache.match(INDEX);
  if (!response) return { items: [] };
  try {
    return await response.json();
  } catch {
    return { items: [] };
  }
}

function writeIndex(cache, index) {
  return cache.put(INDEX, new Response(JSON.stringify(index), { headers: { "Content-Type": "application/json" } }));
}

const addressOf = (address) => {
  const url = new URL(address, self.location.origin);
  return url.pathname + url.search;
};

/** The kept copy for an address: one of the copy's own URLs, or an item's alias (its normal page). */
async function cachedCopy(url, { navigation = false } = {}) {
  const cache = await currentCache();
  if (!cache) return null;
  const index = await readIndex(cache);
  const path = url.pathname;
  for (const item of index.items) {
    const own = item.urls.find((u) => addressOf(u.url) === path + url.search);
    if (own) return cache.match(own.url, { ignoreVary: true });
    if (navigation && item.aliases.includes(path)) {
      const page = item.urls.find((u) => u.as === "page");
      if (page) return cache.match(page.url, { ignoreVary: true });
    }
  }
  if (index.assets && index.assets.includes(path)) return cache.match(path, { ignoreVary: true });
  return null;
}

async function cachedOfflinePage() {
  const names = scopeCaches(await caches.keys());
  for (const name of names) {
    const page = await (await caches.open(name)).match("/offline", { ignoreVary: true });
    if (page) return page;
  }
  return null;
}

async function status() {
  const cache = await currentCache();
  const index = cache ? await readIndex(cache) : { items: [] };
  return {
    keeping: await keeping(),
    budgetBytes: BUDGET_BYTES,
    usedBytes: index.items.reduce((sum, item) => sum + (item.bytes || 0), 0),
    items: index.items.map((item) => ({ key: item.key, title: item.title })),
  };
}

// ---- sync ----

/**
 * Asks the server what to keep. `force` skips the one-a-minute limit; `wait` waits for the
 * new copies to be fetched too, not only for the old ones to go.
 */
async function sync({ force = false, wait = false } = {}) {
  if (!force && Date.now() - (await lastSyncAt()) < SYNC_EVERY_MS) return;
  if (!reconciling) {
    reconciling = reconcile().finally(() => {
      reconciling = null;
    });
  }
  await reconciling;
  if (wait) await filling;
}

/** The manifest, then the deletions: returns once nothing unreadable is left on the device. */
async function reconcile() {
  let response;
  try {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), MANIFEST_WAIT_MS);
    response = await fetch(MANIFEST, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" }, signal: controller.signal });
    clearTimeout(timer);
  } catch {
    await setLastSync(0);
    return;
  }
  const mine = ++generation;
  if (response.status === 401 || response.status === 403 || response.redirected) {
    // Signed out, the session ended elsewhere, the account disabled, or sent elsewhere first
    // (a second factor to set up): nothing stays.
    await deleteCaches(() => true);
    await setLastSync(Date.now());
    await keepSignedOutPage();
    return;
  }
  if (!response.ok) return;
  let manifest;
  try {
    manifest = await response.json();
  } catch {
    return;
  }
  if (!(await keeping())) {
    await deleteCaches(() => true);
    await setLastSync(Date.now());
    return;
  }
  const name = PREFIX + manifest.scope;
  await deleteCaches((other) => other !== name);
  const cache = await caches.open(name);
  const index = await readIndex(cache);
  const wanted = new Map(manifest.items.filter((item) => item.kept).map((item) => [item.key, item]));
  const stay = [];
  for (const item of index.items) {
    const now = wanted.get(item.key);
    if (now && now.version === item.version) stay.push({ ...item, title: now.title, aliases: now.aliases });
    else await Promise.all(item.urls.map((u) => cache.delete(u.url)));
  }
  await writeIndex(cache, { scope: manifest.scope, assets: index.assets || [], items: stay });
  // The offline page lists the titles kept: after a deletion, its old list goes too, before
  // any page is shown, and a new one is fetched now (it is small).
  if (stay.length < index.items.length) {
    const offlinePage = manifest.offlinePage || "/offline";
    await cache.delete(offlinePage);
    await keep(cache, offlinePage);
  }
  await setLastSync(Date.now());
  filling = fill(cache, manifest, stay, mine).catch(() => undefined);
}

/** Fetches the offline page, the stylesheets and the copies not yet kept, within the budget. */
async function fill(cache, manifest, stay, mine) {
  await keep(cache, manifest.offlinePage || "/offline");
  const assets = [];
  for (const asset of manifest.assets || []) if (await keep(cache, asset)) assets.push(asset);
  const budget = Math.min(Number(manifest.budgetBytes) || BUDGET_BYTES, BUDGET_BYTES);
  const kept = stay.slice();
  let used = kept.reduce((sum, item) => sum + (item.bytes || 0), 0);
  for (const item of manifest.items) {
    if (!item.kept || kept.some((k) => k.key === item.key)) continue;
    const responses = [];
    let bytes = 0;
    for (const u of item.urls) {
      const response = await fetchCopy(u.url);
      if (!response) break;
      const size = (await response.clone().blob()).size;
      bytes += size;
      responses.push([u.url, response]);
    }
    // Only whole copies, and only within the budget.
    if (responses.length !== item.urls.length || used + bytes > budget) continue;
    // Keeping may have been turned off, another sync begun or the session ended while this was fetched.
    if (mine !== generation || !(await keeping()) || !(await caches.has(PREFIX + manifest.scope))) return;
    for (const [url, response] of responses) await cache.put(url, response);
    used += bytes;
    kept.push({ key: item.key, title: item.title, version: item.version, bytes, urls: item.urls, aliases: item.aliases });
    await writeIndex(cache, { scope: manifest.scope, assets, items: kept });
  }
  if (mine === generation && (await caches.has(PREFIX + manifest.scope))) await writeIndex(cache, { scope: manifest.scope, assets, items: kept });
}

/** A copy as the member may read it now, or null (a 404, a redirect to sign-in or to "being prepared"). */
async function fetchCopy(url) {
  try {
    const response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
    return response.ok && !response.redirected && response.status === 200 ? response : null;
  } catch {
    return null;
  }
}

async function keep(cache, url) {
  const response = await fetchCopy(url);
  if (response) await cache.put(url, response);
  return Boolean(response);
}

/** After sign-out the offline page says only "you are offline": fetched without the session's cookie. */
async function keepSignedOutPage() {
  try {
    const response = await fetch("/offline", { credentials: "omit", cache: "no-store" });
    if (response.ok && !response.redirected) await (await caches.open(SIGNED_OUT)).put("/offline", response);
  } catch {
    // Offline again: the browser's own page, then.
  }
}
