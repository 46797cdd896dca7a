// The credential checker, page side: wires every [data-credential-checker] on
// each page the theme shows. Material's instant navigation swaps the page body
// without reloading this module, so wiring follows document$, and what was
// typed is kept here, in memory, for the tab's lifetime: back from a
// troubleshooting entry, the checker shows it again. A full page load (Back
// without instant navigation) gets it from the browser's back/forward cache.
//
// checker-runtime.js runs the worker; checker-view.js shows one checker.
import { FIELDS } from "./checker-contract.js"
import { CheckerView } from "./checker-view.js"

// Page path and position on the page → { values } (null: not touched yet).
const memory = new Map()
const views = new Set()

function wire() {
  for (const view of views) {
    if (view.root.isConnected) continue
    view.detach()
    views.delete(view)
  }
  document.querySelectorAll("[data-credential-checker]").forEach((root, index) => {
    if (root.dataset.ccWired) return
    root.dataset.ccWired = "true"
    const key = `${location.pathname}#${index}`
    if (!memory.has(key)) memory.set(key, { values: Object.fromEntries(FIELDS.map((name) => [name, null])) })
    views.add(new CheckerView(root, memory.get(key)))
  })
}

// Back to a page the browser kept whole, Safari's WebKit empties every text field marked autocomplete=off,
// in a task it queues as the page comes back, before pageshow (the key's textarea keeps its text). The values
// are put back from memory in a task queued behind it: a message's (a timer may fire first in WebKitGTK).
addEventListener("pageshow", (event) => {
  if (!event.persisted) return
  const channel = new MessageChannel()
  channel.port1.onmessage = () => {
    channel.port1.close()
    for (const view of views) view.restore()
  }
  channel.port2.postMessage(null)
})

if (typeof document$ !== "undefined" && document$.subscribe) document$.subscribe(wire)
else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire)
else wire()
