// The checker's runtime, page side: one module worker per tab (checker-worker.js,
// where Python runs), started on demand, restarted by Try again. It moves
// values to the worker and answers back; it knows no rule.
//
// status.state: "idle" → "loading" → "ready", or "failed" (with status.failure,
// one of FAILURES, checker-contract.js). Once ready, status.boot says how it booted.
// While loading, status.loaded/total count the runtime's bytes (total 0:
// unknown) and status.stalled says that none has arrived for STALL_MS. A slow
// load is never given up: only the merchant's Try again restarts it.

/** @typedef {import("./checker-contract.js").Failure} Failure */

const WORKER_URL = new URL("checker-worker.js", import.meta.url)
// No new byte for this long: the load has stalled (it goes on meanwhile).
export const STALL_MS = 20_000
// A running checker answers in milliseconds: this long without an answer means it stopped.
const CHECK_TIMEOUT_MS = 8_000

/** @typedef {Pick<import("./checker-contract.js").Ready, "strategy" | "snapshot">} Boot */
/** @type {{state: "idle" | "loading" | "ready" | "failed", loaded: number, total: number, stalled: boolean, failure: Failure | "", boot: Boot | null}} */
export const status = { state: "idle", loaded: 0, total: 0, stalled: false, failure: "", boot: null }

const listeners = new Set()
const pending = new Map() // seq -> { resolve, timer }
let worker = null
let seq = 0
let stallTimer = 0
let heard = false // has the worker said anything yet?

/** Calls listener(status) after every change; returns a function that stops it. */
export function subscribe(listener) {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

function changed() {
  for (const listener of listeners) listener(status)
}

/** Starts loading, once per tab (later calls do nothing). Safe to call early, e.g. from <head>. */
export function start() {
  if (status.state !== "idle") return
  if (
    typeof WebAssembly !== "object" ||
    typeof WebAssembly.instantiate !== "function" ||
    typeof Worker !== "function"
  ) {
    fail("unsupported")
    return
  }
  Object.assign(status, { state: "loading", loaded: 0, total: 0, stalled: false, failure: "", boot: null })
  heard = false
  try {
    worker = new Worker(WORKER_URL, { type: "module", name: "credential-checker" })
  } catch {
    fail("startup")
    return
  }
  // Only the current worker is heard: one stopped (Try again, a failure) may still have messages on their
  // way. Its "ready" would pass for a new worker still booting (whose first check then times out), or
  // mark a failed runtime ready with no worker to send the merchant's values to.
  const current = worker
  const own = (handle) => (event) => {
    if (worker === current) handle(event)
  }
  worker.onmessage = own((event) => receive(event.data || {}))
  worker.onerror = (event) => {
    event.preventDefault()
    if (worker === current) fail(status.state === "ready" ? "check" : "startup")
  }
  worker.onmessageerror = own(() => fail("check"))
  watchStall()
  changed()
}

/** Try again: a new worker, without reloading the page. Not offered when the browser cannot run it. */
export function restart() {
  if (status.failure === "unsupported") return
  stop()
  status.state = "idle"
  start()
}

/** Resolves to the worker's answer, or to null when the runtime failed or restarted first.
 * @param {import("./checker-contract.js").Values} values
 * @returns {Promise<import("./checker-contract.js").Result | null>} */
export function check(values) {
  start()
  if (status.state === "failed") return Promise.resolve(null)
  return new Promise((resolve) => {
    const id = ++seq
    pending.set(id, { resolve, timer: 0 })
    if (status.state === "ready") armTimeout(id)
    /** @type {import("./checker-contract.js").CheckRequest} */
    const request = { type: "check", seq: id, values }
    worker.postMessage(request)
  })
}

/** @param {import("./checker-contract.js").WorkerMessage} message */
function receive(message) {
  if (message.type === "progress") {
    // Any news is a sign of life: the first message (the worker runs), then new bytes.
    // The figures are shown as they come (a total may be revised), never summed here.
    if (heard && message.loaded === status.loaded && message.total === status.total) return
    heard = true
    Object.assign(status, { loaded: message.loaded, total: message.total, stalled: false })
    watchStall()
    changed()
  } else if (message.type === "ready") {
    status.state = "ready"
    status.boot = { strategy: message.strategy, snapshot: message.snapshot }
    status.stalled = false
    clearTimeout(stallTimer)
    for (const id of pending.keys()) armTimeout(id)
    changed()
  } else if (message.type === "result") {
    const request = pending.get(message.seq)
    if (!request) return
    pending.delete(message.seq)
    clearTimeout(request.timer)
    request.resolve(message)
  } else if (message.type === "error") {
    fail(message.stage === "check" ? "check" : message.kind)
  }
}

// Every new byte restarts the clock. Python starting after the last byte takes
// seconds: were it to take this long, the merchant gets the checklist all the same.
function watchStall() {
  clearTimeout(stallTimer)
  if (status.state !== "loading") return
  stallTimer = setTimeout(() => {
    status.stalled = true
    changed()
  }, STALL_MS)
}

function armTimeout(id) {
  const request = pending.get(id)
  clearTimeout(request.timer)
  request.timer = setTimeout(() => fail("check"), CHECK_TIMEOUT_MS)
}

function stop() {
  clearTimeout(stallTimer)
  if (worker) worker.terminate()
  worker = null
  for (const request of pending.values()) {
    clearTimeout(request.timer)
    request.resolve(null)
  }
  pending.clear()
}

/** @param {Failure} kind */
function fail(kind) {
  if (status.state === "failed") return
  stop()
  Object.assign(status, { state: "failed", stalled: false, failure: kind || "startup" })
  changed()
}
