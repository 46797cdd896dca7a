// The standard library cut to what the checker uses, traced in real Pyodide, and the checker compiled.
//   node stdlib_cut.mjs RUNTIME FULL_STDLIB INPUTS.json OUT.zip
// Booted from Pyodide's whole python_stdlib.zip, it replays the page's plain boot:
// the wheel installed as the worker installs it, then the checker run on each input. Every module then loaded from
// that zip, and every module of the checker's wheel (validator/…), is written to OUT.zip, compiled (sourceless .pyc,
// docstrings and column tables left out: smaller and nothing to compile in the browser) and stored uncompressed, so
// Brotli compresses across modules. Same inputs, same bytes.
import { readFileSync, writeFileSync } from "node:fs"
import { boot, run, runChecker } from "./_pyodide.mjs"

const [runtime, fullStdlib, inputs, out] = process.argv.slice(2)

const CUT = `
import importlib.util, io, marshal, sys, zipfile
zip_path = f"/lib/python{sys.version_info[0]}{sys.version_info[1]}.zip"
prefix = zip_path + "/"
used = sorted({
    spec.origin[len(prefix):]
    for spec in (getattr(module, "__spec__", None) for module in list(sys.modules.values()))
    if spec is not None and (spec.origin or "").startswith(prefix)
})
import validator
wheel_path = validator.__path__[0].rsplit("/", 1)[0]  # the wheel itself is on sys.path
wheel = zipfile.ZipFile(wheel_path)
sources = [(zipfile.ZipFile(zip_path), prefix, name) for name in used]
sources += [(wheel, wheel_path + "/", name) for name in sorted(wheel.namelist())
            if name.startswith("validator/") and name.endswith(".py")]
buffer = io.BytesIO()
with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as cut:
    for source, where, name in sources:
        code = compile(source.read(name), where + name, "exec", optimize=2, dont_inherit=True)
        # A timestamp .pyc with no source beside it: zipimport checks nothing but the magic number.
        pyc = importlib.util.MAGIC_NUMBER + bytes(12) + marshal.dumps(code)
        info = zipfile.ZipInfo(name + "c", date_time=(1980, 1, 1, 0, 0, 0))
        info.create_system = 3
        info.external_attr = 0o100644 << 16
        cut.writestr(info, pyc)
buffer.getvalue()
`

await run("stdlib_cut", async () => {
  // No column tables in the compiled code (PYTHONNODEBUGRANGES): tracebacks keep their line numbers.
  const pyodide = await boot(runtime, { stdLibURL: fullStdlib, env: { PYTHONNODEBUGRANGES: "1" } })
  runChecker(pyodide, readFileSync(inputs, "utf8"))
  writeFileSync(out, pyodide.runPython(CUT).toJs())
})
