// The yardstick: what MkDocs integrations of Pyodide do, on the same self-hosted Pyodide
// (../bench-pyodide/, the npm package as it is): loadPyodide() on the main thread, then
// the checker's wheel (named by the site's lock file), then one check of ?site_id=.
// The answer goes into #verdict, which gets data-done and data-at, its time (and data-error on failure).
import { loadPyodide } from "../bench-pyodide/pyodide.mjs"

const verdict = document.getElementById("verdict")
try {
  const lock = fetch("../assets/runtime/pyodide-lock.json").then((response) => response.json())
  const pyodide = await loadPyodide({ indexURL: new URL("../bench-pyodide/", import.meta.url).href })
  await pyodide.loadPackage(
    new URL(`../assets/runtime/${(await lock).packages.validator.file_name}`, import.meta.url).href,
  )
  pyodide.globals.set("site_id", new URLSearchParams(location.search).get("site_id"))
  verdict.textContent = pyodide.runPython(
    "import json, validator\njson.dumps(validator.check(site_id=site_id).to_dict())",
  )
} catch (error) {
  verdict.dataset.error = "1"
  verdict.textContent = String(error).slice(-300)
}
verdict.dataset.at = String(performance.now())
verdict.dataset.done = "1"
