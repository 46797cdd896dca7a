/* How the checker's wheel joins Python: a loadPyodide() option that puts the
 * wheel itself on sys.path (zipimport) before Python starts, through a .pth
 * file in site-packages, so nothing is unzipped and no Python runs to install
 * it. The wheel holds the checker compiled (sitebuild/stdlib.py), so nothing
 * is compiled either. One helper for the worker (checker-boot.js) and the
 * build's Node scripts (sitebuild/_pyodide.mjs), which trace and snapshot
 * the checker as the page runs it.
 *
 * wheel: its bytes, or a promise of them (null: nothing is installed, and the
 * caller refuses the boot). */
const NAME = "checker.whl"

export function withChecker(wheel) {
  return {
    fsInit: async (FS, { sitePackages }) => {
      const data = await wheel
      if (!data) return
      FS.writeFile(`${sitePackages}/${NAME}`, data)
      // site appends a .pth file's lines to sys.path, after the standard library's zip.
      FS.writeFile(`${sitePackages}/checker.pth`, `${NAME}\n`)
    },
  }
}
