"""``python -m sitebuild check``: the build's checks over ``docs/`` and a site any generator built.

Zensical runs no MkDocs hooks, so ``make zensical`` runs this command: a
writer gets the same problems, by file and line, whichever generator built
the site.
"""

from __future__ import annotations

import subprocess
import sys

from .site_project import ROOT, copy_project
from .writer_mistakes import make_mistakes


def check(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sitebuild", "check", *args], cwd=cwd, capture_output=True, text=True, check=False
    )


def hook_problems(output: str) -> list[str]:
    """The site checks' warnings in a MkDocs build's output, in order (MkDocs' own start with "Doc file")."""
    warnings = [line.split("WARNING -  ", 1)[1] for line in output.splitlines() if line.startswith("WARNING -  ")]
    return [w for w in warnings if not w.startswith("Doc file ")]


def test_a_good_site_passes(built_site):
    result = check("--site-dir", str(built_site))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "checked 5 pages in docs/" in result.stdout and "no problems" in result.stdout


def test_it_names_every_problem_the_mkdocs_build_names(broken):
    p, lines, output = broken.project, broken.lines, broken.output
    expected = hook_problems(output)
    assert len(expected) >= 7, output
    result = check(cwd=p.root)
    assert result.returncode == 1
    *problems, summary = result.stderr.splitlines()
    assert problems == expected  # the pages in the order MkDocs builds them: the same list
    assert summary.startswith(f"{len(expected)} problem(s) in docs/ and site/")
    assert (
        f"docs/index.md:{lines['link']}: link to guide.md#copy-acount-id: docs/guide.md has no heading or anchor "
        "#copy-acount-id"
    ) in problems


def test_make_zensical_names_the_same_problems_by_file_and_line(broken, tmp_path):
    expected = hook_problems(broken.output)
    project = copy_project(tmp_path)
    make_mistakes(project)
    result = project.make_zensical()
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert set(expected) <= set(output.splitlines()), output
    assert f"\n{len(expected)} problem(s) in docs/ and site/" in output


def test_without_a_site_or_pages_one_clear_line(tmp_path, built_site):
    for args in (
        ["--site-dir", str(tmp_path / "nothing")],
        ["--site-dir", str(built_site), "--docs-dir", str(tmp_path / "nothing")],
    ):
        result = check(*args)
        assert result.returncode == 2
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: "), result.stderr
        assert result.stdout == ""


def test_pages_it_cannot_check_are_named(tmp_path, built_site):
    docs = tmp_path / "docs"
    docs.mkdir()
    for page in (ROOT / "docs").glob("*.md"):
        (docs / page.name).write_bytes(page.read_bytes())
    (docs / "new.md").write_text("# New\n", encoding="utf-8")
    (docs / "old.md").write_bytes("# Caf\u00e9\n".encode("latin-1"))
    result = check("--site-dir", str(built_site), "--docs-dir", str(docs))
    assert result.returncode == 1
    assert f"{docs / 'new.md'}: not on the built site ({built_site / 'new' / 'index.html'} is missing)" in result.stderr
    assert f"{docs / 'old.md'}: not UTF-8 text" in result.stderr
    assert "Traceback" not in result.stderr
