// Fetching the runtime's files: each once, its bytes counted as they arrive, for the
// progress the page shows (and its stall). Pyodide is handed the responses already under
// way. The snapshot's policy is checker-snapshot.js; the boot, checker-boot.js.
import { BootError } from "./checker-contract.js"

/** Where the build staged the runtime (sitebuild/runtime/staging.py). */
export const RUNTIME = new URL("../runtime/", import.meta.url)
// Progress is reported at most this often (and always when a file completes).
const PROGRESS_MS = 100

/** A runtime file's URL. @param {string} name */
export const url = (name) => new URL(name, RUNTIME).href

/** Does nothing: for a rejection someone else reports, and for Pyodide's output (it says nothing
 * the merchant needs, and the console must never be a place where a value could appear). */
export const quiet = () => {}

/** Every runtime file the boot fetches, each fetched once, its bytes counted as they arrive.
 * onProgress(loaded, total): bytes on the wire so far and expected (total 0: unknown). */
export class Downloads {
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

  /** Starts fetching `name`. Its body is counted on a clone as its consumer
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
    // Settles when the whole body is in (or the fetch or its body fails: the network's failure, offline
    // with no copy kept as on a broken link, never the browser's).
    file.complete = file.response
      .then(() => file.bytes)
      .catch((error) => {
        throw error instanceof BootError ? error : new BootError("network", error)
      })
    file.complete.catch(quiet) // reported by whoever awaits it
    return file
  }

  // For a file read here, the body is also kept, to be returned whole.
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

  /** A file that arrives in one piece (an ES module import, not a fetch). */
  arrived(name) {
    this.files.set(url(name), { name, counted: true, loaded: this.raw(name), wire: 0, done: true, taken: true })
    this.report(true)
  }

  raw(name) {
    return this.sizes[name]?.raw || 0
  }

  /** How far `file` is, from 0 to 1 (its decoded bytes against the build's size). */
  fraction(file) {
    return file.done ? 1 : Math.min(1, file.loaded / (this.raw(file.name) || Number.POSITIVE_INFINITY))
  }

  /** Its bytes on the wire: what the host said it sends, else the build's Brotli size. */
  wire(file) {
    const size = this.sizes[file.name] || {}
    return file.wire || size.br || size.gz || size.raw || 0
  }

  /** Tells onProgress, at most every PROGRESS_MS unless `force` (a file completed). */
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

/** The sha256 of `bytes`, as lowercase hex (the lock file's form). */
export async function sha256(bytes) {
  return [...new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))]
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("")
}

/** Compiles the wasm from `file`'s response as it arrives, from the start: Pyodide asks for it only once its
 * loader is parsed, and WebKit parses that loader slowly. Pyodide's instantiateStreaming of that response (or,
 * after a failed first try, of the same file fetched again) gets this module, and reads nothing more.
 * @param {{ name: string, response: Promise<Response> }} file the wasm, from Downloads.get */
export function compileAhead(file) {
  if (typeof WebAssembly.compileStreaming !== "function") return
  const compiled = file.response.then((response) => WebAssembly.compileStreaming(response))
  compiled.catch(quiet) // reported by Pyodide's instantiateStreaming, as before
  const instantiateStreaming = WebAssembly.instantiateStreaming
  WebAssembly.instantiateStreaming = async (source, imports) => {
    const response = await source
    if (response.url !== url(file.name)) return instantiateStreaming.call(WebAssembly, response, imports)
    if (response !== (await file.response)) response.body?.cancel().catch(quiet)
    const module = await compiled
    return { module, instance: await WebAssembly.instantiate(module, imports) }
  }
}
