// The page's Python glue: how the worker asks the booted checker for its report.
// Every rule and every word of the answer is Python's (validator.page_report).

// The site root, for the support report's links.
const SITE_ROOT = new URL("../../", import.meta.url).href

/** The checker's answer function in a booted Python: check(values) -> {json, text, page}, as
 * validator.page_report(values, SITE_ROOT) gives them. A field not touched yet (null) goes as
 * undefined: None to Python. */
export function pageReport(pyodide) {
  const report = pyodide.runPython("from validator import page_report\npage_report")
  /** @param {import("./checker-contract.js").Values} values */
  return (values) => {
    const fields = pyodide.toPy(
      Object.fromEntries(Object.entries(values).map(([name, value]) => [name, value ?? undefined])),
    )
    try {
      const proxy = report(fields, SITE_ROOT)
      try {
        const [json, text, page] = proxy.toJs()
        return { json, text, page }
      } finally {
        proxy.destroy()
      }
    } finally {
      fields.destroy()
    }
  }
}
