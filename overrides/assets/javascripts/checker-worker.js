/* The credential checker's module worker: Python (Pyodide) runs here, so the
 * page's main thread never waits on it. Every rule is in the Python package
 * `validator`; this file only boots Pyodide and passes values to
 * `validator.check()` and its answers back.
 *
 * Messages in:  {type: "check", seq, values: {api_key, account_id, site_id}}
 * Messages out: {type: "progress", text}
 *               {type: "ready", bootMs, strategy}
 *               {type: "result", seq, report, text, page}
 *               {type: "error", stage: "boot" | "check", message}
 * Nothing typed is logged, stored or sent: the only requests are the runtime's
 * own files, all from this site (relative URLs: the site may live in a sub-path).
 */
import { loadPyodide } from "../runtime/pyodide.mjs"

const RUNTIME = new URL("../runtime/", import.meta.url)
// The site root, for the support report's links.
const SITE_ROOT = new URL("../../", import.meta.url).href

function progress(text) {
  postMessage({ type: "progress", text })
}

// Silent: Pyodide's own messages say nothing the merchant needs, and the
// console must never be a place where a value could appear.
const quiet = () => {}

async function bootPlain() {
  progress("Loading Python (about 6 MB, once per tab)…")
  const pyodide = await loadPyodide({
    indexURL: RUNTIME.href,
    lockFileURL: new URL("pyodide-lock.json", RUNTIME).href,
    stdout: quiet,
    stderr: quiet,
  })
  progress("Loading the checker…")
  // The lock file lists the wheel with its sha256; Pyodide refuses a mismatch.
  await pyodide.loadPackage("validator", { messageCallback: quiet, errorCallback: quiet, checkIntegrity: true })
  return pyodide
}

/* A memory snapshot made at build time (sitebuild/snapshot.py) with the
 * checker already imported: Python starts in a fraction of the time. The site's
 * lock file names it with its sha256, checked here as Pyodide checks the
 * wheel's, so a snapshot of other code never runs; any failure falls back to
 * the plain boot. */
async function bootSnapshot() {
  progress("Loading Python (once per tab)…")
  const lockFileURL = new URL("pyodide-lock.json", RUNTIME).href
  const response = await fetch(lockFileURL)
  if (!response.ok) throw new Error(`lock ${response.status}`)
  const entry = (await response.json()).checker_snapshot
  if (!entry) throw new Error("no snapshot staged")
  // Not awaited: Pyodide fetches its wasm while the snapshot downloads.
  const snapshot = fetch(new URL(entry.file_name, RUNTIME)).then(async (answer) => {
    if (!answer.ok) throw new Error(`snapshot ${answer.status}`)
    const bytes = await answer.arrayBuffer()
    const digest = [...new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))]
      .map((b) => b.toString(16).padStart(2, "0")).join("")
    if (digest !== entry.sha256) throw new Error("snapshot sha256 mismatch")
    return bytes
  })
  // Rejected before Pyodide awaits it, it would count as unhandled and stop
  // the checker instead of falling back: mark it handled here.
  snapshot.catch(() => {})
  return loadPyodide({ indexURL: RUNTIME.href, lockFileURL, stdout: quiet, stderr: quiet, _loadSnapshot: snapshot })
}

/* Ways to boot, fastest first; each later one is the fallback of the one
 * before. A faster path (e.g. a Pyodide memory snapshot with the checker
 * already imported) goes in front of bootPlain and throws to fall back. */
const BOOT_STRATEGIES = [["snapshot", bootSnapshot], ["plain", bootPlain]]

async function boot() {
  const started = performance.now()
  let lastError
  for (const [name, strategy] of BOOT_STRATEGIES) {
    try {
      const pyodide = await strategy()
      // Raises if the wheel was refused: then this strategy failed too.
      const check = pyodide.runPython(
        "import validator\n" +
        "def _check(values):\n" +
        "    report = validator.check(**values.to_py())\n" +
        "    return (report.to_json(reveal_key=True), report.to_text(docs_url=SITE_ROOT), validator.catalogue.TROUBLESHOOTING_PAGE)\n" +
        "_check",
        { globals: pyodide.toPy({ SITE_ROOT }) },
      )
      return { check, name, bootMs: performance.now() - started }
    } catch (error) {
      lastError = error
    }
  }
  throw lastError
}

// Pyodide can fail inside callbacks whose promises nobody awaits (e.g. a wasm
// download that breaks), leaving loadPyodide() pending forever: report those.
self.addEventListener("unhandledrejection", (event) => {
  event.preventDefault()
  postMessage({ type: "error", stage: "boot", message: errorKind(event.reason) })
})

const booting = boot()
booting.then(
  ({ name, bootMs }) => postMessage({ type: "ready", bootMs, strategy: name }),
  (error) => postMessage({ type: "error", stage: "boot", message: errorKind(error) }),
)

// The page sends one request at a time per checker, so nothing queues up here.
self.onmessage = async (event) => {
  const message = event.data
  if (!message || message.type !== "check") return
  let runtime
  try {
    runtime = await booting
  } catch {
    return // already reported
  }
  let answer
  try {
    answer = runtime.check(message.values)
    const [json, text, page] = answer.toJs()
    postMessage({ type: "result", seq: message.seq, report: JSON.parse(json), text, page })
  } catch (error) {
    // A Python traceback may quote the value: only its last line's kind is kept.
    postMessage({ type: "error", stage: "check", message: errorKind(error) })
  } finally {
    if (answer) answer.destroy()
  }
}

function errorKind(error) {
  const text = String((error && error.message) || error || "unknown error")
  const lines = text.trim().split("\n")
  const last = lines[lines.length - 1]
  // "ValueError: ..." → "ValueError"; JS errors keep their first line (no values in them).
  const kind = /^(\w+(?:Error|Exception))\b/.exec(last)
  return kind ? kind[1] : lines[0].slice(0, 200)
}
