"""The checker as a merchant sees it, read from any engine's page, and what Python says it should show.

The browser tests (Playwright) and the cross-engine tests share these: the
page is read by one script, and compared with ``validator``'s own answer.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import quote

from validator.catalogue import FIELD_LABELS

if TYPE_CHECKING:
    from validator import Report


class _Evaluates(Protocol):
    """A page in any engine: Playwright's, or a ``harness.engines`` tab."""

    def evaluate(self, function: str) -> Any: ...  # noqa: ANN401 - whatever the script returns


#: The one Cache Storage cache the checker's worker writes (the expanded snapshot), named in checker-contract.js.
EXPANDED_SNAPSHOT_CACHE = re.findall(
    r'EXPANDED_SNAPSHOT_CACHE = "([^"]+)"',
    (Path(__file__).resolve().parents[1] / "overrides/assets/javascripts/checker-contract.js").read_text("utf-8"),
)[0]
#: Whether the checker has kept an expanded snapshot (megabytes) in its cache (a page script; the cache's name).
EXPANDED_KEPT = """async (name) => {
  const cache = await caches.open(name)
  for (const request of await cache.keys()) {
    if ((await (await cache.match(request)).arrayBuffer()).byteLength > 1e6) return true
  }
  return false
}"""
#: The checker build (its snapshot's sha256) for which this browser warmed the compiled runtime, or ""
#: (checker-code-cache.js): a page script, as the worker's IndexedDB record reads.
WARMED = """() => new Promise((resolve) => {
  const open = indexedDB.open("checker-runtime")
  open.onupgradeneeded = () => open.transaction.abort()
  open.onerror = () => resolve("")
  open.onsuccess = () => {
    const request = open.result.transaction("kept").objectStore("kept").get("warmed")
    request.onsuccess = () => resolve(request.result ?? "")
    request.onerror = () => resolve("")
  }
})"""
#: After the warm-up, until Chromium has kept the compiled runtime: V8 does once none of it has been optimized for
#: 2 s (its --wasm-caching-timeout-ms), and a busy machine optimizes late.
CODE_CACHE_SETTLE_S = 8


def wait_until_warmed(page: _Evaluates, timeout_s: float = 60) -> str:
    """Until the checker on ``page`` (a return visit) has warmed the compiled runtime for the next visit
    (checker-code-cache.js), then ``CODE_CACHE_SETTLE_S`` more: the build it warmed for, or "" if it did not
    within ``timeout_s``.
    """
    deadline = time.monotonic() + timeout_s
    while not (build := page.evaluate(WARMED)) and time.monotonic() < deadline:
        time.sleep(0.25)
    if build:
        time.sleep(CODE_CACHE_SETTLE_S)
    return build


# Every message the checker's worker sends the page, in window.__worker (an init script).
WORKER_MESSAGES = """
window.__worker = [];
window.Worker = class extends window.Worker {
  constructor(...args) {
    super(...args);
    this.addEventListener("message", (event) => window.__worker.push(event.data));
  }
};
"""
# Reads the checker as a merchant sees it: per field, OK or each finding.
READ_CHECKER = """
(root) => {
  const fields = {};
  for (const box of root.querySelectorAll("[data-cc-field]")) {
    const findings = [...box.querySelectorAll(".cc-finding")].map((f) => ({
      severity: f.classList.contains("cc-finding--warning") ? "warning" : "error",
      text: f.querySelector(".cc-message").textContent,
      href: f.querySelector("a.cc-link") ? f.querySelector("a.cc-link").href : null,
      use: f.querySelector("button.cc-use") ? f.querySelector("button.cc-use").textContent : null,
    }));
    fields[box.dataset.ccField] = {
      ok: !!box.querySelector(".cc-ok"),
      findings,
      value: box.querySelector("[data-cc-input]").value,
    };
  }
  return { fields, summary: root.querySelector("[data-cc-summary]").textContent };
}
"""


def python_check(values: dict[str, str]) -> Report:
    """What the worker answers for ``values``: a field not in them was never touched, sent as None."""
    import validator

    return validator.check(**{name: values.get(name) for name in FIELD_LABELS})


def expected_view(values: dict[str, str], root_url: str) -> dict:
    """What the page should show once ``values`` are typed (the others untouched): Python's answer."""
    report = python_check(values)
    touched = set(values)
    data = report.to_dict(reveal_key=True)
    fields = {}
    for name in FIELD_LABELS:
        found = [f for f in data["findings"] if f["field"] == name] if name in touched else []
        fields[name] = {
            "ok": name in touched and not found,
            "findings": [
                {
                    "severity": f["severity"],
                    "message": f["message"],
                    "href": f"{root_url}troubleshooting/#{f['anchor']}",
                    "use": None
                    if "suggestion" not in f
                    else "Use the corrected key"
                    if name == "api_key"
                    else f"Use {f['suggestion']}",
                }
                for f in found
            ],
        }
    return {"fields": fields, "summary": data["summary"]}


def shown_matches(shown: dict, expected: dict) -> bool:
    if shown["summary"] != expected["summary"]:
        return False
    for name, want in expected["fields"].items():
        got = shown["fields"][name]
        if got["ok"] != want["ok"] or len(got["findings"]) != len(want["findings"]):
            return False
        for g, w in zip(got["findings"], want["findings"], strict=True):
            if (g["severity"], g["href"], g["use"]) != (w["severity"], w["href"], w["use"]):
                return False
            if w["message"] not in g["text"]:
                return False
    return True


def needles(values: Iterable[str]) -> set[str]:
    """What to look for: each value, URL-encoded, and its first 36 characters (an ID, a key's start)."""
    found: set[str] = set()
    for value in values:
        found |= {value, quote(value, safe=""), value[:36]}
    return found
