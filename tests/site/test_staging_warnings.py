"""What staging the checker's runtime could not do stops the strict build, as a writer's mistake does.

Staging falls back rather than fail (no snapshot: the plain boot; no traced
standard library: Pyodide's whole one), so the site still works, only slower
for every merchant: ``make build`` must not publish that without saying so.
"""

from __future__ import annotations

import re


def test_a_staging_warning_fails_the_strict_build(project):
    # The copy's own Node scripts fail as soon as they run: neither the trace nor the snapshot can be made.
    for script in ("stdlib_cut.mjs", "snapshot.mjs"):
        path = project.root / "sitebuild" / "runtime" / script
        path.write_text('throw new Error("broken for this test")\n' + path.read_text("utf-8"), "utf-8")
    result = project.build()
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    warnings = re.findall(r"^WARNING +- +(.*)$", output, re.MULTILINE)
    assert any(w.startswith("no Pyodide snapshot, the checker will boot plainly: ") for w in warnings), output
    assert any(w.startswith("shipping Pyodide's whole standard library and the checker's sources: ") for w in warnings)
    assert "Aborted with 2 warnings in strict mode" in output, output
