// A link to an entry on another page lands on the entry, even when it is followed
// right after a scroll. The theme saves the scroll position into the current
// history entry 100 ms after scrolling stops: when the link is quicker, the old
// page's position lands on the new entry, and the theme scrolls there instead of
// to the entry. Back and Forward keep the positions the theme restores.
let viaHistory = false
let swapped = false

addEventListener("popstate", () => {
  viaHistory = true
})
addEventListener(
  "click",
  () => {
    viaHistory = false
  },
  true,
)

function land() {
  // The first document is the browser's (a reload restores its own position); later ones are swaps.
  const followed = swapped && !viaHistory && history.state !== null
  swapped = true
  if (!followed || !location.hash) return
  // As the theme goes to an entry: a link to the address itself (which replaces the entry's stale
  // position), so the entry is :target and the theme's scroll margin keeps it below the header.
  const link = document.createElement("a")
  link.href = location.hash
  link.click()
}

// Material's instant navigation swaps pages without a reload; without it there is nothing to mend.
if (typeof document$ !== "undefined") document$.subscribe(land)
