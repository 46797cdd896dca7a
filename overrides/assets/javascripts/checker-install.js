// How the checker's wheel joins Python: through a .pth file in site-packages, the
// wheel itself goes on sys.path (zipimport) before Python starts, so nothing is
// unzipped and no Python runs to install it. The wheel holds the checker compiled
// (sitebuild/runtime/stdlib.py), so nothing is compiled either. One helper for the worker
// (checker-boot.js) and the build's Node scripts (sitebuild/runtime/_pyodide.mjs), which
// trace and snapshot the checker as the page runs it.
const NAME = "checker.whl"

/** loadPyodide() options that install the checker's wheel before Python starts.
 * @param {Uint8Array | null | Promise<Uint8Array | null>} wheel its bytes (null: nothing is
 *   installed, and the caller refuses the boot) */
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
