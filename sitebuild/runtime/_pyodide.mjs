// What the build's Node scripts (stdlib_cut.mjs, snapshot.mjs) share: Pyodide booted
// from the staged runtime folder with the checker's wheel installed as the page's worker
// installs it (checker-install.js), the wheel as the site's lock file lists it.
import { createHash } from "node:crypto"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { withChecker } from "../../overrides/assets/javascripts/checker-install.js"

/** Pyodide from RUNTIME (the staged folder: pyodide.mjs, the wasm, the site's lock file), the checker's
 * wheel installed before Python starts, as the page's worker does it (checker-install.js). */
export async function boot(runtime, options = {}) {
  const { loadPyodide } = await import(pathToFileURL(join(runtime, "pyodide.mjs")).href)
  return loadPyodide({
    indexURL: `${runtime}/`,
    lockFileURL: join(runtime, "pyodide-lock.json"),
    packageBaseUrl: `${runtime}/`,
    stdout: () => {},
    stderr: () => {},
    ...withChecker(lockedWheel(runtime)),
    ...options,
  })
}

/** The wheel the lock file names, refused unless its sha256 is the locked one. */
export function lockedWheel(runtime, name = "validator") {
  const entry = JSON.parse(readFileSync(join(runtime, "pyodide-lock.json"), "utf8")).packages[name]
  const wheel = readFileSync(join(runtime, entry.file_name))
  const digest = createHash("sha256").update(wheel).digest("hex")
  if (digest !== entry.sha256) throw new Error(`${entry.file_name}: sha256 ${digest} is not the locked ${entry.sha256}`)
  return new Uint8Array(wheel)
}

// Every module of the checker but its command line, then the call the page's
// worker makes (validator.page_report) on each input, so that what it imports
// lazily is imported too. INPUTS: JSON, a list of {api_key, account_id, site_id}.
// It leaves no name behind in __main__.
export function runChecker(pyodide, inputs) {
  pyodide.globals.set("INPUTS", inputs)
  pyodide.runPython(`
def _run_checker(inputs):
    import importlib, json, validator, zipfile
    wheel, package = validator.__path__[0].rsplit("/", 1)  # the wheel itself is on sys.path
    modules = {name[len(package) + 1:].split(".")[0] for name in zipfile.ZipFile(wheel).namelist()
               if name.startswith(package + "/") and name.endswith((".py", ".pyc"))}
    for name in sorted(modules - {"__init__", "__main__", "_cli"}):
        importlib.import_module("validator." + name)
    for values in json.loads(inputs):
        validator.page_report(values, "https://example.com/")
        validator.check(**values).to_dict()
_run_checker(INPUTS)
del _run_checker, INPUTS
`)
}

/** Runs a script's main(), printing a short error (not a page of minified source) on failure. */
export async function run(name, main) {
  try {
    await main()
  } catch (error) {
    console.error(`${name}: ${String(error).split("\n").slice(-4).join("\n")}`)
    process.exit(1)
  }
}
