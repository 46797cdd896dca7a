// The snapshot policy: whether the boot asks for Pyodide's memory as the build left it
// (the checker imported: almost no start-up work, but 3.4 MB more to download), and
// whether what arrived may be used. It is asked for when an earlier visit had it whole
// (then it is in the HTTP cache), or when the wasm's first bytes show a link fast enough
// for it; either way it is dropped at once if it arrives too slowly after all (an
// evicted one, a link slowed). Then the boot goes plain, and the snapshot is fetched
// after the first answer, for the next visit. What arrived is used only with the
// build's header (magic and format) and the sha256 the lock file gives.
// Once a snapshot was checked, it is also kept expanded (zero pages back, no Brotli) in
// Cache Storage, under its sha256: a return visit boots from that, with no request for
// the snapshot and nothing to decode or hash, only the header checked again.
import { BootError, EXPANDED_SNAPSHOT_CACHE, SNAPSHOT_FORMAT, SNAPSHOT_MAGIC } from "./checker-contract.js"
import { quiet, RUNTIME, sha256, url } from "./checker-downloads.js"

// The snapshot saves one to a few seconds of start-up: worth it only when the rest
// of it is no longer than this to arrive (at its speed so far), i.e. on a fast link.
const SNAPSHOT_BUDGET_MS = 2500
// How long a file must have been arriving before its speed is judged.
const JUDGE_AFTER_MS = 300
// The snapshot dropped for a slow link is fetched this long after the first answer.
const NEXT_VISIT_AFTER_MS = 2000

/** Resolves to {memory, from, keep}: the snapshot's memory (header checked; sha256 too when served),
 * from "expanded" (kept by an earlier visit) or "served" (the build's file); keep(), called once Python
 * has booted from it, keeps a served one expanded for the next visit, a little later. Rejects when it is unusable, or the
 * link too slow for it (unless `patient`: then it is waited for, whatever the link).
 * @param {import("./checker-downloads.js").Downloads} downloads
 * @param {{file_name: string, sha256: string}} entry the lock file's `checker.snapshot`
 * @param {object} wasm the wasm's download, whose first bytes tell the link's speed
 * @param {{patient?: boolean}} [options] */
export async function snapshotMemory(downloads, entry, wasm, { patient = false } = {}) {
  const expanded = await keptExpanded(entry)
  if (expanded) return { memory: expanded, from: "expanded", keep: quiet }
  if (!patient && (await kept()) !== entry.sha256 && !(await fastLink(downloads, wasm, entry.file_name))) {
    throw new BootError("network")
  }
  const file = patient
    ? downloads.get(entry.file_name, { counted: false, own: true })
    : await fetchUnlessSlow(downloads, entry)
  const data = await file.complete
  if (!isSparseSnapshot(data) || (await sha256(data)) !== entry.sha256) {
    kept("")
    throw new BootError("integrity")
  }
  kept(entry.sha256)
  file.counted = true
  downloads.report(true)
  const memory = withZeroPages(data)
  return { memory, from: "served", keep: () => setTimeout(() => keepExpanded(entry, memory), NEXT_VISIT_AFTER_MS) }
}

/** The snapshot dropped for a slow link, fetched a little after the checker's first answer,
 * into the HTTP cache (hosts keep it for a year: its name changes with its content) and, once
 * checked, kept expanded: the next visit boots from it. Not when the merchant asked the browser
 * to save data. */
export function keepForNextVisit(entry) {
  setTimeout(async () => {
    if (navigator.connection?.saveData) return
    try {
      const response = await fetch(url(entry.file_name), { priority: "low" })
      const data = new Uint8Array(await response.arrayBuffer())
      if (!response.ok || !isSparseSnapshot(data) || (await sha256(data)) !== entry.sha256) return
      kept(entry.sha256)
      await keepExpanded(entry, withZeroPages(data))
    } catch {
      // Only the next visit is slower.
    }
  }, NEXT_VISIT_AFTER_MS)
}

