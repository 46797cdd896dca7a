// The credential checker's module worker: Python (Pyodide) runs here, so the
// page's main thread never waits on it. Every rule is in the Python package
// `validator`; this file passes values to it and its answers back. How Python
// is booted is checker-boot.js (progress is counted by checker-downloads.js).
//
// The messages in (CheckRequest) and out (WorkerMessage) are typed in
// checker-contract.js. A failure is told by its kind only: exception text may
// quote a value, so it never leaves.
// Nothing typed is logged, stored or sent: the only requests are the runtime's
// own files, all from this site (relative URLs: the site may live in a sub-path).
import { boot } from "./checker-boot.js"
import { BootError } from "./checker-contract.js"
// checker-boot.js's own imports, named here too: the worker asks for all of them at once
// instead of one level of imports at a time (a round trip each on a slow link).
import "./checker-code-cache.js"
import "./checker-downloads.js"
import "./checker-python.js"
import "./checker-snapshot.js"

/** @param {import("./checker-contract.js").WorkerMessage} message */
const post = (message) => postMessage(message)

const booting = boot({ onProgress: (loaded, total) => post({ type: "progress", loaded, total }) })
booting.then(
  ({ strategy, snapshot, bootMs }) => post({ type: "ready", bootMs, strategy, snapshot }),
  (error) => post({ type: "error", stage: "boot", kind: error instanceof BootError ? error.kind : "startup" }),
)
// Pyodide can fail inside callbacks whose promises nobody awaits (e.g. a wasm
// download that breaks), leaving boot() pending forever: report those.
self.addEventListener("unhandledrejection", (event) => {
  event.preventDefault()
  post({ type: "error", stage: "boot", kind: event.reason instanceof BootError ? event.reason.kind : "network" })
})

// The page sends one request at a time per checker, so nothing queues up here.
self.onmessage = async (event) => {
  /** @type {import("./checker-contract.js").CheckRequest} */
  const message = event.data
  if (message?.type !== "check") return
  let runtime
  try {
    runtime = await booting
  } catch {
    return // already reported
  }
  try {
    const { json, text, page } = runtime.check(message.values)
    post({ type: "result", seq: message.seq, report: JSON.parse(json), text, page })
  } catch {
    post({ type: "error", stage: "check", kind: "check" })
  }
}
