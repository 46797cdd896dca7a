"""The real MkDocs build, strict, as ``make build`` runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class BuildError(Exception):
    """The build failed; the message holds its output."""

    def __init__(self, result: subprocess.CompletedProcess) -> None:
        self.result = result
        super().__init__(f"mkdocs build failed (exit {result.returncode}):\n{result.stdout}\n{result.stderr}")


def run_build(
    dest: Path, site_url: str | None = None, *, project: Path = ROOT, strict: bool = True
) -> subprocess.CompletedProcess:
    """Build ``project`` into ``dest`` and return the finished process, failed or not.

    Run in ``project``, so a copy's own ``sitebuild/`` and ``validator/`` are
    used. ``site_url`` is the published address (mkdocs.yml reads SITE_URL):
    Material's instant navigation follows only pages its sitemap lists, which
    needs it.
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("PYTHONPATH", None)
    env.pop("SITE_URL", None)
    if site_url:
        env["SITE_URL"] = site_url
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *(["--strict"] if strict else []), "-d", str(dest)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def build_site(dest: Path, site_url: str | None = None, *, project: Path = ROOT, strict: bool = True) -> Path:
    """The built site in ``dest``; raises BuildError with the build's output when it fails."""
    result = run_build(dest, site_url, project=project, strict=strict)
    if result.returncode != 0:
        raise BuildError(result)
    return Path(dest)
