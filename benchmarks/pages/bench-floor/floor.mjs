// The floor: the site's own runtime files (../assets/runtime/: the cut standard library, the
// wheel; no snapshot) with loadPyodide() on the main thread and nothing else, then one check
// of ?site_id=. The wheel is unzipped as the worker does (Pyodide's installer needs more of the
// standard library than the site ships). The answer goes into #verdict (data-done, data-at).
import { loadPyodide } from "../assets/runtime/pyodide.mjs"

const verdict = document.getElementById("verdict")
try {
  const runtime = new URL("../assets/runtime/", import.meta.url).href
  const lock = await (await fetch(`${runtime}pyodide-lock.json`)).json()
  const wheel = fetch(runtime + lock.packages.validator.file_name).then((response) => response.arrayBuffer())
  const pyodide = await loadPyodide({ indexURL: runtime, lockFileContents: lock, packageBaseUrl: runtime })
  pyodide.FS.writeFile("/tmp/checker.whl", new Uint8Array(await wheel))
  pyodide.globals.set("site_id", new URLSearchParams(location.search).get("site_id"))
  verdict.textContent = pyodide.runPython(
    "import json, sys, zipfile\n" +
      "zipfile.ZipFile('/tmp/checker.whl').extractall(next(p for p in sys.path if p.endswith('site-packages')))\n" +
      "import validator\njson.dumps(validator.check(site_id=site_id).to_dict())",
  )
} catch (error) {
  verdict.dataset.error = "1"
  verdict.textContent = String(error).slice(-300)
}
verdict.dataset.at = String(performance.now())
verdict.dataset.done = "1"
