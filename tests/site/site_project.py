"""A writer's working copy of the project, for builds that are meant to fail."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from harness import ROOT, run_build


@dataclass
class Project:
    root: Path

    def edit(self, rel: str, old: str, new: str, count: int = 1) -> None:
        """Replace ``old`` in a file of the copy; the test fails if it is not there."""
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert text.count(old) >= count, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    def line_of(self, rel: str, needle: str) -> int:
        """The 1-based line of the first occurrence of ``needle`` in a file of the copy."""
        for n, line in enumerate((self.root / rel).read_text(encoding="utf-8").splitlines(), 1):
            if needle in line:
                return n
        raise AssertionError(f"{needle!r} not in {rel}")

    def build(self, site_url: str | None = None) -> subprocess.CompletedProcess:
        """The real strict build, run in the copy so its sitebuild/ and validator/ are used."""
        return run_build(self.root / "site", site_url, project=self.root)

    def make_zensical(self) -> subprocess.CompletedProcess:
        """``make zensical`` in the copy, with the project's Zensical environment (made on first use)."""
        env = {**os.environ}
        env.pop("PYTHONPATH", None)
        return subprocess.run(
            # node_modules is the real one, linked: `-o` keeps make from running npm ci through the link.
            [
                "make",
                "--no-print-directory",
                "-o",
                "node_modules/.installed-site",
                "zensical",
                f"ZENSICAL_VENV={ROOT / '.venv-zensical'}",
            ],
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )


@dataclass(frozen=True)
class BuiltCopy:
    """A copy edited and built once for several tests: where each edit is, and what the build said."""

    project: Project
    #: The line of each edit, by name.
    lines: dict[str, int]
    returncode: int
    #: The build's stdout and stderr together.
    output: str


def copy_project(dest: Path) -> Project:
    """mkdocs.yml, the Makefile, pyproject.toml, docs/, overrides/, sitebuild/ and validator/ copied;
    node_modules linked.
    """
    for name in ("mkdocs.yml", "Makefile", "package.json", "package-lock.json", "pyproject.toml"):
        shutil.copy2(ROOT / name, dest / name)  # make compares their times with node_modules/.installed
    for folder in ("docs", "overrides", "sitebuild", "validator"):
        shutil.copytree(ROOT / folder, dest / folder, ignore=_not_copied)
    (dest / "node_modules").symlink_to(ROOT / "node_modules")
    return Project(dest)


def _not_copied(folder: str, names: list[str]) -> set[str]:
    # The staged runtime (overrides/assets/runtime/) is staged afresh by the copy's build; sitebuild/runtime/ is code.
    staged = Path(folder).name == "assets" and Path(folder).parent.name == "overrides"
    return {name for name in names if name == "__pycache__" or (staged and name == "runtime")}
