// The site's own worker (../assets/javascripts/checker-worker.js) with none of the
// guide page around it: one check of ?site_id=, the answer in #verdict (data-done;
// data-error on failure).
const verdict = document.getElementById("verdict")
const worker = new Worker("../assets/javascripts/checker-worker.js", { type: "module" })
worker.onmessage = ({ data }) => {
  if (data.type !== "result" && data.type !== "error") return
  verdict.textContent = data.type === "result" ? data.report.summary : `error: ${data.kind}`
  if (data.type === "error") verdict.dataset.error = "1"
  verdict.dataset.done = "1"
}
const values = { api_key: null, account_id: null, site_id: new URLSearchParams(location.search).get("site_id") }
worker.postMessage({ type: "check", seq: 1, values })
