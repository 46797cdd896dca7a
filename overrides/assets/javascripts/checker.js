/* The credential checker, page side. It holds no rule: it moves the three
 * values to the worker (checker-worker.js, where the Python checker runs) and
 * shows the answer. Loaded once per tab; Material's instant navigation swaps
 * the page body, so every [data-credential-checker] is wired from document$.
 *
 * Values stay in the inputs and in memory: never in storage, cookies, the
 * address, the history or the console. Typed text is only ever set as text.
 */
(function () {
  "use strict"

  // This file lives at <site root>/assets/javascripts/: the root works under any sub-path.
  const ROOT = new URL("../../", document.currentScript.src)
  const WORKER_URL = new URL("assets/javascripts/checker-worker.js", ROOT)
  const FIELDS = ["api_key", "account_id", "site_id"]
  // Loading with no sign of progress for this long: explain and show the checklist.
  const STALL_MS = 8000
  // Loading that never finishes, or a check with no answer: give up.
  const GIVE_UP_MS = 45000
  const CHECK_TIMEOUT_MS = 8000

  /* ---- The runtime: one worker per tab, started on demand ---- */

  const runtime = {
    worker: null,
    state: "idle", // idle | loading | ready | failed
    progress: "",
    slow: false,
    failure: "",
    seq: 0,
    pending: new Map(), // seq -> checker waiting for that answer
    checkers: new Set(),
    stallTimer: 0,
    giveUpTimer: 0,
  }

  function start() {
    if (runtime.state !== "idle") return
    if (typeof WebAssembly !== "object" || typeof WebAssembly.instantiate !== "function") {
      return fail("this browser does not run WebAssembly, or it is blocked here")
    }
    if (typeof Worker !== "function") {
      return fail("this browser does not run Web Workers")
    }
    runtime.state = "loading"
    try {
      runtime.worker = new Worker(WORKER_URL, { type: "module", name: "credential-checker" })
    } catch (error) {
      return fail("the checker's worker could not start")
    }
    runtime.worker.onmessage = onWorkerMessage
    runtime.worker.onerror = function (event) {
      event.preventDefault()
      fail(runtime.state === "ready" ? "the checker stopped unexpectedly" : "the checker's files could not be loaded")
    }
    runtime.worker.onmessageerror = function () { fail("the checker sent an answer this page cannot read") }
    runtime.giveUpTimer = setTimeout(function () { fail("loading the checker took too long") }, GIVE_UP_MS)
    setProgress("Starting the checker…")
  }

  function setProgress(text) {
    runtime.progress = text
    runtime.slow = false
    clearTimeout(runtime.stallTimer)
    runtime.stallTimer = setTimeout(function () {
      runtime.slow = true
      broadcast()
    }, STALL_MS)
    broadcast()
  }

  function onWorkerMessage(event) {
    const message = event.data || {}
    if (runtime.state === "failed") return
    if (message.type === "progress") {
      setProgress(progressText(message.loaded, message.total))
    } else if (message.type === "ready") {
      runtime.state = "ready"
      runtime.progress = ""
      clearTimeout(runtime.stallTimer)
      clearTimeout(runtime.giveUpTimer)
      broadcast()
      for (const checker of runtime.pending.values()) checker.armTimeout()
    } else if (message.type === "result") {
      const checker = runtime.pending.get(message.seq)
      runtime.pending.delete(message.seq)
      if (checker) checker.receive(message)
    } else if (message.type === "error") {
      fail(message.stage === "boot" ? "the checker could not start (" + message.kind + ")" : "the checker failed")
    }
  }

  function progressText(loaded, total) {
    const mb = (bytes) => (bytes / 1e6).toFixed(1)
    if (!loaded) return "Starting the checker…"
    return "Loading the checker: " + mb(loaded) + (total ? " of " + mb(total) : "") + " MB…"
  }

  function fail(reason) {
    if (runtime.state === "failed") return
    runtime.state = "failed"
    runtime.failure = reason
    clearTimeout(runtime.stallTimer)
    clearTimeout(runtime.giveUpTimer)
    if (runtime.worker) runtime.worker.terminate()
    runtime.pending.clear()
    broadcast()
  }

  function send(checker, values) {
    const seq = ++runtime.seq
    runtime.pending.set(seq, checker)
    runtime.worker.postMessage({ type: "check", seq: seq, values: values })
    return seq
  }

  function broadcast() {
    for (const checker of runtime.checkers) checker.showRuntime()
  }

  /* ---- One checker on the page ---- */

  let instances = 0

  function Checker(root) {
    this.root = root
    this.id = "cc" + ++instances
    this.app = root.querySelector("[data-cc-app]")
    this.progress = root.querySelector("[data-cc-progress]")
    this.summary = root.querySelector("[data-cc-summary]")
    this.reportButton = root.querySelector("[data-cc-report]")
    this.copied = root.querySelector("[data-cc-copied]")
    this.unavailable = root.querySelector("[data-cc-unavailable]")
    this.unavailableText = root.querySelector("[data-cc-unavailable-text]")
    this.checklist = root.querySelector("[data-cc-checklist]")
    this.fields = {}
    this.inFlight = 0 // seq of the request awaiting an answer
    this.dirty = false
    this.timeout = 0
    this.lastText = ""
    this.observer = null

    for (const name of FIELDS) {
      const box = root.querySelector('[data-cc-field="' + name + '"]')
      const input = box.querySelector("[data-cc-input]")
      const label = box.querySelector("[data-cc-label]")
      const result = box.querySelector("[data-cc-result]")
      // Ids made here, so a page may hold more than one checker.
      input.id = this.id + "-" + name
      result.id = input.id + "-result"
      label.htmlFor = input.id
      input.setAttribute("aria-describedby", result.id)
      const field = { name: name, box: box, input: input, result: result, touched: false }
      this.fields[name] = field
      // An emptied field is back to untouched: "empty" is only news for a field never filled.
      input.addEventListener("input", () => { field.touched = input.value !== ""; this.request() })
      input.addEventListener("focus", start)
      const copy = box.querySelector("[data-cc-copy]")
      copy.setAttribute("aria-label", "Copy the " + label.textContent.trim())
      copy.addEventListener("click", () => this.copy(input.value, label.textContent.trim() + " copied."))
      const toggle = box.querySelector("[data-cc-toggle]")
      if (toggle) toggle.addEventListener("click", function () {
        const show = toggle.getAttribute("aria-pressed") !== "true"
        toggle.setAttribute("aria-pressed", String(show))
        input.type = show ? "text" : "password"
      })
    }
    this.reportButton.addEventListener("click", () => {
      if (this.lastText) this.copy(this.lastText, "Report copied: paste it into your message to support.")
    })
    // Nothing here can submit, but a browser extension might wrap it in a form.
    root.addEventListener("submit", function (event) { event.preventDefault() })

    this.app.hidden = false
    this.checklist.hidden = true
    this.watch()
    runtime.checkers.add(this)
    this.showRuntime()
  }

  // Start loading early: when the checker nears the viewport, or when the tab is idle.
  Checker.prototype.watch = function () {
    if ("IntersectionObserver" in window) {
      this.observer = new IntersectionObserver(function (entries) {
        if (entries.some(function (entry) { return entry.isIntersecting })) start()
      }, { rootMargin: "1500px 0px" })
      this.observer.observe(this.root)
    }
    if ("requestIdleCallback" in window) requestIdleCallback(start, { timeout: 2000 })
    else setTimeout(start, 1000)
  }

  Checker.prototype.detach = function () {
    if (this.observer) this.observer.disconnect()
    clearTimeout(this.timeout)
    runtime.checkers.delete(this)
    for (const [seq, checker] of runtime.pending) if (checker === this) runtime.pending.delete(seq)
  }

  Checker.prototype.values = function () {
    const values = {}
    for (const name of FIELDS) values[name] = this.fields[name].input.value
    return values
  }

  // One request in flight per checker; edits made meanwhile are sent when it answers.
  Checker.prototype.request = function () {
    start()
    if (runtime.state === "failed") return
    if (this.inFlight) {
      this.dirty = true
      return
    }
    this.dirty = false
    this.inFlight = send(this, this.values())
    if (runtime.state === "ready") this.armTimeout()
  }

  Checker.prototype.armTimeout = function () {
    clearTimeout(this.timeout)
    this.timeout = setTimeout(function () { fail("the checker stopped answering") }, CHECK_TIMEOUT_MS)
  }

  Checker.prototype.receive = function (message) {
    clearTimeout(this.timeout)
    this.inFlight = 0
    if (!this.root.isConnected) return
    if (this.dirty) {
      // The answer is for values that have changed since: ask again, show nothing stale.
      this.request()
      return
    }
    this.render(message)
  }

  Checker.prototype.render = function (message) {
    const report = message.report
    const page = new URL(message.page, ROOT)
    for (const name of FIELDS) {
      const field = this.fields[name]
      const status = report.fields[name]
      field.result.replaceChildren()
      field.box.dataset.status = field.touched ? status : ""
      field.input.setAttribute("aria-invalid", String(field.touched && status === "error"))
      if (!field.touched) continue
      const findings = report.findings.filter(function (f) { return f.field === name })
      if (!findings.length) {
        field.result.append(el("p", "cc-ok", "OK"))
        continue
      }
      for (const finding of findings) field.result.append(this.finding(field, finding, page))
    }
    this.summary.textContent = report.summary
    this.summary.dataset.ok = String(report.ok)
    this.lastText = message.text
    this.reportButton.disabled = false
  }

  Checker.prototype.finding = function (field, finding, page) {
    const box = el("div", "cc-finding cc-finding--" + finding.severity)
    const text = el("p", "cc-message")
    text.append(el("strong", "", finding.severity === "error" ? "Problem: " : "Warning: "), finding.message + " ")
    const link = el("a", "cc-link", "How to fix this")
    link.href = new URL("#" + finding.anchor, page).href
    text.append(link)
    box.append(text)
    if (finding.suggestion !== undefined && !finding.suggestion_redacted) {
      const isKey = field.name === "api_key"
      const use = el("button", "cc-button cc-use", isKey ? "Use the corrected key" : "Use " + finding.suggestion)
      use.type = "button"
      const value = finding.suggestion
      use.addEventListener("click", () => {
        field.input.value = value
        field.touched = true
        field.input.focus()
        this.request()
      })
      box.append(use)
    }
    return box
  }

  Checker.prototype.showRuntime = function () {
    if (runtime.state === "failed") {
      this.app.hidden = true
      this.unavailable.hidden = false
      this.unavailableText.textContent = "The checker cannot run here: " + runtime.failure + ". Nothing you typed was sent anywhere."
      this.checklist.hidden = false
      this.detach()
      return
    }
    this.progress.hidden = runtime.state === "ready"
    if (runtime.state === "idle") this.progress.textContent = "The checker starts when you reach it."
    else if (runtime.state === "loading") {
      this.progress.textContent = runtime.progress + (runtime.slow
        ? " This is taking longer than usual; you can check by hand with the list below meanwhile."
        : "")
      this.checklist.hidden = !runtime.slow
    } else {
      this.checklist.hidden = true
      if (!this.summary.textContent) this.summary.textContent = "Ready: paste your three values."
    }
    this.app.setAttribute("aria-busy", String(runtime.state !== "ready"))
  }

  Checker.prototype.copy = function (text, done) {
    const say = (message) => {
      this.copied.textContent = message
      setTimeout(() => { if (this.copied.textContent === message) this.copied.textContent = "" }, 4000)
    }
    if (!text) return say("Nothing to copy yet.")
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { say(done) }, function () { say("Copying was refused by the browser: select the text and copy it by hand.") })
    } else {
      say("This browser does not allow copying here: select the text and copy it by hand.")
    }
  }

  function el(tag, className, text) {
    const node = document.createElement(tag)
    if (className) node.className = className
    if (text !== undefined) node.textContent = text
    return node
  }

  /* ---- Wiring, on every page the theme shows ---- */

  function wire() {
    for (const checker of Array.from(runtime.checkers)) if (!checker.root.isConnected) checker.detach()
    for (const root of document.querySelectorAll("[data-credential-checker]")) {
      if (root.dataset.ccWired) continue
      root.dataset.ccWired = "true"
      new Checker(root)
    }
  }

  if (typeof document$ !== "undefined" && document$.subscribe) document$.subscribe(wire)
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire)
  else wire()
})()
