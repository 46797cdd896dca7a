"""Pages the benchmark writes into the served site: the baseline and the lever prototypes.

- ``bench-baseline/``: what existing MkDocs Pyodide integrations do, on the
  same self-hosted Pyodide: ``loadPyodide()`` on the main thread, then the
  checker's wheel, then one check; the verdict is shown in ``#verdict``.
- ``bench-worker/?boot=plain|snapshot``: a bare module worker that boots
  Pyodide plainly or from a memory snapshot (falling back to the plain boot),
  to measure those levers apart from the page's own code.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

BASELINE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Baseline: Pyodide on the main thread</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><h1>Baseline</h1><p id="verdict" aria-live="polite">Loading Python…</p>
<script type="module">
import { loadPyodide } from "%(pyodide)s";
const verdict = document.getElementById("verdict");
try {
  const pyodide = await loadPyodide({ indexURL: "%(index)s" });
  await pyodide.loadPackage("%(wheel)s");
  pyodide.globals.set("site_id", %(value)s);
  verdict.textContent = pyodide.runPython(
    "import json, validator\\njson.dumps(validator.check(site_id=site_id).to_dict())");
} catch (error) {
  verdict.dataset.error = "1";
  verdict.textContent = String(error).slice(-300);
}
verdict.dataset.done = "1";
</script></body></html>
"""

WORKER_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Worker prototype</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><h1>Worker prototype</h1><p id="verdict" aria-live="polite">Loading Python…</p>
<script type="module">
const verdict = document.getElementById("verdict");
const boot = new URLSearchParams(location.search).get("boot") || "plain";
const worker = new Worker("./worker.mjs", { type: "module" });
worker.onmessage = ({ data }) => {
  verdict.textContent = data.result || data.error;
  if (data.error) verdict.dataset.error = "1";
  verdict.dataset.boot = data.boot;
  verdict.dataset.done = "1";
};
worker.postMessage({ boot, site_id: %(value)s });
</script></body></html>
"""

WORKER = """import { loadPyodide } from "%(pyodide)s";
// Pyodide needs absolute URLs inside a worker.
const index = new URL("%(index)s", import.meta.url).href;
const options = { indexURL: index, lockFileURL: index + "pyodide-lock.json" };
async function boot(kind) {
  if (kind === "snapshot") {
    try {
      const snapshot = fetch(index + "%(snapshot)s").then((r) => {
        if (!r.ok) throw new Error(`snapshot: HTTP ${r.status}`);
        return r.arrayBuffer();
      });
      const pyodide = await loadPyodide({ ...options, _loadSnapshot: snapshot });
      pyodide.runPython("import validator");
      return [pyodide, "snapshot"];
    } catch (error) {
      console.warn("snapshot boot failed, plain boot:", String(error).slice(0, 200));
    }
  }
  const pyodide = await loadPyodide(options);
  await pyodide.loadPackage("validator");
  return [pyodide, "plain"];
}
let booted;
onmessage = async ({ data }) => {
  try {
    booted ??= boot(data.boot);
    const [pyodide, kind] = await booted;
    pyodide.globals.set("site_id", data.site_id);
    const result = pyodide.runPython(
      "import json, validator\\njson.dumps(validator.check(site_id=site_id).to_dict())");
    postMessage({ result, boot: kind });
  } catch (error) {
    postMessage({ error: String(error).slice(-300), boot: "failed" });
  }
};
"""


def _rel(target: Path, start: Path) -> str:
    return os.path.relpath(target, start).replace(os.sep, "/")


def write_pages(site: Path, pyodide_dir: Path, wheel: Path, value: str, snapshot_name: str) -> dict[str, str]:
    """Write the benchmark's own pages into ``site``; return their paths relative to the site root."""
    pages = {}
    for name, files in {
        "bench-baseline": {"index.html": BASELINE},
        "bench-worker": {"index.html": WORKER_PAGE, "worker.mjs": WORKER},
    }.items():
        folder = site / name
        folder.mkdir(exist_ok=True)
        index = _rel(pyodide_dir, folder) + "/"
        fields = {
            "pyodide": index + "pyodide.mjs",
            "index": index,
            "wheel": _rel(wheel, folder),
            "value": json.dumps(value),
            "snapshot": snapshot_name,
        }
        for file_name, template in files.items():
            (folder / file_name).write_text(template % fields, encoding="utf-8")
        pages[name] = name + "/"
    return pages
