// One credential checker on the page: its fields, what Python said about them,
// and how loading goes. Every rule is Python's (in the worker); this only
// shows values and answers.
//
// What the merchant typed lives in `memory.values` (null: not touched yet),
// an object the page module keeps for the tab's lifetime, so a round trip to
// a troubleshooting entry by instant navigation finds it again. Never in
// storage, the address, the history or the console. Typed text is only ever
// set as text.
import { FIELDS } from "./checker-contract.js"
import * as runtime from "./checker-runtime.js"

// The site root (this file is in <root>/assets/javascripts/): works under any sub-path.
const ROOT = new URL("../../", import.meta.url)

/** What the merchant is told for each failure kind. @type {Record<import("./checker-contract.js").Failure, string>} */
const FAILURES = {
  network: "its files could not be downloaded",
  integrity: "its files are not the ones this site published",
  unsupported: "this browser cannot run it",
  startup: "it could not start in this browser",
  check: "it stopped working",
}

let instances = 0

export class CheckerView {
  constructor(root, memory) {
    this.root = root
    this.memory = memory
    this.id = `cc${++instances}`
    const find = (name) => root.querySelector(`[data-cc-${name}]`)
    this.app = find("app")
    this.progress = find("progress")
    this.status = find("status")
    this.summary = find("summary")
    this.reportButton = find("report")
    this.copied = find("copied")
    this.notice = find("notice")
    this.noticeText = find("notice-text")
    this.retryButton = find("retry")
    this.checklist = find("checklist")
    this.fields = Object.fromEntries(FIELDS.map((name) => [name, this.wireField(name)]))
    this.inFlight = false
    this.dirty = false
    this.lastText = ""
    this.lastState = ""
    this.announcedHalf = false
    this.trouble = false
    this.lastField = this.fields.api_key.input // where the keyboard goes back to after Try again

    this.reportButton.addEventListener("click", () => this.copyReport())
    this.retryButton.addEventListener("click", () => {
      // Milestones are told for the first load only: a second "half loaded" would be old news.
      setText(this.noticeText, "Loading the checker again…")
      this.say("Loading the checker again.")
      runtime.restart()
    })
    // Nothing here submits, but a browser extension might wrap it in a form.
    root.addEventListener("submit", (event) => event.preventDefault())

    this.app.hidden = false
    this.checklist.hidden = true
    this.unsubscribe = runtime.subscribe(() => this.showRuntime())
    this.watch()
    this.showRuntime()
  }

  wireField(name) {
    const box = this.root.querySelector(`[data-cc-field="${name}"]`)
    const input = box.querySelector("[data-cc-input]")
    const label = box.querySelector("[data-cc-label]")
    const result = box.querySelector("[data-cc-result]")
    const field = { name, box, input, result, shown: "" }
    // Ids made here, so a page may hold more than one checker.
    input.id = `${this.id}-${name}`
    result.id = `${input.id}-result`
    label.htmlFor = input.id
    input.setAttribute("aria-describedby", result.id)
    if (this.memory.values[name] !== null) input.value = this.memory.values[name]
    // Typed or pasted before this script ran (a slow link): kept, and checked once the checker is ready.
    else if (input.value) this.memory.values[name] = input.value
    input.addEventListener("input", () => {
      this.memory.values[name] = input.value
      this.request()
    })
    input.addEventListener("focus", () => {
      this.lastField = input
      runtime.start()
    })
    // The key is one line: Enter adds nothing (a pasted key keeps its own line breaks, for Python to name).
    if (input.localName === "textarea") {
      input.addEventListener("keydown", (event) => {
        if (event.key === "Enter" && !event.isComposing) event.preventDefault()
      })
    }
    const title = label.textContent.trim()
    const copy = box.querySelector("[data-cc-copy]")
    copy.setAttribute("aria-label", `Copy the ${title}`)
    copy.addEventListener("click", () => this.copy(input.value, `${title} copied.`))
    const toggle = box.querySelector("[data-cc-toggle]")
    if (toggle) {
      toggle.addEventListener("click", () => {
        const show = toggle.getAttribute("aria-pressed") !== "true"
        toggle.setAttribute("aria-pressed", String(show))
        input.classList.toggle("cc-masked", !show)
        fitShown(input)
      })
      input.addEventListener("input", () => fitShown(input))
    }
    return field
  }

