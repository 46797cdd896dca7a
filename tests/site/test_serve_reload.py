"""``make serve`` watches validator/: a writer's edit to the checker applies at the next rebuild, no restart."""

from __future__ import annotations

import time

from harness import ROOT
from harness.dev_server import dev_server

#: What the rebuild after the edit ends with, stopped by its warnings (strict) or not.
ENDS = ("Aborted with", "Documentation built in", "An error happened during the rebuild")


def test_an_edited_checker_applies_at_the_next_rebuild(project, tmp_path, monkeypatch):
    # Cached by content, so sharing the project's cache only saves the copy a first trace and snapshot.
    monkeypatch.setenv("SITEBUILD_CACHE", str(ROOT / "build" / "cache"))
    with dev_server(project.root, tmp_path / "serve.log", watch=["validator"]) as server:
        project.edit("validator/facts.py", "KEY_LENGTH_SAID = 720", "KEY_LENGTH_SAID = 721")
        deadline = time.monotonic() + 600
        while True:
            _, changed, rebuild = server.log.read_text().partition("Detected file changes")
            if changed and any(end in rebuild for end in ENDS):
                break
            assert time.monotonic() < deadline, server.log.read_text()
            time.sleep(1)
    assert "validator/facts.py says about 721 (KEY_LENGTH_SAID)" in rebuild, rebuild
