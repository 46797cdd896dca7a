/* The site's service worker: the build (sitebuild/service_worker.py) writes it into the site as sw.js, with
 * the list of the build's files below. After one visit the guide works without a network:
 *
 * - pages, the search index and the sitemap come from the network first, so a writer's fix reaches the next
 *   visit, and from this build's cache when the network fails, answers with a server error, or stalls;
 * - the pages' scripts, styles and pictures, and the checker's runtime, come from this build's cache first.
 *
 * One cache per build. It is filled at install with everything but the runtime (pages, scripts, styles,
 * pictures: a few hundred kB, most of it unchanged from the build before and copied from its cache), and with
 * the runtime as the checker uses it, or from the HTTP cache, where a first visit's checker left it (as its page
 * says). Only bytes whose
 * sha256 the list gives are kept, so a worker serves its own build and no other: a tab stays on the build its
 * worker had, JS, styles and runtime alike. A new build's worker waits until no tab uses this one
 * (no skipWaiting): the browser then activates it, at the next visit.
 *
 * Nothing a page sends is ever stored: only files of the list, under their own address (no query), fetched
 * by this worker or checked against the list.
 */

// Written by the build: its id, and each file's path under the worker's scope, kind and sha256 (16 hex digits).
const SITE = { build: "", files: {} }

/** Caches of this worker's making start so; any other cache (the checker's own) is never touched. */
const PREFIX = "guide-sw-"
const CACHE = PREFIX + SITE.build
/** A page slower than this comes from the cache (when there is a copy; else the network's answer is awaited). */
const PAGE_TIMEOUT_MS = 3000
const SCOPE = new URL(self.registration.scope)
const address = (path) => new URL(path, SCOPE).href
const A_PAGE = Object.keys(SITE.files).find((path) => SITE.files[path][0] === "page")

self.addEventListener("install", (event) => event.waitUntil(install()))
self.addEventListener("activate", (event) => event.waitUntil(activate()))

self.addEventListener("fetch", (event) => {
  const { request } = event
  const target = new URL(request.url)
  if (request.method !== "GET" || target.origin !== SCOPE.origin || !target.pathname.startsWith(SCOPE.pathname)) {
    return
  }
  const path = target.pathname.slice(SCOPE.pathname.length)
  const [kind, sha] = SITE.files[path] ?? []
  if (kind === "page") {
    // With a query (a ticket's ?ref=…), the page itself, never stored; the cached page is its copy offline.
    event.respondWith(networkFirst(request, path))
  } else if (request.mode === "navigate") {
    // An address the build has no page for: the network's answer, or offline the site's 404 page.
    event.respondWith(networkFirst(request, "404.html", 404))
  } else if (kind && !target.search) {
    event.respondWith(cacheFirst(event, path, kind, sha))
  }
})

async function install() {
  const cache = await caches.open(CACHE)
  const older = await olderCaches()
  await Promise.all(
    Object.entries(SITE.files).map(async ([path, [kind, sha]]) => {
      if (await cache.match(address(path))) return // an install tried again
      const kept = await fromOlder(older, path, sha)
      if (kept) return cache.put(address(path), kept)
      if (kind === "runtime") return // kept when the checker asks for it
      const response = await fetch(address(path), { cache: "no-cache" })
      // The server already holds another build: this worker is not installed, the next check gets that one.
      if (!response.ok || (await digest(response.clone())) !== sha) throw new Error(`${path} is not this build's`)
      return cache.put(address(path), response)
    }),
  )
}

// No clients.claim(): a page loaded before its worker was active stays the network's, as it was loaded.
// Claiming would evict from Firefox's back/forward cache the page a merchant left meanwhile (for the Wix
// dashboard, say), and with it what they typed, which Back must bring back. The next page load is the worker's.
async function activate() {
  await Promise.all((await olderCaches()).map((name) => caches.delete(name)))
}

async function olderCaches() {
  return (await caches.keys()).filter((name) => name.startsWith(PREFIX) && name !== CACHE)
}

