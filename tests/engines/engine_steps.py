"""What the cross-engine tests do to the checker and read from it, through ``harness.engines.Tab``."""

from __future__ import annotations

import time

from harness.checker_page import EXPANDED_KEPT, EXPANDED_SNAPSHOT_CACHE, READ_CHECKER, expected_view, shown_matches

#: Pyodide boots in about 2 s here when idle, WebKit's plain boot in about 5; room for a busy machine.
BOOT_S = 60
CHECKER = "[data-credential-checker]"
# Loaded, and answered once: the progress line gone and a summary written.
READY = """() => {
  const progress = document.querySelector("[data-cc-progress]")
  const summary = document.querySelector("[data-cc-summary]")
  return !!progress && !!summary && !progress.checkVisibility() && /\\S/.test(summary.textContent)
}"""
VISIBLE = "(selector) => !!document.querySelector(selector) && document.querySelector(selector).checkVisibility()"


def field(name: str) -> str:
    return f"[data-cc-field={name}] [data-cc-input]"


def open_checker(tab, url: str) -> None:
    tab.goto(url)
    tab.wait_for(READY, timeout=BOOT_S, message="the checker ready")


def wait_until_kept(tab, timeout_s: float = 60) -> None:
    """Until the checker has kept the expanded snapshot, a little after its first answer: a next visit then
    boots from it. How long that takes depends on the machine's load, so it is watched for, never slept.
    """
    deadline = time.monotonic() + timeout_s
    while not tab.evaluate(EXPANDED_KEPT, EXPANDED_SNAPSHOT_CACHE):
        assert time.monotonic() < deadline, f"{tab.engine}: the expanded snapshot was never kept"
        time.sleep(0.25)


def fill(tab, **values: str) -> None:
    for name, value in values.items():
        tab.fill(field(name), value)


def read(tab) -> dict:
    return tab.evaluate(f"() => ({READ_CHECKER})(document.querySelector({CHECKER!r}))")


def values(tab) -> dict[str, str]:
    return {name: shown["value"] for name, shown in read(tab)["fields"].items()}


def wait_for_view(tab, expected: dict, timeout: float = 20) -> dict:
    """Until the page shows ``expected`` (Python's answer); fails with what it shows instead."""
    deadline = time.monotonic() + timeout
    shown = read(tab)
    while not shown_matches(shown, expected):
        if time.monotonic() > deadline:
            raise AssertionError(f"{tab.engine}: the checker shows\n{shown}\ninstead of\n{expected}")
        time.sleep(0.05)
        shown = read(tab)
    return shown


def use_each_suggestion(tab, typed: dict[str, str], fixed: dict[str, str], root_url: str) -> None:
    """Click each field's Use button in turn, each once the page shows the answer to the one before
    (an answer redraws the findings, and a button clicked as it is replaced does nothing).
    """
    held = dict(typed)
    for name, value in fixed.items():
        tab.click(f"[data-cc-field={name}] button.cc-use")
        held[name] = value
        assert values(tab)[name] == value, f"{tab.engine}: Use did not put {name}'s suggestion in the field"
        wait_for_view(tab, expected_view(held, root_url))


def visible(tab, selector: str) -> bool:
    return tab.evaluate(VISIBLE, selector)


def axe_violations(tab, axe_source: str) -> list[str]:
    """axe-core's violations in the whole page, each as "rule: targets" (its source run as the driver's
    script, never a <script>: the page's CSP stays as it is).
    """
    tab.evaluate("() => {" + axe_source + "\n}")
    return tab.evaluate("""async () => (await axe.run(document)).violations.map(
        (v) => v.id + ": " + v.nodes.map((n) => n.target.join(" ")).join(", "))""")
