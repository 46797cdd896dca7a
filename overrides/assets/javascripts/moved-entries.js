// A troubleshooting entry moved to another page leaves behind a link with its
// old id (`.moved-entry`, see CONTRIBUTING.md), so addresses support staff put
// in tickets keep working. An address naming that id goes on to the entry's new
// place, and replaces this one in the history: Back does not return to the link.
let leaving = false

function followMovedEntry() {
  const id = decodeURIComponent(location.hash.slice(1))
  const left = id && document.getElementById(id)
  if (!leaving && left && left.matches("a.moved-entry[href]")) {
    leaving = true
    location.replace(left.href)
  }
}

// Material's instant navigation swaps pages and follows in-page links without a reload.
if (typeof document$ !== "undefined") document$.subscribe(followMovedEntry)
else followMovedEntry()
if (typeof location$ !== "undefined") location$.subscribe(followMovedEntry)
addEventListener("hashchange", followMovedEntry)
// Back to this document from the back/forward cache: it may go on again.
addEventListener("pageshow", () => {
  leaving = false
})
