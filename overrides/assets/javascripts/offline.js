/* Registers the site's service worker (sw.js, which the build writes at the site's root): after one visit,
 * the pages, search and the checker work without a network. Once the page has loaded (it competes with
 * nothing the page needs), and only where browsers allow workers (a secure context: HTTPS or this machine).
 *
 * A build that retires the worker marks this script's tag (data-retire), and `mkdocs serve` puts its live
 * reload in the page: there the worker is removed instead, with its caches (a writer must see each edit
 * at once). Its sw.js retires it too, for tabs of older builds. */
const ROOT = new URL("../../", import.meta.url)
const RETIRED = "script[src$='/offline.js'][data-retire], script[data-epoch][src$='/livereload.js']"
// The caches the worker makes (sitebuild/service-worker.js); the checker's own are never touched.
const PREFIX = "guide-sw-"
let asked = false

// Once registered, nothing more: after each page load the browser itself asks for sw.js (every engine's
// soft update after a navigation), and a new build's worker installs then, for the next visit. Asking again
// here too would be a second request for it on every visit.
// The worker is then told how this page's checker booted, so it keeps the files that boot fetched before
// the worker ran (the wheel, or the served snapshot) from the HTTP cache, and never downloads the other.
async function register(boot) {
  await navigator.serviceWorker.register(new URL("sw.js", ROOT), { scope: ROOT.href })
  if (boot) (await navigator.serviceWorker.ready).active?.postMessage({ type: "checker-booted", ...boot })
}

async function retire() {
  await (await navigator.serviceWorker.getRegistration(ROOT.href))?.unregister()
  const names = (await caches.keys()).filter((name) => name.startsWith(PREFIX))
  await Promise.all(names.map((name) => caches.delete(name)))
}

// How long after the checker has loaded the worker waits: the first answer comes then, and the worker's
// install (its downloads, and the hashing of what it keeps) would compete with it for the CPU.
const AFTER_CHECKER_MS = 1000
// A checker the merchant has not reached yet (it starts near the screen) is waited for this long.
const IDLE_CHECKER_MS = 10_000

// The checker's runtime first: the worker's downloads and work would slow it, above all on a slow link.
// Registers once the checker on this page has loaded (or failed) and answered. Resolves to how it booted
// (checker-runtime.js's status.boot), or null.
async function checkerSettled() {
  if (!document.querySelector("[data-credential-checker]")) return null
  const { status, subscribe } = await import("./checker-runtime.js")
  const busy = () => status.state === "idle" || status.state === "loading"
  if (busy()) {
    await new Promise((resolve) => {
      const stop = subscribe(() => {
        if (busy()) return
        stop()
        resolve()
      })
      setTimeout(() => {
        if (status.state !== "idle") return
        stop()
        resolve()
      }, IDLE_CHECKER_MS)
    })
  }
  await new Promise((resolve) => setTimeout(resolve, AFTER_CHECKER_MS))
  return status.boot
}

function start() {
  ;(document.querySelector(RETIRED) ? retire() : checkerSettled().then(register)).catch(() => {
    // Without the worker the site works as before, online.
  })
}

function startOnceLoaded() {
  if (asked || !("serviceWorker" in navigator) || !isSecureContext) return
  asked = true
  if (document.readyState === "complete") start()
  else addEventListener("load", start, { once: true })
}

// Material's instant navigation swaps pages without a reload: the first page does it.
if (typeof document$ !== "undefined") document$.subscribe(startOnceLoaded)
else startOnceLoaded()
