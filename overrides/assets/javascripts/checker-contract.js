// What the page, the checker's worker, Python and the build agree on, written once: the
// fields, the failure kinds, the messages between page and worker, and the snapshot's
// header. Python's side is validator.catalogue (fields, labels), validator.page_report (the
// answer) and sitebuild/runtime/snapshot.py (the header); tests/validator/test_contract.py holds
// them together.

/** @typedef {"api_key" | "account_id" | "site_id"} FieldName */

/** The checker's fields, in the page's order. @type {readonly FieldName[]} */
export const FIELDS = Object.freeze(["api_key", "account_id", "site_id"])

/** What the page calls each field (its label): validator.catalogue.FIELD_LABELS. @type {Readonly<Record<FieldName, string>>} */
export const FIELD_LABELS = Object.freeze({ api_key: "API Key", account_id: "Account ID", site_id: "Site ID" })

/** @typedef {"network" | "integrity" | "unsupported" | "startup"} BootFailure */
/** @typedef {BootFailure | "check"} Failure */

/** Why the runtime could not start. The page is told a kind, never an
 * exception's text: that may quote a value. @type {readonly BootFailure[]} */
export const BOOT_FAILURES = Object.freeze(["network", "integrity", "unsupported", "startup"])

/** Every failure the page may show: a boot failure, or a running checker that stopped. @type {readonly Failure[]} */
export const FAILURES = Object.freeze([...BOOT_FAILURES, "check"])

/** A failure to boot, told by its kind (BOOT_FAILURES; anything else is "startup"). */
export class BootError extends Error {
  /** @param {BootFailure} kind  @param {unknown} [cause] */
  constructor(kind, cause) {
    super(kind)
    this.kind = BOOT_FAILURES.includes(kind) ? kind : "startup"
    this.cause = cause
  }
}

/** The sparse snapshot's first bytes, then the version of its layout (a little-endian u32) the
 * worker reads: sitebuild/runtime/snapshot.py's MAGIC and FORMAT. */
export const SNAPSHOT_MAGIC = "CKSP"
/** @see SNAPSHOT_MAGIC */
export const SNAPSHOT_FORMAT = 1

/** The Cache Storage cache where the checker's worker keeps the expanded snapshot for return visits
 * (checker-snapshot.js). Its own: a service worker's caches have other names, and leave it alone. */
export const EXPANDED_SNAPSHOT_CACHE = "checker-expanded-snapshot"

/** @typedef {Partial<Record<FieldName, string | null>>} Values  null: a field not touched yet */

// Page → worker

/** @typedef {{type: "check", seq: number, values: Values}} CheckRequest */

// Worker → page

/** Bytes of the runtime so far, and expected (0: unknown).
 * @typedef {{type: "progress", loaded: number, total: number}} Progress */
/** How the checker booted; with the snapshot, whether it was the expanded one kept from an earlier
 * visit (Cache Storage) or the served file (from the network or the HTTP cache).
 * @typedef {{type: "ready", bootMs: number, strategy: "snapshot" | "plain", snapshot?: "expanded" | "served"}} Ready */
/** The answer to the CheckRequest of the same seq: the report as validator.page_report gives it.
 * @typedef {{type: "result", seq: number, report: object, text: string, page: string}} Result */
/** @typedef {{type: "error", stage: "boot" | "check", kind: Failure}} Failed */
/** @typedef {Progress | Ready | Result | Failed} WorkerMessage */
