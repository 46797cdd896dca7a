"""The checker's modules are asked for at once, not one level of imports at a time (a round trip each on a
slow link, and on HTTP/1.1 a wait for a free connection besides): the guide's head names every module its
checker imports, and the worker's module names every module its boot imports.
"""

from __future__ import annotations

import re
from pathlib import Path

from harness import CHECKER_PAGE

SCRIPTS = Path(__file__).resolve().parents[2] / "overrides" / "assets" / "javascripts"
# Static imports only: `import … from "./x.js"` and `import "./x.js"` (a dynamic import() is asked for when it runs).
STATIC_IMPORT = re.compile(r'^import\s+(?:[^"\']*?\sfrom\s+)?["\']\./([\w-]+\.js)["\']', re.MULTILINE)


def imports(module: str) -> set[str]:
    """Every module ``module`` imports statically, directly or through another."""
    found: set[str] = set()
    todo = [module]
    while todo:
        for name in STATIC_IMPORT.findall((SCRIPTS / todo.pop()).read_text("utf-8")):
            if name not in found:
                found.add(name)
                todo.append(name)
    return found


def test_the_guides_head_names_every_module_of_its_checker(built_site):
    html = (built_site / CHECKER_PAGE / "index.html").read_text("utf-8")
    head = html[: html.index("</head>")]
    named = set(re.findall(r'<script type="module" src="[^"]*/javascripts/([\w-]+\.js)"', head))
    missing = imports("checker.js") - named
    assert not missing, f"{CHECKER_PAGE}: checker.js imports {sorted(missing)}, which the page's head does not name"


def test_the_workers_module_names_every_module_of_its_boot():
    named = set(STATIC_IMPORT.findall((SCRIPTS / "checker-worker.js").read_text("utf-8")))
    missing = imports("checker-boot.js") - named
    assert not missing, f"checker-boot.js imports {sorted(missing)}, which checker-worker.js does not name"
