"""The build's runtime staging: the checker's wheel and the site's own lock file."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import struct
import subprocess
import sys
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from sitebuild.runtime import _wheel, snapshot, staging

ROOT = Path(__file__).resolve().parents[2]
NPM_PYODIDE = ROOT / "node_modules" / "pyodide"
needs_pyodide = pytest.mark.skipif(not (NPM_PYODIDE / "pyodide.mjs").exists(), reason="run `make setup` first")


def _sources() -> list[str]:
    return sorted(f"validator/{p.name}" for p in (ROOT / "validator").glob("*.py"))


def test_the_wheel_is_the_same_bytes_from_the_same_sources(tmp_path):
    first = _wheel.build(ROOT / "validator")
    copy = tmp_path / "validator"
    shutil.copytree(ROOT / "validator", copy, ignore=shutil.ignore_patterns("__pycache__"))
    for path in copy.iterdir():
        os.utime(path, (1_900_000_000, 1_900_000_000))  # other times, other order on disk
    assert _wheel.build(copy).data == first.data
    (copy / "_report.py").write_text((copy / "_report.py").read_text() + "\n# changed\n")
    assert _wheel.build(copy).data != first.data


def test_the_wheel_holds_exactly_the_checkers_modules_and_valid_metadata():
    wheel = _wheel.build(ROOT / "validator")
    archive = zipfile.ZipFile(BytesIO(wheel.data))
    names = archive.namelist()
    dist_info = f"validator-{wheel.version}.dist-info"
    assert sorted(n for n in names if not n.startswith(dist_info)) == _sources()
    assert {n for n in names if n.startswith(dist_info)} == {
        f"{dist_info}/{n}" for n in ("METADATA", "WHEEL", "RECORD", "top_level.txt")
    }
    assert names[-1] == f"{dist_info}/RECORD"
    metadata = archive.read(f"{dist_info}/METADATA").decode()
    assert "Name: validator\n" in metadata and f"Version: {wheel.version}\n" in metadata
    assert "Root-Is-Purelib: true" in archive.read(f"{dist_info}/WHEEL").decode()
    # Every file is in RECORD with its real hash and size.
    for line in archive.read(f"{dist_info}/RECORD").decode().splitlines():
        name, digest, size = line.split(",")
        if name.endswith("RECORD"):
            assert digest == size == ""
            continue
        data = archive.read(name)
        expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        assert (digest, int(size)) == (f"sha256={expected}", len(data))
    assert {info.date_time for info in archive.infolist()} == {_wheel.EPOCH}
    assert wheel.file_name == f"validator-{wheel.version}-py3-none-any.whl"


@needs_pyodide
def test_staging_writes_the_runtime_and_rewrites_nothing_the_second_time(tmp_path):
    project = _project(tmp_path)
    custom = project / "overrides"
    changed = staging.stage_into(project, custom)
    out = custom / "assets" / "runtime"
    wheel = _wheel.build(project / "validator")
    lock = json.loads((out / "pyodide-lock.json").read_text())
    snapshot = lock["checker"]["snapshot"]
    staged = {*staging.PYODIDE_FILES, "python_stdlib.zip", "pyodide-lock.json", wheel.file_name, snapshot["file_name"]}
    siblings = {p.name for p in out.iterdir()} - staged
    assert {name.rsplit(".", 1)[0] for name in siblings} <= staged
    assert {name.rsplit(".", 1)[1] for name in siblings} == {"br", "gz"}
    for name in ("pyodide.asm.wasm", "python_stdlib.zip", snapshot["file_name"]):
        assert {f"{name}.br", f"{name}.gz"} <= siblings
    assert set(changed) == {out / name for name in staged}
    assert snapshot["sha256"] == hashlib.sha256((out / snapshot["file_name"]).read_bytes()).hexdigest()
    assert snapshot["sha256"][:16] in snapshot["file_name"]
    for name in staging.PYODIDE_FILES:
        assert (out / name).read_bytes() == (NPM_PYODIDE / name).read_bytes()

    # The worker's progress counts against these sizes: every file it fetches, as stored.
    sizes = lock["checker"]["sizes"]
    assert set(sizes) == staged - {"pyodide.mjs", "pyodide-lock.json"}
    for name, entry in sizes.items():
        assert entry["raw"] == (out / name).stat().st_size
        for encoding in ("br", "gz"):
            assert entry.get(encoding) == (
                (out / f"{name}.{encoding}").stat().st_size if (out / f"{name}.{encoding}").exists() else None
            )

    npm_lock = json.loads((NPM_PYODIDE / "pyodide-lock.json").read_text())
    assert lock["info"] == npm_lock["info"]
    assert list(lock["packages"]) == ["validator"]
    entry = lock["packages"]["validator"]
    assert entry["sha256"] == hashlib.sha256((out / wheel.file_name).read_bytes()).hexdigest()
    # The wheel the site ships holds the checker compiled, one module for each source: the browser compiles nothing.
    shipped = zipfile.ZipFile(out / wheel.file_name)
    assert sorted(n for n in shipped.namelist() if n.startswith("validator/")) == [f"{s}c" for s in _sources()]
    magic = zipfile.ZipFile(out / "python_stdlib.zip").read("json/__init__.pyc")[:4]
    assert {shipped.read(f"{s}c")[:4] for s in _sources()} == {magic}
    assert (entry["file_name"], entry["imports"], entry["depends"], entry["install_dir"], entry["package_type"]) == (
        wheel.file_name,
        ["validator"],
        [],
        "site",
        "package",
    )

    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    assert staging.stage_into(project, custom) == []
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == before

    # A source edit that compiles to the same code (a blank line at the end): the shipped files are the same.
    redact = project / "validator" / "_redact.py"
    redact.write_text(redact.read_text() + "\n")
    assert staging.stage_into(project, custom) == []

    # A changed checker that imports nothing new: a new wheel, snapshot and lock; the rest untouched.
    redact.write_text(redact.read_text() + "_UNUSED = None\n")
    names = {p.name for p in staging.stage_into(project, custom)}
    new_snapshot = json.loads((out / "pyodide-lock.json").read_text())["checker"]["snapshot"]["file_name"]
    assert names == {_wheel.build(project / "validator").file_name, "pyodide-lock.json", new_snapshot}
    assert new_snapshot != snapshot["file_name"]
    assert not any(p.name.startswith(snapshot["file_name"]) for p in out.iterdir())


@needs_pyodide
def test_the_standard_library_is_cut_to_compiled_modules_of_pyodides_own(tmp_path):
    project = _project(tmp_path)
    staging.stage_into(project, project / "overrides")
    cut = zipfile.ZipFile(project / "overrides" / "assets" / "runtime" / "python_stdlib.zip")
    whole = set(zipfile.ZipFile(NPM_PYODIDE / "python_stdlib.zip").namelist())
    names = cut.namelist()
    # Only compiled modules (nothing to compile in the browser), each one Pyodide ships as source.
    assert names and all(name.endswith(".pyc") and name[:-1] in whole for name in names)
    # What the checker and Pyodide's start-up use, and not what nothing imports.
    assert {"re/__init__.pyc", "json/__init__.pyc", "dataclasses.pyc", "_pyodide/_base.pyc"} <= set(names)
    assert not {"difflib.pyc", "pydoc.pyc", "unittest/__init__.pyc", "argparse.pyc"} & set(names)
    assert len(names) < len(whole) / 3
    # Stored uncompressed: the host's Brotli compresses across modules.
    assert {info.compress_type for info in cut.infolist()} == {zipfile.ZIP_STORED}


def test_without_node_modules_one_clear_line(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "validator", project / "validator", ignore=shutil.ignore_patterns("__pycache__"))
    with pytest.raises(staging.StageError, match=r"run `make setup` \(npm ci\) first"):
        staging.stage_into(project, project / "overrides")
    result = subprocess.run(
        [sys.executable, "-m", "sitebuild", "stage", "--root", str(project)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "make setup" in result.stderr and "Traceback" not in result.stderr


@needs_pyodide
@pytest.mark.pyodide
def test_the_staged_wheel_installs_in_pyodide(tmp_path):
    node = shutil.which("node")
    assert node, "node is needed to run Pyodide"
    project = _project(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "sitebuild", "stage", "--root", str(project)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out = project / "overrides" / "assets" / "runtime"
    runner = Path(__file__).with_name("wheel_in_pyodide.mjs")

    answer = json.loads(
        subprocess.run([node, str(runner), str(out)], capture_output=True, text=True, timeout=300, check=False).stdout
    )
    assert answer.get("files") is not None, answer
    assert sorted(f for f in answer["files"] if f.endswith(".pyc")) == [s.split("/")[1] + "c" for s in _sources()]
    assert "site-packages" in answer["where"]
    assert [f["code"] for f in answer["report"]["findings"] if f["field"] == "site_id"] == ["site-url"]

    # The sha256 check itself is the browser's (Pyodide fetches with Subresource
    # Integrity; under Node it reads files unchecked): see test_when_it_cannot_run.py.


def _project(tmp_path: Path) -> Path:
    """A project folder with the real validator/ and node_modules/pyodide (linked, not copied)."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "validator", project / "validator", ignore=shutil.ignore_patterns("__pycache__"))
    (project / "node_modules").mkdir()
    (project / "node_modules" / "pyodide").symlink_to(NPM_PYODIDE)
    return project


def test_the_served_snapshot_says_what_it_is_and_keeps_only_the_pages_that_are_not_zero():
    memory = bytes(snapshot.PAGE) + b"\x01" * 5000 + bytes(2 * snapshot.PAGE) + b"\x02"
    served = snapshot.sparse(memory)
    assert served[:4] == snapshot.MAGIC
    format_, size, runs = struct.unpack_from("<3I", served, 4)
    assert (format_, size, runs) == (snapshot.FORMAT, len(memory), 2)
    page = snapshot.PAGE
    # Each run of pages not wholly zero: (offset, length); the last page is shorter.
    assert struct.unpack_from("<4I", served, 16) == (page, 2 * page, 4 * page, len(memory) - 4 * page)
    assert served[32:] == memory[page : 3 * page] + memory[4 * page :]
