// `mkdocs serve` only: MkDocs's live-reload poller as a file. MkDocs injects
// it as an inline script, which the page's CSP refuses; sitebuild/dev_server.py
// makes the dev server inject <script src=this data-epoch data-request-id>
// instead. Same logic as mkdocs/livereload (1.6.1). Unused in a built site.
;(() => {
  const script = document.currentScript
  const epoch = Number.parseFloat(script.dataset.epoch)
  const requestId = script.dataset.requestId
  let req
  let timeout

  function poll() {
    req = new XMLHttpRequest()
    req.onloadend = function () {
      if (Number.parseFloat(this.responseText) > epoch) location.reload()
      else timeout = setTimeout(poll, this.status === 200 ? 0 : 3000)
    }
    req.open("GET", `/livereload/${epoch}/${requestId}`)
    req.send()
  }

  function stop() {
    if (req) req.abort()
    if (timeout) clearTimeout(timeout)
    req = timeout = undefined
  }

  window.addEventListener("load", () => {
    if (document.visibilityState === "visible") poll()
  })
  window.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") poll()
    else stop()
  })
  window.addEventListener("beforeunload", stop)
})()
