"""The site's pages, as paths relative to the site root (``tests/hosting`` checks the build makes exactly these)."""

from __future__ import annotations

PAGES = ("", "guide/", "limitations/", "manage-key/", "troubleshooting/")
#: The page that holds the credential checker.
CHECKER_PAGE = "guide/"
#: Where tests deploy the site below a host's root, as the README's example address does.
SUBPATH = "/help/wix/"


def page_name(path: str) -> str:
    """A short name for a page, for file names and test ids: ``guide``, ``start`` for the root."""
    return path.strip("/") or "start"


#: An init script: from before the page's first script, the palette ``body`` was made with
#: (``__schemes.body``), when the page first painted (``painted``, from the Paint Timing API) and each
#: palette set on ``body`` after, with its time (``set``: a mutation observer's callback runs as soon
#: as the setting script's task allows, before any paint). Read it with ``palette_at_first_paint``.
PALETTE_LOG = """
window.__schemes = { painted: null, set: [] };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries())
    if (entry.name === "first-contentful-paint") __schemes.painted = entry.startTime;
}).observe({ type: "paint" });
new MutationObserver(() => {
  if (!document.body || __schemes.body) return;
  __schemes.body = document.body.dataset.mdColorScheme;
  new MutationObserver(() => __schemes.set.push([document.body.dataset.mdColorScheme, performance.now()])).observe(
    document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
}).observe(document, { childList: true, subtree: true });
"""


def palette_at_first_paint(seen: dict) -> tuple[str | None, set[str]]:
    """From ``PALETTE_LOG``'s record: the palette the first contentful paint showed (None: no paint yet),
    and every palette set on the page after its first script ran.
    """
    if seen.get("painted") is None:
        return None, set()
    before_paint = [name for name, at in seen["set"] if at <= seen["painted"]]
    return (before_paint[-1] if before_paint else seen.get("body")), {name for name, _ in seen["set"]}


# The answers several searches share: what a status code and its name find, or an error and its words.
_FIND = "troubleshooting/#find-your-problem"
_UNAUTHORIZED = {_FIND, "troubleshooting/#key-deleted", "troubleshooting/#credentials-invalid"}
_FORBIDDEN = {_FIND, "troubleshooting/#permissions-missing", "troubleshooting/#key-site-access"}
_NO_WIX_STORES = {_FIND, "troubleshooting/#no-wix-stores"}
_INVALID = {_FIND, "troubleshooting/#credentials-invalid"}
_EMAIL = {_FIND, "troubleshooting/#account-is-email"}

#: What merchants and support type into the site's search, each with the anchors (on the troubleshooting or
#: guide page) any of which answers it: what an error said finds its entry.
SEARCHES = [
    ("401", _UNAUTHORIZED),
    ("403", _FORBIDDEN),
    ("428", _NO_WIX_STORES),
    ("Unauthorized", _UNAUTHORIZED),
    ("Forbidden", _FORBIDDEN),
    ("REQUIRED_APP_NOT_INSTALLED", _NO_WIX_STORES),
    ("Wix Stores app is not installed for site", _NO_WIX_STORES),
    ("The provided merchant credentials are invalid", _INVALID),
    ("credentials invalid", _INVALID),
    ("metaSiteId", {_FIND}),
    ("email", _EMAIL),
    ("e-mail", _EMAIL),
    ("Account ID", {"guide/#2-copy-the-account-id", "guide/#copy-account-id"}),
    ("Site ID", {"guide/#3-find-the-site-id", "guide/#find-site-id"}),
    ("API Key", {"guide/#1-create-the-api-key", "guide/#create-api-key"}),
    ("Bearer", {"troubleshooting/#key-bearer"}),
]
