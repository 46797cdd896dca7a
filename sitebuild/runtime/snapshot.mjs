// A Pyodide memory snapshot with the checker imported and run once.
//   node snapshot.mjs RUNTIME INPUTS.json OUT
// RUNTIME is the staged folder: the python_stdlib.zip it holds is the one the
// site serves (the snapshot refers to it), and its lock file names the wheel.
import { readFileSync, writeFileSync } from "node:fs"
import { boot, run, runChecker } from "./_pyodide.mjs"

const [runtime, inputs, out] = process.argv.slice(2)

await run("snapshot", async () => {
  // The wheel installed by boot() as the worker does, not by loadPackage(), which leaves
  // JavaScript objects Python refers to (a snapshot then fails: "Unexpected hiwire entry").
  const pyodide = await boot(runtime, { _makeSnapshot: true })
  // Python's heap is in the snapshot but the file system is not: every module
  // the checker needs is imported now.
  runChecker(pyodide, readFileSync(inputs, "utf8"))
  pyodide.runPython("import gc; gc.collect()")
  writeFileSync(out, pyodide.makeMemorySnapshot())
})
