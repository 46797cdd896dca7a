// The theme's inline script (partials/javascripts/base.html) as a file, because
// the page's CSP allows no inline script. It defines the globals the theme's
// bundle and md-content.js use; Material and Zensical define the same ones.
// It also puts the reader's palette on the page (the theme's palette script).
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

// The theme's palette script (partials/javascripts/palette.html), run from the head. The theme
// has it inline after the header; as a second file there, Chromium fetched it only once the
// parser reached it (a meta CSP stops its preload scanner) and painted the header meanwhile. And
// with nothing saved it now picks the palette whose media query matches, as the theme's bundle
// does later: the theme's script did nothing then, so a phone in dark mode got the light page
// until the bundle ran. data-md-palettes lists the site's palettes (partials/javascripts/base.html).
;(() => {
  const palettes = JSON.parse(document.currentScript.dataset.mdPalettes || "[]")
  let color
  try {
    color = __md_get("__palette")?.color
  } catch {} // storage refused or spoiled: the media queries decide, as on a first visit
  if (color?.media === "(prefers-color-scheme)") {
    const media = matchMedia("(prefers-color-scheme: light)").matches
      ? "(prefers-color-scheme: light)"
      : "(prefers-color-scheme: dark)"
    color = palettes.find((palette) => palette.media === media)
  } else if (!color) {
    color = palettes.find((palette) => matchMedia(palette.media).matches)
  }
  if (!color) return
  const apply = () => {
    for (const [key, value] of Object.entries(color))
      if (value) document.body.setAttribute(`data-md-color-${key}`, value)
  }
  if (document.body) return apply()
  // No body yet: an observer's callback runs before the parser's next script and before any paint.
  const watch = new MutationObserver(() => {
    if (!document.body) return
    watch.disconnect()
    apply()
  })
  watch.observe(document.documentElement, { childList: true })
})()
