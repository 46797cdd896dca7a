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

from harness.synthetic import guid, make_key
from validator.catalogue import FIELD_LABELS

if TYPE_CHECKING:
    from validator import Report


class _Evaluates(Protocol):
    """A page in any engine: Playwright's, or a ``harness.engines`` tab."""

    def evaluate(self, function: str, arg: Any = ..., /) -> Any: ...  # noqa: ANN401 - whatever the script returns


_UNSEEN_ACCOUNT_ID = guid(7301)
#: Values the build never saw (its examples are completed with the harness's key, so the snapshot holds that).
UNSEEN_VALUES = {
    "api_key": make_key(_UNSEEN_ACCOUNT_ID, seed=7302),
    "account_id": _UNSEEN_ACCOUNT_ID,
    "site_id": guid(7303),
}
#: For the browsers' session files: unseen values, the Site ID pasted as a dashboard address.
SESSION_VALUES = {
    **UNSEEN_VALUES,
    "site_id": f"https://manage.wix.com/dashboard/{UNSEEN_VALUES['site_id']}/home",
}
#: A box with no autocomplete mark appended to the page, given a value as the checker's fields are (an input
#: event): the control a browser's session file must hold, where it holds none of the checker's values.
CONTROL_BOX = """(value) => {
  const box = Object.assign(document.createElement("textarea"), { id: "control", value })
  document.body.append(box)
  box.dispatchEvent(new Event("input", { bubbles: true }))
  return true
}"""
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


# Every entry of every Cache Storage cache (its URL, headers and body) and every record of every
# IndexedDB store of the origin, searched for the values and for any 16-character piece of the key.
# A 16-character piece always holds one of the key's 8-character pieces that start at a multiple of 8:
# those are looked for, and every place one is found is compared with the key around it.
_STORED_PIECES = """async ({ values, key }) => {
  const texts = []
  let entries = 0
  for (const name of await caches.keys()) {
    const cache = await caches.open(name)
    for (const request of await cache.keys()) {
      const response = await cache.match(request)
      const bytes = new Uint8Array(await response.arrayBuffer())
      const where = `cache ${name} ${request.url}`
      entries += 1
      texts.push([where, request.url + JSON.stringify([...request.headers, ...response.headers])])
      texts.push([where, new TextDecoder("latin1").decode(bytes)])
      texts.push([where, new TextDecoder("utf-16le").decode(bytes)])
    }
  }
  for (const { name } of await indexedDB.databases()) {
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open(name)
      open.onsuccess = () => resolve(open.result)
      open.onerror = () => reject(open.error)
    })
    for (const store of db.objectStoreNames) {
      const records = await new Promise((resolve, reject) => {
        const objects = db.transaction(store).objectStore(store)
        const [keys, stored] = [objects.getAllKeys(), objects.getAll()]
        stored.onsuccess = () => resolve([keys.result, stored.result])
        stored.onerror = () => reject(stored.error)
      })
      texts.push([`indexedDB ${name}/${store}`, JSON.stringify(records)])
    }
    db.close()
  }
  const found = new Set()
  for (const [where, text] of texts) {
    for (const value of values) if (text.includes(value)) found.add(`${where}: a value`)
    for (let anchor = 0; anchor + 8 <= key.length; anchor += 8) {
      const piece = key.slice(anchor, anchor + 8)
      for (let at = text.indexOf(piece); at >= 0; at = text.indexOf(piece, at + 1)) {
        for (let back = 0; back < 8; back++) {
          const start = anchor - back
          if (start >= 0 && start + 16 <= key.length && text.substr(at - back, 16) === key.slice(start, start + 16)) {
            found.add(start)
          }
        }
      }
    }
  }
  return { found: [...found], entries }
}"""


def typed_pieces_stored(page: _Evaluates, values: dict[str, str], served_snapshot: bytes) -> tuple[list, int]:
    """What the origin's Cache Storage and IndexedDB hold of ``values`` (read in ``page``, in any engine): where
    a whole value is, and where each 16-character piece of the key (``values["api_key"]``) found starts in the
    key; and how many Cache Storage entries were read.

    Pieces the served snapshot already holds are left out: every key shares its header and its payload's field
    names with the keys the site's own examples show, so those say nothing of the merchant's key. The key's
    signature is its own, so at least that part is always looked for.
    """
    key = values["api_key"]
    public = {i for i in range(len(key) - 15) if key[i : i + 16].encode() in served_snapshot}
    if public and max(public) >= key.rindex("."):
        raise ValueError("the served snapshot holds a piece of this key's signature: make another key")
    result = page.evaluate(_STORED_PIECES, {"values": list(values.values()), "key": key})
    return [where for where in result["found"] if where not in public], result["entries"]


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
