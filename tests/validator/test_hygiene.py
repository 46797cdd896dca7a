"""The checker runs unchanged in the browser: standard library only, no network, no output of its own."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "validator"
#: Only the command line may print; nothing may reach the network or a log.
PRINTS = {"_cli.py", "__main__.py"}
FORBIDDEN_MODULES = {"socket", "ssl", "http", "urllib", "logging", "asyncio", "subprocess", "ftplib", "smtplib"}


def _modules():
    for path in sorted(PACKAGE.glob("*.py")):
        yield path, ast.parse(path.read_text("utf-8"), str(path))


def test_standard_library_only():
    for path, tree in _modules():
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            for name in names:
                top = name.split(".")[0]
                assert top == "validator" or top in sys.stdlib_module_names, f"{path.name} imports {name}"
                assert top not in FORBIDDEN_MODULES, f"{path.name} imports {name}"


def test_library_prints_nothing():
    for path, tree in _modules():
        if path.name in PRINTS:
            continue
        calls = [
            n
            for n in ast.walk(tree)
            if isinstance(n, ast.Call) and getattr(n.func, "id", "") in ("print", "open", "input")
        ]
        assert not calls, f"{path.name} line {calls[0].lineno}"
