/* How the checker's worker gets a running Python with `validator` imported.
 * Owned by the loading work (speed, bytes, progress); the worker's message
 * layer (checker-worker.js) only calls boot() and check().
 *
 * boot({ onProgress }) resolves to { check(values) -> {json, text, page}, strategy, bootMs }:
 * check is validator.page_report.
 * onProgress(loaded, total): bytes of the runtime arrived so far, and the
 * number expected (0 when unknown); called whenever more bytes arrive.
 * Failures reject with a BootError whose `kind` names the failure without
 * quoting any exception text (BOOT_FAILURES, checker-contract.js).
 *
 * Two ways to boot, from the files the build staged (sitebuild/runtime.py):
 * - "snapshot": Pyodide's memory as the build left it, the checker imported:
 *   almost no start-up work, but 3.4 MB more to download;
 * - "plain": Python starts from the standard library (cut to what the
 *   checker uses, compiled) with the checker's wheel (compiled) on its path:
 *   a second or more of work, and the fewest bytes.
 * Everything else is requested at once. The snapshot is asked for when an
 * earlier visit had it whole (then it is in the HTTP cache), or when the
 * wasm's first bytes show a link fast enough for it; either way it is dropped
 * at once if it arrives too slowly after all (an evicted one, a link slowed). A slow link pays for the plain boot's
 * bytes only, and the snapshot is fetched after the first answer, for the
 * next visit. Any failure of the
 * snapshot falls back to the plain boot. The wheel and the snapshot are
 * checked against the sha256 the lock file gives.
 */
import { BOOT_FAILURES } from "./checker-contract.js"

const RUNTIME = new URL("../runtime/", import.meta.url)
// The site root, for the support report's links.
const SITE_ROOT = new URL("../../", import.meta.url).href
// The snapshot saves one to a few seconds of start-up: worth it only when the rest
// of it is no longer than this to arrive (at its speed so far), i.e. on a fast link.
const SNAPSHOT_BUDGET_MS = 2500
// How long a file must have been arriving before its speed is judged.
const JUDGE_AFTER_MS = 300
// The snapshot dropped for a slow link is fetched this long after the first answer.
const NEXT_VISIT_AFTER_MS = 2000
// Progress is reported at most this often (and always when a file completes).
const PROGRESS_MS = 100

export class BootError extends Error {
  /** @param {import("./checker-contract.js").BootFailure} kind  @param {unknown} [cause] */
  constructor(kind, cause) {
    super(kind)
    this.kind = BOOT_FAILURES.includes(kind) ? kind : "startup"
    this.cause = cause
  }
}

// Silent: Pyodide's own messages say nothing the merchant needs, and the
// console must never be a place where a value could appear.
const quiet = () => {}
const url = (name) => new URL(name, RUNTIME).href

/* ---- Downloads: each runtime file fetched once, its bytes counted as they arrive ---- */

class Downloads {
  constructor(onProgress) {
    this.onProgress = onProgress
    this.files = new Map() // url -> file
    this.sizes = {} // name -> {raw, br, gz}, from the lock file
    this.lastReport = 0
    this.fetch = globalThis.fetch.bind(globalThis)
    // Pyodide fetches the wasm, the standard library and the wheel itself: it
    // gets the response already under way (once; a later request goes out).
    globalThis.fetch = (resource, options) => {
      const file = this.files.get(String(resource))
      if (!file?.response || file.taken || options?.integrity) {
        return this.fetch(resource, options)
      }
      file.taken = true
      return file.response
    }
  }

  /* Starts fetching `name`. Its body is counted on a clone as its consumer
   * (Pyodide) reads it; with `own`, it is read here instead (file.complete
   * resolves to it whole). Only `counted` files count toward the progress total. */
  get(name, { counted = true, own = false, signal } = {}) {
    const file = { name, counted, loaded: 0, wire: 0, done: false, taken: own, started: 0 }
    this.files.set(url(name), file)
    file.response = this.fetch(url(name), { signal }).then((response) => {
      if (!response.ok) throw new BootError("network")
      // Bytes on the wire: the stored sibling's length, when the host sent one.
      file.wire = (response.headers.get("Content-Encoding") && Number(response.headers.get("Content-Length"))) || 0
      file.started = performance.now()
      file.bytes = this.read(file, own ? response.body : response.clone().body)
      return response
    })
    // Settles when the whole body is in (or the fetch or its body fails).
    file.complete = file.response.then(() => file.bytes)
    file.complete.catch(quiet) // reported by whoever awaits it
    return file
  }

