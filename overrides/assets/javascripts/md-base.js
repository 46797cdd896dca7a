// The theme's inline script (partials/javascripts/base.html) as a file, because
// the page's CSP allows no inline script. It defines the globals the theme's
// bundle and md-content.js / md-palette.js use; Material and Zensical define
// the same ones.
//
// The theme derives __md_scope from the page's base_url. This file lives two
// folders below the site root, so its own address gives the same root under
// any sub-path; data-md-scope carries the theme's `extra.scope` setting.
;(() => {
  const script = document.currentScript
  const root = new URL("../../", script.src)
  const scope = script.getAttribute("data-md-scope")
  window.__md_scope = scope ? new URL(scope, root) : root
  // Zensical's stylesheet shows the search shortcut for the reader's platform (⌘K on a Mac).
  document.documentElement.setAttribute("data-platform", navigator.platform)
})()

/** A short number for a string, e.g. to tell versions of the announcement bar apart. */
window.__md_hash = (text) => [...text].reduce((hash, char) => (hash << 5) - hash + char.charCodeAt(0), 0)

/** A value the theme saved for this site (palette, tabs…), or null. */
window.__md_get = (key, storage = localStorage, scope = __md_scope) =>
  JSON.parse(storage.getItem(`${scope.pathname}.${key}`))

/** Saves a value for this site; a full or refused storage only loses the preference. */
window.__md_set = (key, value, storage = localStorage, scope = __md_scope) => {
  try {
    storage.setItem(`${scope.pathname}.${key}`, JSON.stringify(value))
  } catch {}
}
