// Runs the checker inside real Pyodide (node_modules/pyodide) under Node, in one boot.
//   node pyodide_runner.mjs check INPUT.json OUTPUT.json [N] [--stdlib ZIP] [--validator DIR] [--docs-url URL]
//     check -> per input, what the page's worker gets: validator.page_report(values, URL) as
//     [json, text, page]; bench -> per-input times (ms) of N checks
// INPUT.json is a list of {api_key, account_id, site_id}. The validator/ sources (or DIR's)
// are copied into Pyodide's file system exactly as they are. --stdlib boots from that
// standard library zip instead of Pyodide's whole one: the site ships a cut one.
import { readdirSync, readFileSync, writeFileSync } from "node:fs"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { parseArgs } from "node:util"

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..")
const { values: options, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    stdlib: { type: "string" },
    validator: { type: "string", default: join(root, "validator") },
    "docs-url": { type: "string", default: "" },
  },
})
const [mode, inputPath, outputPath, iterations = "200"] = positionals
const pyodideDir = join(root, "node_modules", "pyodide")
const { loadPyodide } = await import(pathToFileURL(join(pyodideDir, "pyodide.mjs")).href)

const bootStarted = performance.now()
const pyodide = await loadPyodide({
  indexURL: `${pyodideDir}/`,
  ...(options.stdlib ? { stdLibURL: resolve(options.stdlib) } : {}),
  stdout: () => {},
  stderr: (s) => process.stderr.write(`${s}\n`),
})
const bootMs = performance.now() - bootStarted

pyodide.FS.mkdirTree("/checker/validator")
for (const name of readdirSync(options.validator)) {
  if (name.endsWith(".py")) {
    pyodide.FS.writeFile(`/checker/validator/${name}`, readFileSync(join(options.validator, name), "utf8"))
  }
}
pyodide.globals.set("INPUTS", readFileSync(inputPath, "utf8"))
pyodide.globals.set("MODE", mode)
pyodide.globals.set("DOCS_URL", options["docs-url"])
pyodide.globals.set("ITERATIONS", Number(iterations))

let result
try {
  result = pyodide.runPython(`
import json, sys
sys.path.insert(0, "/checker")
from js import performance
from validator import check, page_report

inputs = json.loads(INPUTS)
if MODE == "check":
    out = {"results": [page_report(v, DOCS_URL) for v in inputs]}
else:
    times = []
    for v in inputs:
        check(**v)  # warm up
        samples = []
        for _ in range(ITERATIONS):
            t0 = performance.now()
            check(**v)
            samples.append(performance.now() - t0)
        times.append(samples)
    out = {"times_ms": times}
out["python"] = sys.version.split()[0]
json.dumps(out)
`)
} catch (error) {
  // Python's traceback, not a page of Pyodide's minified source.
  console.error(String(error))
  process.exit(1)
}
const parsed = JSON.parse(result)
parsed.boot_ms = bootMs
parsed.pyodide = pyodide.version
writeFileSync(outputPath, JSON.stringify(parsed))
