// Installs the staged checker wheel in real Pyodide under Node through the staged
// lock file (Pyodide's loadPackage, which checks its sha256): the lock file the
// build writes is one Pyodide reads. Booted from Pyodide's whole standard
// library: its package loader imports modules the site's cut one leaves out
// (the site's worker puts the wheel itself on sys.path: checker-install.js).
//   node wheel_in_pyodide.mjs RUNTIME_DIR
// Prints one JSON line: {"files": [...installed validator files], "report": to_dict()}
// or {"error": "..."} when Pyodide refuses the wheel.
import { dirname, join, resolve } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..")
const runtime = resolve(process.argv[2])
const { loadPyodide } = await import(pathToFileURL(join(runtime, "pyodide.mjs")).href)
const pyodide = await loadPyodide({
  indexURL: `${runtime}/`,
  lockFileURL: join(runtime, "pyodide-lock.json"),
  packageBaseUrl: `${runtime}/`,
  stdLibURL: join(root, "node_modules", "pyodide", "python_stdlib.zip"),
  stdout: () => {},
  stderr: () => {},
})
const errors = []
await pyodide.loadPackage("validator", { messageCallback: () => {}, errorCallback: (m) => errors.push(m) })
try {
  const out = pyodide.runPython(`
import json, pathlib, validator
files = sorted(p.name for p in pathlib.Path(validator.__file__).parent.glob("*"))
json.dumps({"files": files, "where": validator.__file__,
            "report": validator.check(site_id="https://manage.wix.com/dashboard/470e53b2-781a-5d10-89d6-531aa85c9488/home").to_dict()})
`)
  console.log(out)
} catch (error) {
  console.log(JSON.stringify({ error: String(error).split("\n").slice(-2).join(" "), messages: errors }))
}
