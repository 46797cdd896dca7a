// Material's partials/javascripts/content.html as a file (the CSP allows no
// inline script): restores linked content tabs and opens a tab named by the
// address's fragment.
;(() => {
  if (document.currentScript?.hasAttribute("data-tabs-link")) {
    const tabs = __md_get("__tabs")
    if (Array.isArray(tabs))
      e: for (const set of document.querySelectorAll(".tabbed-set")) {
        const labels = set.querySelector(".tabbed-labels")
        for (const tab of tabs) {
          for (const label of labels.getElementsByTagName("label")) {
            // biome-ignore lint/performance/useDomNodeTextContent: the label as the reader sees it, as Material compares it
            if (label.innerText.trim() === tab) {
              document.getElementById(label.htmlFor).checked = true
              continue e
            }
          }
        }
      }
  }
  const target = document.getElementById(location.hash.slice(1))
  if (target?.name) target.checked = target.name.startsWith("__tabbed_")
})()
