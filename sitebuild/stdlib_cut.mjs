// The standard library cut to what the checker uses, traced in real Pyodide, and the checker compiled.
//   node stdlib_cut.mjs RUNTIME FULL_STDLIB INPUTS.json OUT.zip
// Booted from Pyodide's whole python_stdlib.zip, it replays the page's plain boot:
// the wheel installed as the worker installs it, then the checker run on each input. Every module then loaded from
// that zip, and every module of the checker's wheel (validator/…), is written to OUT.zip, compiled (sourceless .pyc,
// docstrings and column tables left out: smaller and nothing to compile in the browser) and stored uncompressed, so
// Brotli compresses across modules. Same inputs, same bytes.
// Every class @dataclass made in that run (Pyodide's start-up makes some, the checker more) is made again in the
// browser, and dataclasses builds its methods by compiling source (exec), which WebKit's wasm runs several times
// slower than the other engines: the shipped dataclasses module holds those methods compiled, by their source, and
// exec's any other source as before (DATACLASSES_PRECOMPILED).
import { readFileSync, writeFileSync } from "node:fs"
import { withChecker } from "../overrides/assets/javascripts/checker-install.js"
import { boot, lockedWheel, run, runChecker } from "./_pyodide.mjs"

const [runtime, fullStdlib, inputs, out] = process.argv.slice(2)

// Installed from site-packages (a .pth file) before anything imports dataclasses: records each source
// dataclasses exec's (it looks exec up among its own globals first).
const RECORD_DATACLASSES = `
import _frozen_importlib as bootstrap, builtins, sys

sources = sys._dataclass_sources = []


def record(source, globals=None, locals=None, /):
    sources.append(source)
    return builtins.exec(source, globals, locals)


def load(spec, load=bootstrap._load_unlocked):
    module = load(spec)
    if spec.name == "dataclasses":
        module.exec = record
    return module


bootstrap._load_unlocked = load
`

// Appended to the shipped dataclasses module; {PRECOMPILED} is {source: marshalled code}.
const DATACLASSES_PRECOMPILED = `

# Added by the site's build: the code of the methods it saw made, compiled from the same source.
_PRECOMPILED = {PRECOMPILED}


def exec(source, globals=None, locals=None, /, *, _exec=exec, _loads=__import__("marshal").loads):
    code = _PRECOMPILED.get(source) if isinstance(source, str) else None
    return _exec(source if code is None else _loads(code), globals, locals)
`

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
precompiled = {text: marshal.dumps(compile(text, "<string>", "exec", dont_inherit=True))
               for text in sys._dataclass_sources}
buffer = io.BytesIO()
with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as cut:
    for source, where, name in sources:
        text = source.read(name)
        if name == "dataclasses.py":
            text += DATACLASSES_PRECOMPILED.replace("{PRECOMPILED}", repr(precompiled)).encode()
        code = compile(text, where + name, "exec", optimize=2, dont_inherit=True)
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
  const { fsInit } = withChecker(lockedWheel(runtime))
  const pyodide = await boot(runtime, {
    stdLibURL: fullStdlib,
    env: { PYTHONNODEBUGRANGES: "1" },
    fsInit: async (FS, info) => {
      await fsInit(FS, info)
      FS.writeFile(`${info.sitePackages}/_record_dataclasses.py`, RECORD_DATACLASSES)
      FS.writeFile(`${info.sitePackages}/00-record-dataclasses.pth`, "import _record_dataclasses\n")
    },
  })
  runChecker(pyodide, readFileSync(inputs, "utf8"))
  pyodide.globals.set("DATACLASSES_PRECOMPILED", DATACLASSES_PRECOMPILED)
  writeFileSync(out, pyodide.runPython(CUT).toJs())
})
