/* The credential checker's module worker: Python (Pyodide) runs here, so the
 * page's main thread never waits on it. Every rule is in the Python package
 * `validator`; this file passes values to it and its answers back. How Python
 * is booted (and how progress is counted) is checker-boot.js.
 *
 * Messages in:  {type: "check", seq, values: {api_key, account_id, site_id}}   null: not touched yet
 * Messages out: {type: "progress", loaded, total}   bytes of the runtime so far, and expected (0: unknown)
 *               {type: "ready", bootMs, strategy}
 *               {type: "result", seq, report, text, page}
 *               {type: "error", stage: "boot" | "check", kind}
 * A failure is told by its kind only ("network", "integrity", "unsupported",
 * "startup", "check"): exception text may quote a value, so it never leaves.
 * Nothing typed is logged, stored or sent: the only requests are the runtime's
 * own files, all from this site (relative URLs: the site may live in a sub-path).
 */
import { BootError, boot } from "./checker-boot.js"

const booting = boot({ onProgress: (loaded, total) => postMessage({ type: "progress", loaded, total }) })
booting.then(
  ({ strategy, bootMs }) => postMessage({ type: "ready", bootMs, strategy }),
  (error) => postMessage({ type: "error", stage: "boot", kind: error instanceof BootError ? error.kind : "startup" }),
)
// Pyodide can fail inside callbacks whose promises nobody awaits (e.g. a wasm
// download that breaks), leaving boot() pending forever: report those.
self.addEventListener("unhandledrejection", (event) => {
  event.preventDefault()
  postMessage({ type: "error", stage: "boot", kind: event.reason instanceof BootError ? event.reason.kind : "network" })
})

// The page sends one request at a time per checker, so nothing queues up here.
self.onmessage = async (event) => {
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
    postMessage({ type: "result", seq: message.seq, report: JSON.parse(json), text, page })
  } catch {
    postMessage({ type: "error", stage: "check", kind: "check" })
  }
}