  // Start loading early: when the checker nears the viewport, or when the tab is idle.
  watch() {
    if ("IntersectionObserver" in window) {
      this.observer = new IntersectionObserver(
        (entries) => {
          if (entries.some((entry) => entry.isIntersecting)) runtime.start()
        },
        { rootMargin: "1500px 0px" },
      )
      this.observer.observe(this.root)
    }
    if ("requestIdleCallback" in window) requestIdleCallback(runtime.start, { timeout: 2000 })
    // Safari has no idle callback: the nearest moment is the page's load (a fixed delay here held its
    // checker back a second behind the other engines' on a fast link).
    else if (document.readyState === "complete") setTimeout(runtime.start)
    else addEventListener("load", () => setTimeout(runtime.start), { once: true })
  }

  detach() {
    if (this.observer) this.observer.disconnect()
    this.unsubscribe()
  }

  // Puts back what the merchant typed where the browser has emptied a field (see checker.js).
  restore() {
    for (const { name, input } of Object.values(this.fields)) {
      const typed = this.memory.values[name]
      if (typed === null || input.value === typed) continue
      input.value = typed
      fitShown(input)
    }
  }

  // One request in flight per checker; edits made meanwhile are sent when it answers.
  request() {
    if (this.inFlight) {
      this.dirty = true
      return
    }
    this.inFlight = true
    this.dirty = false
    runtime.check({ ...this.memory.values }).then((answer) => {
      this.inFlight = false
      if (!this.root.isConnected) return
      if (this.dirty)
        this.request() // the answer is for values that changed since: show nothing stale
      else if (answer) this.render(answer)
    })
  }

  render({ report, text, page }) {
    const base = new URL(page, ROOT)
    for (const field of Object.values(this.fields)) {
      const status = report.fields[field.name] // "untouched" for a field sent as null: nothing to say yet
      const findings = report.findings.filter((f) => f.field === field.name)
      // The result is a live region: touch it only when what it says changes, or it is read again.
      const shown = JSON.stringify([status, findings])
      if (shown === field.shown) continue
      field.shown = shown
      field.box.dataset.status = status
      field.input.setAttribute("aria-invalid", String(status === "error"))
      if (findings.length)
        field.result.replaceChildren(...findings.map((finding) => this.finding(field, finding, base)))
      else if (status === "untouched") field.result.replaceChildren()
      else field.result.replaceChildren(el("p", "cc-ok", "OK"))
    }
    setText(this.summary, report.summary)
    // Green only when all three are ready, red only for an error: a field not pasted yet is no alarm.
    this.summary.dataset.verdict = report.ready ? "ready" : report.ok ? "pending" : "error"
    this.lastText = text
    this.reportButton.disabled = false
  }

  finding(field, finding, base) {
    const box = el("div", `cc-finding cc-finding--${finding.severity}`)
    const message = el("p", "cc-message")
    message.append(el("strong", "", finding.severity === "error" ? "Problem: " : "Warning: "), `${finding.message} `)
    const link = el("a", "cc-link", "How to fix this")
    link.href = new URL(`#${finding.anchor}`, base).href
    message.append(link)
    box.append(message)
    if (finding.suggestion !== undefined && !finding.suggestion_redacted) {
      const value = finding.suggestion
      const use = el("button", "cc-button cc-use", field.name === "api_key" ? "Use the corrected key" : `Use ${value}`)
      use.type = "button"
      use.addEventListener("click", () => {
        field.input.value = value
        this.memory.values[field.name] = value
        fitShown(field.input)
        field.input.focus()
        this.request()
      })
      box.append(use)
    }
    return box
  }

