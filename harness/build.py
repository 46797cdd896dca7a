"""The real MkDocs build, strict, as ``make build`` runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from sitebuild import service_worker

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


def change_deployed(file: Path, edit: Callable[[str], str]) -> Path:
    """Rewrites a served ``file`` with ``edit`` (old text -> new) and drops its precompressed siblings, which
    the hosts would otherwise send instead, as a deployment's new copy of it does.
    """
    file.write_text(edit(file.read_text("utf-8")), "utf-8")
    for sibling in (file.with_name(file.name + ".br"), file.with_name(file.name + ".gz")):
        sibling.unlink(missing_ok=True)
    return file


def deploy_new_build(site: Path, page: str, words: str) -> None:
    """Puts in ``site`` what a deployment of a build with ``words`` added to ``page``'s heading and a changed
    checker script puts in place: the pages and scripts first, then the service worker naming them (the
    build's last step).
    """
    change_deployed(site / page / "index.html", lambda html: html.replace("</h1>", f" {words}</h1>", 1))
    change_deployed(site / "assets/javascripts/checker-view.js", lambda script: script + f"// {words}\n")
    change_deployed(service_worker.write(site), lambda worker: worker)