// The expanded snapshot's key: the sha256 of the served file it came from, so another build's
// is never taken for this one's. A path nothing is served at (nor fetched from).
const expandedKey = (entry) => new URL(`expanded-snapshot/${entry.sha256}`, RUNTIME).href
// Kept in the build's own layout with all of memory as one run: the header is checked as the
// served file's is, and the memory is used where it lies, with no copy.
const EXPANDED_HEADER = 24

// The expanded snapshot an earlier visit kept for this build, or null (none, another build's,
// not in the expected layout, or no Cache Storage here: opaque origins, some private modes).
// Other builds' entries are deleted.
async function keptExpanded(entry) {
  try {
    const cache = await caches.open(EXPANDED_SNAPSHOT_CACHE)
    const key = expandedKey(entry)
    for (const request of await cache.keys()) {
      if (request.url !== key) cache.delete(request).catch(quiet)
    }
    const response = await cache.match(key)
    if (!response) return null
    const data = new Uint8Array(await response.arrayBuffer())
    if (isSparseSnapshot(data) && isWhole(data)) return data.subarray(EXPANDED_HEADER)
    cache.delete(key).catch(quiet)
    return null
  } catch {
    return null
  }
}

// Keeps `memory` (a checked snapshot, expanded) for the next visit; nothing else is ever put in
// this cache, and nothing typed is in it: the memory is the build's, as served.
async function keepExpanded(entry, memory) {
  try {
    const header = new Uint8Array(EXPANDED_HEADER)
    header.set([...SNAPSHOT_MAGIC].map((c) => c.charCodeAt(0)))
    const words = new DataView(header.buffer)
    for (const [i, word] of [SNAPSHOT_FORMAT, memory.length, 1, 0, memory.length].entries()) {
      words.setUint32(4 * (i + 1), word, true)
    }
    const body = new Blob([header, memory], { type: "application/octet-stream" })
    const cache = await caches.open(EXPANDED_SNAPSHOT_CACHE)
    await cache.put(expandedKey(entry), new Response(body))
  } catch {
    // No Cache Storage, or no room (quota): the next visit boots from the served file.
  }
}

// One run holding all of memory from offset 0: the layout keepExpanded writes.
function isWhole(data) {
  if (data.length < EXPANDED_HEADER) return false
  const words = new DataView(data.buffer, data.byteOffset, EXPANDED_HEADER)
  const size = words.getUint32(8, true)
  return (
    words.getUint32(12, true) === 1 &&
    words.getUint32(16, true) === 0 &&
    words.getUint32(20, true) === size &&
    data.length === EXPANDED_HEADER + size
  )
}

// The sha256 of the snapshot that last arrived whole in this browser: it is in the HTTP
// cache (hosts keep it a year), unless evicted since. With `sha`, remembers that one.
// No engine can ask its HTTP cache without a request (WebKit ignores `cache:
// "only-if-cached"` and downloads), so a first visit would pay for the snapshot on a slow
// link.
const kept = (sha) => remembered("snapshot", sha)

/** What the runtime remembers across visits under `name` ("" if nothing); with `value`,
 * remembers that. In IndexedDB (a worker has no localStorage). Only the runtime's own
 * facts, as sha256s of the build's files: nothing typed is ever stored there.
 * @param {"snapshot" | "warmed"} name
 * @param {string} [value] */
export function remembered(name, value) {
  return new Promise((resolve) => {
    const open = indexedDB.open("checker-runtime")
    open.onupgradeneeded = () => open.result.createObjectStore("kept")
    open.onerror = () => resolve("")
    open.onsuccess = () => {
      const store = open.result.transaction("kept", value === undefined ? "readonly" : "readwrite").objectStore("kept")
      const request = value === undefined ? store.get(name) : store.put(value, name)
      request.onsuccess = () => resolve(value ?? request.result ?? "")
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

// Another file than the build's sparse snapshot (a host's error page, a build's of another
// layout) is refused before its hash.
function isSparseSnapshot(data) {
  return (
    data.length >= 16 &&
    String.fromCharCode(...data.subarray(0, 4)) === SNAPSHOT_MAGIC &&
    new DataView(data.buffer, data.byteOffset + 4, 4).getUint32(0, true) === SNAPSHOT_FORMAT
  )
}

// The build serves the snapshot without its zero pages (sitebuild/runtime/snapshot.py: sparse): put them back.
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
