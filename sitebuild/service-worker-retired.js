/* The worker that retires the site's service worker: what a build with SERVICE_WORKER=retire writes as sw.js
 * (and `mkdocs serve`, so a writer never sees pages a worker kept). A browser that has the site's worker gets
 * this one at its next update check (sw.js is never cached): it takes over at once, deletes the caches the
 * site's worker made and unregisters itself. With no fetch handler, every request goes to the network.
 * Other caches (the checker's own) are left alone.
 */

const PREFIX = "guide-sw-"

self.addEventListener("install", () => self.skipWaiting())
self.addEventListener("activate", (event) => event.waitUntil(retire()))

async function retire() {
  const names = (await caches.keys()).filter((name) => name.startsWith(PREFIX))
  await Promise.all(names.map((name) => caches.delete(name)))
  await self.registration.unregister()
}