  showRuntime() {
    const { state, loaded, total, stalled, failure } = runtime.status
    this.progress.hidden = state === "ready" || state === "failed"
    if (state === "idle") setText(this.progress, "The checker starts when you reach it.")
    else if (state === "loading") setText(this.progress, progressText(loaded, total, stalled))

    if (state !== this.lastState) {
      if (state === "loading" && this.lastState !== "failed" && this.lastState !== "loading")
        this.say("Loading the checker.")
      if (state === "ready") {
        this.say("") // loading news is old news now: Python's summary says what is next
        // Checked as soon as it can: values typed meanwhile or kept from an earlier
        // visit, or none yet (then the summary says what to paste).
        if (!this.inFlight) this.request()
      }
      this.lastState = state
    }
    if (state === "loading" && total && loaded * 2 >= total && !this.announcedHalf) {
      this.announcedHalf = true
      this.say("The checker is half loaded.")
    }

    // Once in trouble (a stall or a failure), the notice with Try again stays until
    // the checker is ready, and the checklist stays for good: new bytes arriving
    // after a stall must not make them flicker.
    if (state === "failed" || stalled) this.trouble = true
    if (state === "ready") this.trouble = false
    if (state === "failed") {
      this.tell(
        `The checker cannot run here: ${FAILURES[failure] || FAILURES.startup}. Nothing you typed was sent anywhere.`,
        failure !== "unsupported",
      )
      this.reportButton.disabled = false
    } else if (stalled) {
      this.tell("Loading the checker has stalled: nothing new has arrived for a while.", true)
    }
    if (!this.trouble && this.notice.contains(document.activeElement)) this.lastField.focus()
    this.notice.hidden = !this.trouble
    this.retryButton.hidden = !this.trouble || failure === "unsupported"
    if (this.trouble) this.checklist.hidden = false
  }

  // What went wrong, in the notice and once to screen readers, with what to do.
  tell(line, canRetry = false) {
    setText(this.noticeText, line)
    this.say(`${line} Check your values by hand with the list below${canRetry ? ", or press Try again" : ""}.`)
  }

  // The status line is a live region: it is read each time its text changes, never twice for one event.
  say(text) {
    setText(this.status, text)
  }

  copyReport() {
    const { state, failure } = runtime.status
    const stopped = state === "failed" ? `The checker in the page could not run (${failure}).` : ""
    const text = [this.lastText, stopped].filter(Boolean).join("\n\n")
    if (text) this.copy(text, "Report copied: paste it into your message to support.")
  }

  copy(text, done) {
    const say = (message) => {
      this.copied.textContent = message
      setTimeout(() => {
        if (this.copied.textContent === message) this.copied.textContent = ""
      }, 4000)
    }
    if (!text) return say("Nothing to copy yet.")
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        () => say(done),
        () => say("Copying was refused by the browser: select the text and copy it by hand."),
      )
    } else {
      say("This browser does not allow copying here: select the text and copy it by hand.")
    }
  }
}

function progressText(loaded, total, stalled) {
  const mb = (bytes) => (bytes / 1e6).toFixed(1)
  const amount = !loaded ? "" : total ? `: ${mb(loaded)} of ${mb(total)} MB` : `: ${mb(loaded)} MB`
  return `Loading the checker${amount}${stalled ? ", and nothing more for a while." : "…"}`
}

// Shown, the key grows to show all of it (up to the stylesheet's max-height): CSS does it
// where the browser has field-sizing, this where it has not (WebKit).
function fitShown(input) {
  if (input.localName !== "textarea" || CSS.supports("field-sizing", "content")) return
  input.style.height = ""
  if (!input.classList.contains("cc-masked"))
    input.style.height = `${input.scrollHeight + input.offsetHeight - input.clientHeight}px`
}

function setText(node, text) {
  if (node.textContent !== text) node.textContent = text
}

function el(tag, className, text) {
  const node = document.createElement(tag)
  if (className) node.className = className
  if (text !== undefined) node.textContent = text
  return node
}
