/* Material's partials/javascripts/base.html as a file, because the page's CSP
 * allows no inline script. The theme derived __md_scope from the page's
 * base_url; this file lives two folders below the site root, so its own
 * address gives the same root under any sub-path. Same globals, same code. */
(function () {
  var script = document.currentScript
  var root = new URL("../../", script.src)
  var scope = script.getAttribute("data-md-scope")
  window.__md_scope = scope ? new URL(scope, root) : root
})()
window.__md_hash = function (e) {
  return [...e].reduce(function (e, _) { return (e << 5) - e + _.charCodeAt(0) }, 0)
}
window.__md_get = function (e, _ = localStorage, t = __md_scope) {
  return JSON.parse(_.getItem(t.pathname + "." + e))
}
window.__md_set = function (e, _, t = localStorage, a = __md_scope) {
  try { t.setItem(a.pathname + "." + e, JSON.stringify(_)) } catch (e) {}
}