  /* Counts the body as it arrives; for a file read here, returns it whole. */
  async read(file, body) {
    const reader = body.getReader()
    let buffer = file.taken ? new Uint8Array(this.raw(file.name)) : null
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      if (buffer) {
        if (file.loaded + value.byteLength > buffer.length) {
          const grown = new Uint8Array(Math.max(2 * buffer.length, file.loaded + value.byteLength))
          grown.set(buffer.subarray(0, file.loaded))
          buffer = grown
        }
        buffer.set(value, file.loaded)
      }
      file.loaded += value.byteLength
      file.onChunk?.()
      this.report(false)
    }
    file.done = true
    file.onChunk?.()
    this.report(true)
    return buffer?.subarray(0, file.loaded)
  }

  /* A file that arrives in one piece (an ES module import, not a fetch). */
  arrived(name) {
    this.files.set(url(name), { name, counted: true, loaded: this.raw(name), wire: 0, done: true, taken: true })
    this.report(true)
  }

  raw(name) {
    return this.sizes[name]?.raw || 0
  }

  // How far `file` is, from 0 to 1 (its decoded bytes against the build's size).
  fraction(file) {
    return file.done ? 1 : Math.min(1, file.loaded / (this.raw(file.name) || Number.POSITIVE_INFINITY))
  }

  // Its bytes on the wire: what the host said it sends, else the build's Brotli size.
  wire(file) {
    const size = this.sizes[file.name] || {}
    return file.wire || size.br || size.gz || size.raw || 0
  }

  report(force) {
    const now = performance.now()
    if (!force && now - this.lastReport < PROGRESS_MS) return
    this.lastReport = now
    let loaded = 0
    let total = 0
    for (const file of this.files.values()) {
      if (!file.counted) continue
      total += this.wire(file)
      loaded += Math.round(this.fraction(file) * this.wire(file))
    }
    this.onProgress(loaded, total)
  }
}

/* ---- The snapshot, fetched only on a fast link ---- */

// Resolves to the snapshot's memory (sha256 checked); rejects when it is unusable, or the link too slow for it.
// Asked for when it arrived whole on an earlier visit (so the HTTP cache has it), else on a fast link only.
async function snapshotMemory(downloads, entry, wasm) {
  if ((await kept()) !== entry.sha256 && !(await fastLink(downloads, wasm, entry.file_name))) {
    throw new BootError("network")
  }
  const file = await fetchUnlessSlow(downloads, entry)
  const data = await file.complete
  if (!isSparseSnapshot(data) || (await sha256(data)) !== entry.sha256) {
    kept("")
    throw new BootError("integrity")
  }
  kept(entry.sha256)
  file.counted = true
  downloads.report(true)
  return withZeroPages(data)
}

/* The sha256 of the snapshot that last arrived whole in this browser: it is in the HTTP
 * cache (hosts keep it a year), unless evicted since. With `sha`, remembers that one.
 * No engine can ask its HTTP cache without a request (WebKit ignores `cache:
 * "only-if-cached"` and downloads), so a first visit would pay for the snapshot on a slow
 * link. In IndexedDB (a worker has no localStorage); nothing typed is ever stored there. */
function kept(sha) {
  return new Promise((resolve) => {
    const open = indexedDB.open("checker-runtime")
    open.onupgradeneeded = () => open.result.createObjectStore("kept")
    open.onerror = () => resolve("")
    open.onsuccess = () => {
      const store = open.result.transaction("kept", sha === undefined ? "readonly" : "readwrite").objectStore("kept")
      const request = sha === undefined ? store.get("snapshot") : store.put(sha, "snapshot")
      request.onsuccess = () => resolve(sha ?? request.result ?? "")
      request.onerror = () => resolve("")
      open.result.close() // once the request is done
    }
  }).catch(() => "") // no IndexedDB (some private modes): every visit is a first one
}

// Whether the snapshot would arrive within SNAPSHOT_BUDGET_MS at the speed the wasm's
// first bytes come (measured before the snapshot is asked for: a slow link spends nothing
// on it). Fast is told as soon as a little has come fast; slow only after JUDGE_AFTER_MS.
async function fastLink(downloads, wasm, name) {
  await wasm.response
  const fast = () => {
    const arrived = downloads.fraction(wasm) * downloads.wire(wasm)
    return downloads.wire({ name }) <= (arrived / Math.max(performance.now() - wasm.started, 1)) * SNAPSHOT_BUDGET_MS
  }
  return new Promise((resolve) => {
    wasm.onChunk = () => {
      if (wasm.done || (downloads.fraction(wasm) * downloads.wire(wasm) >= 128 * 1024 && fast())) resolve(fast())
    }
    setTimeout(() => resolve(fast()), wasm.started + JUDGE_AFTER_MS - performance.now())
    wasm.onChunk()
  })
}

// Dropped, and no longer using the link, when at its own speed so far (other files
// may come from the cache) the rest would take longer than SNAPSHOT_BUDGET_MS to
// arrive. Once half of it is in, it is kept.
async function fetchUnlessSlow(downloads, entry) {
  const abort = new AbortController()
  const file = downloads.get(entry.file_name, { counted: false, own: true, signal: abort.signal })
  const slow = new Promise((_, reject) => {
    file.onChunk = () => {
      const now = performance.now()
      const fraction = downloads.fraction(file)
      if (fraction >= 0.5 || now - file.started < JUDGE_AFTER_MS) return
      if (((now - file.started) * (1 - fraction)) / Math.max(fraction, 1e-6) > SNAPSHOT_BUDGET_MS) {
        reject(new BootError("network"))
      }
    }
  })
  try {
    await Promise.race([file.complete, slow])
  } catch (error) {
    abort.abort()
    throw error
  }
  return file
}

