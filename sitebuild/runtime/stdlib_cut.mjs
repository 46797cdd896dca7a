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
// exec's any other source as before (DATACLASSES_PRECOMPILED). Likewise each regular expression compiled in that run
// (re's compiler is Python too): the shipped re._compiler holds what it compiled them to (RE_PRECOMPILED).
import { readFileSync, writeFileSync } from "node:fs"
import { withChecker } from "../../overrides/assets/javascripts/checker-install.js"
import { boot, lockedWheel, run, runChecker } from "./_pyodide.mjs"

const [runtime, fullStdlib, inputs, out] = process.argv.slice(2)

// Installed from site-packages (a .pth file) before anything imports dataclasses or re: records each source
// dataclasses exec's (it looks exec up among its own globals first), and each pattern re compiles. And the
// modules the start-up imports only if they are there (asyncio without ssl; shutil and zipfile without bz2, lzma
// and zstd), which the checker never uses, are not there: the trace goes as the browser's boot will, without them.
const RECORDER = `
import _frozen_importlib as bootstrap, builtins, functools, sys

UNSHIPPED = {"ssl", "bz2", "lzma", "compression.zstd"}


class Unshipped:
    @staticmethod
    def find_spec(name, path=None, target=None):
        if name in UNSHIPPED:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)


sys.meta_path.insert(0, Unshipped)

sources = sys._dataclass_sources = []
patterns = sys._re_patterns = []


def record(source, globals=None, locals=None, /):
    sources.append(source)
    return builtins.exec(source, globals, locals)


def record_pattern(pattern, flags=0, /, *, compile=None):
    if isinstance(pattern, (str, bytes)):
        patterns.append((pattern, flags))
    return compile(pattern, flags)


def load(spec, load=bootstrap._load_unlocked):
    module = load(spec)
    if spec.name == "dataclasses":
        module.exec = record
    if spec.name == "re._compiler":
        module.compile = functools.partial(record_pattern, compile=module.compile)
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

// Appended to the shipped re._compiler; {PRECOMPILED} is {(pattern, flags): what _sre.compile is given}.
const RE_PRECOMPILED = `

# Added by the site's build: what the patterns it saw compiled compile to (warnings and errors left to compile).
_PRECOMPILED = {PRECOMPILED}
_compile_unseen = compile


def compile(p, flags=0):
    known = _PRECOMPILED.get((p, flags)) if isstring(p) else None
    if known is None:
        return _compile_unseen(p, flags)
    flags, code, groups, groupindex, indexgroup = known
    return _sre.compile(p, flags, list(code), groups, dict(groupindex), indexgroup)
`

// What re._compiler.compile gives _sre.compile, for each pattern that compiles without a warning, checked to
// compile to the same pattern both ways.
const COMPILE_PATTERNS = `
def compile_patterns():
    import _sre, warnings
    from re import _compiler, _parser
    compiled = {}
    for pattern, flags in dict.fromkeys(sys._re_patterns):
        if flags & _compiler.SRE_FLAG_DEBUG:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            try:
                parsed = _parser.parse(pattern, flags)
            except Exception:
                continue
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        known = (flags | parsed.state.flags, tuple(_compiler._code(parsed, flags)), parsed.state.groups - 1,
                 groupindex, tuple(indexgroup))
        assert _sre.compile(pattern, known[0], list(known[1]), *known[2:]) == _compiler.compile(pattern, flags)
        compiled[pattern, flags] = known
    return compiled
`

const CUT = `
import importlib.util, io, marshal, sys, zipfile
${COMPILE_PATTERNS}
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
appended = {
    "dataclasses.py": DATACLASSES_PRECOMPILED.replace("{PRECOMPILED}", repr(precompiled)),
    "re/_compiler.py": RE_PRECOMPILED.replace("{PRECOMPILED}", repr(compile_patterns())),
}
buffer = io.BytesIO()
with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as cut:
    for source, where, name in sources:
        text = source.read(name)
        text += appended.get(name, "").encode()
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
      FS.writeFile(`${info.sitePackages}/_record_made.py`, RECORDER)
      FS.writeFile(`${info.sitePackages}/00-record-made.pth`, "import _record_made\n")
    },
  })
  runChecker(pyodide, readFileSync(inputs, "utf8"))
  pyodide.globals.set("DATACLASSES_PRECOMPILED", DATACLASSES_PRECOMPILED)
  pyodide.globals.set("RE_PRECOMPILED", RE_PRECOMPILED)
  writeFileSync(out, pyodide.runPython(CUT).toJs())
})
