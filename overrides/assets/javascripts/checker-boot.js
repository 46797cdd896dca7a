/* How the checker's worker gets a running Python with `validator` imported.
 * Owned by the loading work (speed, bytes, progress); the worker's message
 * layer (checker-worker.js) only calls boot() and check().
 *
 * boot({ onProgress }) resolves to { check(values) -> {json, text, page}, strategy, bootMs }.
 * onProgress(loaded, total): bytes of the runtime arrived so far, and the
 * number expected (0 when unknown); called whenever more bytes arrive.
 * Failures reject with a BootError whose `kind` names the failure without
 * quoting any exception text (see KINDS).
 */
import { loadPyodide } from "../runtime/pyodide.mjs"

const RUNTIME = new URL("../runtime/", import.meta.url)
// The site root, for the support report's links.
const SITE_ROOT = new URL("../../", import.meta.url).href

//: What the page may be told about a failure: a kind, never a message.
export const KINDS = ["network", "integrity", "unsupported", "startup"]

export class BootError extends Error {
  constructor(kind, cause) {
    super(kind)
    this.kind = KINDS.includes(kind) ? kind : "startup"
    this.cause = cause
  }
}

// Silent: Pyodide's own messages say nothing the merchant needs, and the
// console must never be a place where a value could appear.
const quiet = () => {}

async function bootPlain() {
  const pyodide = await loadPyodide({
    indexURL: RUNTIME.href,
    lockFileURL: new URL("pyodide-lock.json", RUNTIME).href,
    stdout: quiet,
    stderr: quiet,
  })
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
  const lockFileURL = new URL("pyodide-lock.json", RUNTIME).href
  const response = await fetch(lockFileURL)
  if (!response.ok) throw new BootError("network")
  const entry = (await response.json()).checker?.snapshot
  if (!entry) throw new BootError("startup")
  // Not awaited: Pyodide fetches its wasm while the snapshot downloads.
  const snapshot = fetch(new URL(entry.file_name, RUNTIME)).then(async (answer) => {
    if (!answer.ok) throw new BootError("network")
    const bytes = await answer.arrayBuffer()
    const digest = [...new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))]
      .map((b) => b.toString(16).padStart(2, "0")).join("")
    if (digest !== entry.sha256) throw new BootError("integrity")
    return bytes
  })
  // Rejected before Pyodide awaits it, it would count as unhandled and stop
  // the checker instead of falling back: mark it handled here.
  snapshot.catch(() => {})
  return loadPyodide({ indexURL: RUNTIME.href, lockFileURL, stdout: quiet, stderr: quiet, _loadSnapshot: snapshot })
}

// Ways to boot, fastest first; each later one is the fallback of the one before.
const STRATEGIES = [["snapshot", bootSnapshot], ["plain", bootPlain]]

export async function boot({ onProgress = () => {} } = {}) {
  const started = performance.now()
  onProgress(0, 0)
  let lastError
  for (const [strategy, start] of STRATEGIES) {
    try {
      const pyodide = await start()
      // Raises if the wheel was refused: then this strategy failed too.
      const run = pyodide.runPython(
        "import validator\n" +
        "def _check(values):\n" +
        "    report = validator.check(**values.to_py())\n" +
        "    return (report.to_json(reveal_key=True), report.to_text(docs_url=SITE_ROOT), validator.catalogue.TROUBLESHOOTING_PAGE)\n" +
        "_check",
        { globals: pyodide.toPy({ SITE_ROOT }) },
      )
      return { check: (values) => answer(run, values), strategy, bootMs: performance.now() - started }
    } catch (error) {
      lastError = error
    }
  }
  throw lastError instanceof BootError ? lastError : new BootError("startup", lastError)
}

function answer(run, values) {
  const proxy = run(values)
  try {
    const [json, text, page] = proxy.toJs()
    return { json, text, page }
  } finally {
    proxy.destroy()
  }
}
