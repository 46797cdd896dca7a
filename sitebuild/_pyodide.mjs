// What the build's Node scripts (stdlib_cut.mjs, snapshot.mjs) share: Pyodide booted
// from the staged runtime folder, and the checker's wheel as the site's lock file lists it.
import { createHash } from "node:crypto"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { pathToFileURL } from "node:url"

/** Pyodide from RUNTIME (the staged folder: pyodide.mjs, the wasm, the site's lock file). */
export async function boot(runtime, options = {}) {
  const { loadPyodide } = await import(pathToFileURL(join(runtime, "pyodide.mjs")).href)
  return loadPyodide({
    indexURL: `${runtime}/`,
    lockFileURL: join(runtime, "pyodide-lock.json"),
    packageBaseUrl: `${runtime}/`,
    stdout: () => {},
    stderr: () => {},
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

/** Installs the checker's wheel as the page's worker does (checker-boot.js): unzipped into site-packages. */
export function installWheel(pyodide, wheel) {
  pyodide.FS.writeFile("/tmp/checker.whl", wheel)
  pyodide.runPython(
    "import sys, zipfile\n" +
      "zipfile.ZipFile('/tmp/checker.whl').extractall(next(p for p in sys.path if p.endswith('site-packages')))",
  )
}

// Every module of the checker but its command line, then the call the page's
// worker makes (validator.page_report) on each input, so that what it imports
// lazily is imported too. INPUTS: JSON, a list of {api_key, account_id, site_id}.
// It leaves no name behind in __main__.
export function runChecker(pyodide, inputs) {
  pyodide.globals.set("INPUTS", inputs)
  pyodide.runPython(`
def _run_checker(inputs):
    import importlib, json, os, validator
    for name in sorted(os.listdir(validator.__path__[0])):
        if name.endswith(".py") and name not in ("__init__.py", "__main__.py", "_cli.py"):
            importlib.import_module("validator." + name[:-3])
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