// A copy of the file in an older build's cache, when its bytes are this build's.
async function fromOlder(older, path, sha) {
  for (const name of older) {
    const response = await (await caches.open(name)).match(address(path))
    if (response && (await digest(response.clone())) === sha) return response
  }
  return null
}

/* The runtime a first visit's checker fetched before this worker ran (the page registers it once the checker
 * has answered) is in the HTTP cache: kept from there (no request), so the checker works offline after
 * that visit too. Only on the page's word, and only what its boot fetched (BOOT_FILES): a page without the
 * checker fetched none of it, and asking the HTTP cache "only-if-cached" would not do, since WebKit ignores it
 * and downloads. */
async function keepRuntimeFromHttpCache(only) {
  // One at a time: tens of megabytes read and hashed at once would hold them all in memory.
  for (const [path, [kind, sha]] of Object.entries(SITE.files)) {
    if (kind !== "runtime" || !only(path) || (await caches.match(address(path), { cacheName: CACHE }))) continue
    // The HTTP cache's copy as it is, with no request: the boot has just fetched it, and its sha is checked.
    const response = await fetch(address(path), { cache: "force-cache" }).catch(() => null)
    if (response) await keep(path, sha, response).catch(() => {})
  }
}

/** The runtime files a boot fetched, by how the page's checker booted (checker-contract.js's Ready): every
 * boot Pyodide and the lock file; the plain boot the wheel too, the served snapshot its file; the expanded
 * snapshot (Cache Storage) nothing more. */
const either = (path) => path.endsWith(".whl") || path.endsWith(".snapshot")
const BOOT_FILES = {
  plain: (path) => !either(path) || path.endsWith(".whl"),
  served: (path) => !either(path) || path.endsWith(".snapshot"),
  expanded: (path) => !either(path),
}

// The page's word on how its checker booted, {type: "checker-booted", strategy, snapshot} (offline.js).
self.addEventListener("message", (event) => {
  const { type, strategy, snapshot } = event.data ?? {}
  const boot = BOOT_FILES[strategy === "plain" ? "plain" : snapshot]
  if (type === "checker-booted" && boot) event.waitUntil(keepRuntimeFromHttpCache(boot))
})

async function networkFirst(request, path, status) {
  const network = fetch(request)
  network.catch(() => {}) // awaited below, or not needed
  const stalled = new Promise((_, reject) => setTimeout(reject, PAGE_TIMEOUT_MS))
  try {
    const response = await Promise.race([network, stalled])
    if (response.status < 500) return response
  } catch {
    // Offline, or stalled: the cached copy, if there is one.
  }
  const copy = await caches.match(address(path), { cacheName: CACHE })
  if (!copy) return network
  return status ? new Response(copy.body, { status, headers: copy.headers }) : copy
}

async function cacheFirst(event, path, kind, sha) {
  const copy = await caches.match(address(path), { cacheName: CACHE })
  if (copy) return copy
  const response = await fetch(event.request)
  if (kind === "runtime" && response.ok) event.waitUntil(keep(path, sha, response.clone()).catch(() => {}))
  return response
}

// Stores a runtime file when its bytes are this build's (the server may hold a newer build's by now), in
// this build's cache unless it is gone (a newer build's worker, or a retiring one, deleted it).
async function keep(path, sha, response) {
  if (!response.ok) return
  const bytes = await response.arrayBuffer()
  if ((await digest(bytes)) !== sha || !(await caches.has(CACHE))) return
  const cache = await caches.open(CACHE)
  // Deleted since has() (a retiring page's script, while this worker still serves it): open made it anew,
  // empty, where an installed cache holds every page. Nothing deletes it again once this page is gone.
  if (!(await cache.match(address(A_PAGE)))) return caches.delete(CACHE)
  // The body is stored decoded: the headers say so.
  const headers = new Headers(response.headers)
  headers.delete("Content-Encoding")
  headers.delete("Content-Length")
  await cache.put(address(path), new Response(bytes, { status: response.status, headers }))
}

async function digest(body) {
  const bytes = body instanceof ArrayBuffer ? body : await body.arrayBuffer()
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))
  return [...hash.subarray(0, 8)].map((byte) => byte.toString(16).padStart(2, "0")).join("")
}