// The sparse snapshot's first bytes and the version of its layout this reader knows (sitebuild/snapshot.py:
// MAGIC, FORMAT). Another file (a host's error page, a build's of another layout) is refused before its hash.
const SNAPSHOT_MAGIC = "CKSP"
const SNAPSHOT_FORMAT = 1

function isSparseSnapshot(data) {
  return (
    data.length >= 16 &&
    String.fromCharCode(...data.subarray(0, 4)) === SNAPSHOT_MAGIC &&
    new DataView(data.buffer, data.byteOffset + 4, 4).getUint32(0, true) === SNAPSHOT_FORMAT
  )
}

// The build serves the snapshot without its zero pages (sitebuild/snapshot.py: sparse): put them back.
function withZeroPages(sparse) {
  const word = (i) => new DataView(sparse.buffer, sparse.byteOffset + 4 * i, 4).getUint32(0, true)
  // Words 0 and 1 are the magic and the format, checked on arrival.
  const memory = new Uint8Array(word(2))
  let at = 4 * (4 + 2 * word(3))
  for (let run = 0; run < word(3); run++) {
    const [offset, length] = [word(4 + 2 * run), word(5 + 2 * run)]
    memory.set(sparse.subarray(at, at + length), offset) // throws (and falls back) if it does not fit
    at += length
  }
  return memory
}

/* ---- Boot ---- */

export async function boot({ onProgress = () => {} } = {}) {
  const started = performance.now()
  onProgress(0, 0)
  const downloads = new Downloads(onProgress)
  // What both ways need, at once (Pyodide's loader too: a static import would
  // have delayed all of it by a round trip); the lock file names the rest.
  const needed = [downloads.get("pyodide.asm.wasm"), downloads.get("python_stdlib.zip")]
  // Pyodide waits forever for a wasm that failed to arrive: such a failure ends the boot here.
  const broken = Promise.all(needed.map((file) => file.complete)).then(
    () => new Promise(quiet),
    (error) => {
      throw new BootError("network", error)
    },
  )
  broken.catch(quiet)
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

  const strategies = []
  if (snapshot) {
    const memory = snapshotMemory(downloads, snapshot, needed[0])
    memory.catch(quiet) // a rejection is the plain boot's cue, not an unhandled error
    // Pyodide starts once the snapshot is in: had it taken the wasm's response
    // first, a snapshot dropped would leave the plain boot to fetch it again.
    strategies.push(["snapshot", async () => loadPyodide({ ...options, _loadSnapshot: await memory })])
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
      return pyodide
    },
  ])

  let lastError
  for (const [strategy, start] of strategies) {
    try {
      const pyodide = await Promise.race([start(), broken])
      const pageReport = pyodide.runPython("from validator import page_report\npage_report")
      let afterFirstAnswer = strategy === "plain" && snapshot ? () => keepForNextVisit(snapshot) : null
      const check = (values) => {
        const answered = answer(pyodide, pageReport, values)
        if (afterFirstAnswer) setTimeout(afterFirstAnswer, NEXT_VISIT_AFTER_MS)
        afterFirstAnswer = null
        return answered
      }
      return { check, strategy, bootMs: performance.now() - started }
    } catch (error) {
      lastError = error
    }
  }
  throw lastError instanceof BootError ? lastError : new BootError("startup", lastError)
}

/* The snapshot dropped for a slow link, fetched once the checker answers, into
 * the HTTP cache (hosts keep it for a year: its name changes with its
 * content): the next visit boots from it. Not when the merchant asked the
 * browser to save data. */
async function keepForNextVisit(entry) {
  if (navigator.connection?.saveData) return
  try {
    const response = await fetch(url(entry.file_name), { priority: "low" })
    const reader = response.body.getReader()
    while (!(await reader.read()).done);
    if (response.ok) kept(entry.sha256)
  } catch {
    // Only the next visit is slower.
  }
}

async function sha256(bytes) {
  return [...new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))]
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("")
}

/* validator.page_report(values, SITE_ROOT). A field not touched yet (null) goes as undefined: None to Python.
 * @param {import("./checker-contract.js").Values} values */
function answer(pyodide, pageReport, values) {
  const fields = pyodide.toPy(
    Object.fromEntries(Object.entries(values).map(([name, value]) => [name, value ?? undefined])),
  )
  try {
    const proxy = pageReport(fields, SITE_ROOT)
    try {
      const [json, text, page] = proxy.toJs()
      return { json, text, page }
    } finally {
      proxy.destroy()
    }
  } finally {
    fields.destroy()
  }
}
