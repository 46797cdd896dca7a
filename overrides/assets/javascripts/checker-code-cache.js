// Chromium keeps a wasm module's compiled code for the next visit (its code cache) only once
// V8 has optimized about a megabyte of it, which a boot from the snapshot and a few checks
// never reach: every return visit validated and compiled Pyodide's module again. So once per
// checker build, on a return visit (its runtime comes from the service worker's cache, the
// copy the code cache is kept with), the worker runs the checker on made-up values a thousand
// times while the merchant is not typing. Visits after that start from the optimized module.
// Firefox and WebKit were not measured: there it runs once a build, perhaps for nothing.
// Nothing typed is used, and nothing of it is posted or kept: only that it was done.
import { remembered } from "./checker-snapshot.js"

// Since the merchant's last check: the warm-up never competes with typing.
const QUIET_MS = 2000
// A check the merchant asks for meanwhile waits at most this long.
const SLICE_MS = 8
// Checks in all: V8 optimizes what has run often enough, so a count, not a time. Twice what
// made Chromium 156 keep the module (500; 250 did not): 0.3 s of one core here.
const CHECKS = 1000

// Made-up values of the shapes merchants paste: an address, spaces, capitals, a key cut short.
const SITE = "5f6e7d8c-9b0a-4c1d-8e2f-3a4b5c6d7e8f"
const ACCOUNT = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
const KEY = `IST.${btoa(JSON.stringify({ kid: "made-up", alg: "RS256" }))}.${btoa(JSON.stringify({ data: ACCOUNT }))}.c2ln`
const VALUES = [
  { api_key: KEY, account_id: ACCOUNT, site_id: SITE },
  { api_key: ` ${KEY}\n`, account_id: ACCOUNT.toUpperCase(), site_id: `https://manage.wix.com/dashboard/${SITE}/home` },
  { api_key: KEY.slice(0, 40), account_id: ` ${ACCOUNT} `, site_id: "https://my-shop.wixsite.com/store" },
  { api_key: null, account_id: SITE, site_id: ACCOUNT },
]

/** Runs `check` on made-up values CHECKS times, in slices, once the merchant has been quiet for
 * QUIET_MS, unless this browser did so already for this checker build.
 * @param {(values: import("./checker-contract.js").Values) => unknown} check
 * @param {string} build the snapshot's sha256
 * @param {() => number} lastAsked when the merchant's last check ran (performance.now()) */
export async function warmUpOnce(check, build, lastAsked) {
  if ((await remembered("warmed")) === build) return
  let turn = 0
  await new Promise((resolve) => {
    const slice = () => {
      const wait = lastAsked() + QUIET_MS - performance.now()
      if (wait > 0) return setTimeout(slice, wait)
      const started = performance.now()
      try {
        while (turn < CHECKS && performance.now() - started < SLICE_MS) check(VALUES[turn++ % VALUES.length])
      } catch {
        return resolve() // the merchant's checks say so, if it matters
      }
      if (turn < CHECKS) setTimeout(slice)
      else resolve()
    }
    slice()
  })
  if (turn >= CHECKS) await remembered("warmed", build)
}
