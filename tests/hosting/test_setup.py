"""What the README's two commands set up: `make serve` only what the site needs (a writer may be
on macOS or WSL, without apt or sudo), `make test` the tools and servers the tests use.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from harness import ROOT


def planned(target: str) -> str:
    """The commands ``make <target>`` runs from a fresh clone (a dry run with every stamp out of date)."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}  # under make test
    done = subprocess.run(
        ["make", "--no-print-directory", "-n", "-B", target],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_make_serve_needs_python_node_and_npm_only():
    commands = planned("serve")
    assert "pip install --quiet --disable-pip-version-check -e '.[site]'" in commands
    assert "npm ci --omit=dev" in commands
    assert "mkdocs serve" in commands
    for other in ("apt-get", "sudo", "harness.system", "chromium", "'.[dev]'", "lighthouse", "playwright"):
        assert other not in commands.lower(), other


def test_make_test_sets_up_the_test_tools_browser_and_servers():
    commands = planned("test")
    assert "-e '.[dev]'" in commands
    assert "npm ci --no-audit" in commands
    assert "harness.system chromium firefox webkit xvfb nginx caddy" in commands
    assert commands.rstrip().endswith("-m pytest")


def test_the_site_needs_one_npm_package():
    package = json.loads((ROOT / "package.json").read_text("utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text("utf-8"))
    assert list(package["dependencies"]) == ["pyodide"]
    assert lock["packages"][""]["dependencies"] == package["dependencies"]
    assert lock["packages"]["node_modules/pyodide"].get("dev") is not True


def test_without_apt_it_says_what_to_install():
    env = {**os.environ, "PATH": "/nonexistent", "CHROMIUM": "/nonexistent/chromium"}
    done = subprocess.run(
        [sys.executable, "-m", "harness.system", "chromium"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "CHROMIUM=/nonexistent/chromium is not one" in done.stderr
    assert "apt-get install chromium" in done.stderr
    assert "`make serve` needs none of them" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_older_chromium_is_named_with_the_version_needed(tmp_path):
    # A Chromium too old for the password-manager probe's controls counts as missing.
    old = tmp_path / "chromium"
    old.write_text('#!/bin/sh\necho "Chromium 150.0.7000.1 built on Debian GNU/Linux 12"\n', "utf-8")
    old.chmod(0o755)
    env = {**os.environ, "CHROMIUM": str(old)}
    done = subprocess.run(
        [sys.executable, "-m", "harness.system", "chromium"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "Chromium 150 is installed; the tests need Chromium 156 or newer" in done.stderr
    assert "Traceback" not in done.stderr
