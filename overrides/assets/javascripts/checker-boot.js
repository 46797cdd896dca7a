// How the checker's worker gets a running Python with `validator` imported, from the
// files the build staged (sitebuild/runtime/staging.py), in one of two ways:
// - "snapshot": Pyodide's memory as the build left it, the checker imported (whether to
//   ask for it, and whether to trust it, is checker-snapshot.js);
// - "plain": Python starts from the standard library (cut to what the checker uses,
//   compiled) with the checker's wheel (compiled) on its path: a second or more of work,
//   and the fewest bytes.
// Everything else is requested at once (checker-downloads.js counts it). Any failure of
// the snapshot falls back to the plain boot. The wheel is checked against the sha256 the
// lock file gives.

import { warmUpOnce } from "./checker-code-cache.js"
import { BootError } from "./checker-contract.js"
import { compileAhead, Downloads, quiet, RUNTIME, sha256, url } from "./checker-downloads.js"
import { pageReport } from "./checker-python.js"
import { keepForNextVisit, snapshotMemory } from "./checker-snapshot.js"

/** Boots the checker. Resolves to {check, strategy, snapshot, bootMs}: check(values) -> {json, text,
 * page} (checker-python.js), strategy "snapshot" or "plain", snapshot where it came from (Ready,
 * checker-contract.js). Rejects with a BootError whose `kind`
 * names the failure without quoting any exception text.
 * @param {{onProgress?: (loaded: number, total: number) => void}} [options] onProgress: bytes of
 *   the runtime arrived so far, and expected (0: unknown), whenever more arrive */
export async function boot({ onProgress = () => {} } = {}) {
  const started = performance.now()
  onProgress(0, 0)
  const downloads = new Downloads(onProgress)
  // What both ways need, at once (Pyodide's loader too: a static import would
  // have delayed all of it by a round trip); the lock file names the rest.
  const needed = [downloads.get("pyodide.asm.wasm"), downloads.get("python_stdlib.zip")]
  compileAhead(needed[0])
  // Pyodide waits forever for a wasm that failed to arrive: such a failure ends the boot here.
  const broken = Promise.all(needed.map((file) => file.complete)).then(
    () => new Promise(quiet),
    (error) => {
      throw new BootError("network", error)
    },
  )
  let runtimeBroken = false
  broken.catch(() => {
    runtimeBroken = true
  })
  import("../runtime/pyodide.asm.mjs").then(() => downloads.arrived("pyodide.asm.mjs"), quiet)
  const loader = import("../runtime/pyodide.mjs")
  loader.catch(quiet)
  const installer = import("./checker-install.js").catch((error) => {
    throw new BootError("network", error)
  })
  installer.catch(quiet)
  let lock
  try {
    const response = await downloads.fetch(url("pyodide-lock.json"))
    if (!response.ok) throw new BootError("network")
    lock = await response.json()
  } catch (error) {
    throw error instanceof BootError ? error : new BootError("network", error)
  }
  downloads.sizes = lock.checker?.sizes || {}
  downloads.report(true)
  let loadPyodide
  try {
    ;({ loadPyodide } = await loader)
  } catch (error) {
    throw new BootError("network", error)
  }
  const options = {
    indexURL: RUNTIME.href,
    lockFileContents: lock,
    packageBaseUrl: RUNTIME.href,
    stdout: quiet,
    stderr: quiet,
  }
  const snapshot = lock.checker?.snapshot

  // Pyodide starts once the snapshot is in: had it taken the wasm's response
  // first, a snapshot dropped would leave the plain boot to fetch it again.
  const fromSnapshot = async (snapshotted) => {
    const { memory, from, keep } = await snapshotted
    const pyodide = await loadPyodide({ ...options, _loadSnapshot: memory })
    keep() // now, not after an answer that may never be asked for: until then it holds the memory
    return { pyodide, from }
  }
  const strategies = []
  const snapshotted = snapshot ? snapshotMemory(downloads, snapshot, needed[0]) : null
  if (snapshotted) {
    snapshotted.catch(quiet) // a rejection is the plain boot's cue, not an unhandled error
    strategies.push(["snapshot", () => fromSnapshot(snapshotted)])
  }
  strategies.push([
    "plain",
    async () => {
      const entry = lock.packages.validator
      const wheel = downloads.get(entry.file_name, { own: true })
      // A wheel of other code than the lock file names is never installed (and the boot is refused below).
      const checked = wheel.complete.then(async (data) => ((await sha256(data)) === entry.sha256 ? data : null))
      // Installed before Python starts, compiled and not unzipped (checker-install.js): Pyodide's own
      // installer would import more of the standard library than the site ships.
      const { withChecker } = await installer
      const pyodide = await loadPyodide({ ...options, ...withChecker(checked.catch(() => null)) })
      await wheel.complete
      if (!(await checked)) throw new BootError("integrity")
      return { pyodide, afterFirstAnswer: snapshot ? () => keepForNextVisit(snapshot) : null }
    },
  ])

  if (snapshotted) {
    // Last, the snapshot dropped as slow, waited for this time: offline it may be the only copy kept (the
    // wheel is kept only where the plain boot ran), and a busy thread reads even a cached one slowly. Not
    // one of other bytes than the build's, nor when nothing could boot (no download for nothing).
    strategies.push([
      "snapshot",
      async () => {
        const dropped = await snapshotted.then(
          () => false,
          (error) => !(error instanceof BootError && error.kind === "integrity"),
        )
        if (!dropped || runtimeBroken) throw lastError
        return fromSnapshot(snapshotMemory(downloads, snapshot, needed[0], { patient: true }))
      },
    ])
  }

  let lastError
  for (const [strategy, start] of strategies) {
    try {
      const booted = await Promise.race([start(), broken])
      const { pyodide, from } = booted
      const report = pageReport(pyodide)
      let lastAsked = performance.now()
      // The snapshot a slow link did without is fetched once the merchant has an answer; on a
      // return visit, the compiled runtime is made worth keeping (checker-code-cache.js).
      let afterFirstAnswer =
        from === "expanded"
          ? () => warmUpOnce(report, snapshot.sha256, () => lastAsked).catch(quiet)
          : booted.afterFirstAnswer
      const check = (values) => {
        const answered = report(values)
        lastAsked = performance.now()
        afterFirstAnswer?.()
        afterFirstAnswer = null
        return answered
      }
      return { check, strategy, snapshot: from, bootMs: performance.now() - started }
    } catch (error) {
      lastError = error
    }
  }
  throw lastError instanceof BootError ? lastError : new BootError("startup", lastError)
}
