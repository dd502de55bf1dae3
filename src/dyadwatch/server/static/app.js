// dyadwatch dashboard: pick a pair and a range → series chart with tenures and change points, timeline,
// event table, evidence with highlighted spans, document view. State lives in the URL hash.
import { ApiError, api, el, getToken, replace, setToken } from "./dom.js";
import { drawSeries, drawTimeline } from "./chart.js";
import { renderDocument, renderEvidence, renderTable } from "./views.js";

const $ = (id) => document.getElementById(id);
const PAGE = 25;
const state = { a: "", b: "", from: "", to: "", period: "auto", type: "", lang: "", status: "", offset: 0,
  selected: null, pickedPeriod: null };
let current = { events: [], total: 0 };

function status(text, isError = false) {
  const line = $("status-line");
  line.textContent = text;
  line.classList.toggle("error", isError);
}

function readHash() {
  const params = new URLSearchParams(window.location.hash.slice(1));
  for (const key of ["a", "b", "from", "to", "period", "type", "lang", "status"]) {
    if (params.has(key)) state[key] = params.get(key);
  }
}

function writeHash() {
  const params = new URLSearchParams();
  for (const key of ["a", "b", "from", "to", "period", "type", "lang", "status"]) {
    if (state[key] && !(key === "period" && state[key] === "auto")) params.set(key, state[key]);
  }
  window.history.replaceState(null, "", `#${params.toString()}`);
}

function autoPeriod(first, last) {
  const days = (Date.parse(last) - Date.parse(first)) / 86400000;
  if (!Number.isFinite(days)) return "month";
  if (days > 365 * 15) return "year";
  if (days > 365 * 4) return "quarter";
  if (days > 400) return "month";
  return days > 120 ? "week" : "day";
}

function filterParams() {
  return { a: state.a, b: state.b, type: state.type, lang: state.lang, status: state.status };
}

async function loadFacets() {
  const facets = await api("/api/facets");
  const pairSel = $("pair");
  replace(pairSel, facets.pairs.map((p) => el("option", { value: `${p.a}-${p.b}` }, `${p.a}–${p.b} (${p.n_events})`)));
  for (const t of facets.types) $("type").appendChild(el("option", { value: t }, t));
  for (const l of facets.languages) $("lang").appendChild(el("option", { value: l }, l));
  if (!state.a && facets.pairs.length) {
    const usaAze = facets.pairs.find((p) => p.a === "AZE" && p.b === "USA");
    const pick = usaAze || facets.pairs[0];
    [state.a, state.b] = [pick.a, pick.b];
  }
  pairSel.value = [state.a, state.b].sort().join("-");
  $("from").value = state.from;
  $("to").value = state.to;
  $("period").value = state.period;
  $("type").value = state.type;
  $("lang").value = state.lang;
  $("status").value = state.status;
}

async function loadChart() {
  const base = filterParams();
  const statusList = state.status || "occurred";
  // the range of the pair's dated events decides the automatic period
  let period = state.period;
  if (period === "auto") {
    let first = state.from;
    let last = state.to;
    if (!first || !last) {
      const [oldest, newest] = await Promise.all([
        api("/api/events", { ...base, from: state.from, to: state.to, limit: 1, order: "asc" }),
        api("/api/events", { ...base, from: state.from, to: state.to, limit: 1, order: "desc" }),
      ]);
      first = first || (oldest.items[0] && oldest.items[0].date);
      last = last || (newest.items[0] && newest.items[0].date);
    }
    period = autoPeriod(first, last);
  }
  const [series, periods] = await Promise.all([
    api("/api/series", { ...base, status: statusList, period, from: state.from, to: state.to }),
    api("/api/periods", { a: state.a, b: state.b, from: state.from, to: state.to, period: "month" }),
  ]);
  const points = series.points;
  const tenures = periods.tenures.filter((p) => p.kind === "tenure");
  const bars = drawSeries($("chart"), points, { tenures, changes: periods.changes, onPick: pickPeriod });
  $("chart").dataset.bars = String(bars);
  const total = points.reduce((s, p) => s + p.n_events, 0);
  replace($("chart-title"), `${state.a}–${state.b}: ${statusList} events per ${period} (${total} in the chart)`);
  replace($("legend"),
    ["verbal cooperation", "material cooperation", "verbal conflict", "material conflict"].map((name, i) =>
      el("span", {}, el("span", { class: `swatch sw-q${i + 1}` }), name)),
    el("span", {}, el("span", { class: "swatch sw-gold" }), "Goldstein sum (right axis)"),
    el("span", {}, el("span", { class: "swatch sw-tenure" }), "leaders in office"),
    el("span", {}, el("span", { class: "swatch sw-change" }), "change point"));
  replace($("changes"), periods.changes.map((c) => el("li", {},
    `${c.period}: ${c.direction} (${c.metric} ${c.before.toFixed(2)} → ${c.after.toFixed(2)})`,
    c.drivers.length ? ` — driven by ${c.drivers.map((e) => `${e.date} ${e.event}`).join("; ")}` : "")));
}

function pickPeriod(point) {
  state.pickedPeriod = state.pickedPeriod === point.period ? null : point.period;
  state.offset = 0;
  loadEvents(point).catch(showError);
}

async function loadEvents(point) {
  const range = state.pickedPeriod && point ? { from: point.start, to: point.end } : { from: state.from, to: state.to };
  const page = await api("/api/events", { ...filterParams(), ...range, limit: PAGE, offset: state.offset });
  current = { events: page.items, total: page.total, exact: page.total_exact };
  renderTable($("events").tBodies[0], page.items, selectEvent, state.selected);
  const first = page.total ? state.offset + 1 : 0;
  replace($("page-info"), `${first}–${state.offset + page.items.length} of ${page.total}${page.total_exact ? "" : "+"}`
    + (state.pickedPeriod ? ` in ${state.pickedPeriod}` : ""));
  $("prev").disabled = state.offset === 0;
  $("next").disabled = state.offset + PAGE >= page.total;
  drawTimeline($("timeline"), page.items, range, selectEvent, state.selected);
}

async function selectEvent(id) {
  state.selected = id;
  for (const tr of $("events").tBodies[0].rows) tr.classList.toggle("selected", tr.dataset.eventId === id);
  for (const dot of $("timeline").querySelectorAll("circle")) dot.classList.toggle("selected", dot.dataset.eventId === id);
  const event = await api(`/api/events/${encodeURIComponent(id)}`);
  renderEvidence($("evidence"), event, (docId) => openDocument(docId).catch(showError));
}

async function openDocument(id) {
  const doc = await api(`/api/documents/${encodeURIComponent(id)}`);
  renderDocument($("doc-view"), doc);
}

function showError(err) {
  status(err instanceof ApiError ? `${err.status} ${err.code}: ${err.message}` : String(err), true);
}

async function refresh() {
  status("loading…");
  document.body.dataset.loading = "true";
  writeHash();
  try {
    await Promise.all([loadChart(), loadEvents(null)]);
    status(`${current.total}${current.exact ? "" : "+"} events match`);
  } finally {
    document.body.dataset.loading = "false";
  }
}

function readForm() {
  [state.a, state.b] = ($("pair").value || "-").split("-");
  for (const key of ["from", "to", "period", "type", "lang", "status"]) state[key] = $(key).value;
  if (state.from && state.to && state.to < state.from) [state.from, state.to] = [state.to, state.from];
  state.offset = 0;
  state.pickedPeriod = null;
}

async function upload(ev) {
  ev.preventDefault();
  setToken($("token").value.trim());
  const file = $("upload-file").files[0];
  if (!file) return;
  const form = new FormData();
  form.append("file", file);
  if ($("upload-published").value) form.append("published", $("upload-published").value);
  try {
    const res = await api("/api/documents", {}, { method: "POST", body: form });
    $("upload-result").textContent = `${res.filename}: ${res.documents.length} stored, ${res.skipped} already there, `
      + `${res.failed} failed, ${res.mentions} reports, ${res.events} new events`;
    await loadFacets();
    await refresh();
  } catch (err) {
    $("upload-result").textContent = err.message;
  }
}

function wire() {
  $("filters").addEventListener("submit", (ev) => {
    ev.preventDefault();
    readForm();
    refresh().catch(showError);
  });
  $("pair").addEventListener("change", () => { readForm(); refresh().catch(showError); });
  $("prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - PAGE); loadEvents(null).catch(showError); });
  $("next").addEventListener("click", () => { state.offset += PAGE; loadEvents(null).catch(showError); });
  $("doc-close").addEventListener("click", () => { $("doc-view").hidden = true; });
  $("doc-view").addEventListener("click", (ev) => { if (ev.target === $("doc-view")) $("doc-view").hidden = true; });
  document.addEventListener("keydown", (ev) => { if (ev.key === "Escape") $("doc-view").hidden = true; });
  $("token").value = getToken();
  $("token").addEventListener("change", () => setToken($("token").value.trim()));
  $("upload-form").addEventListener("submit", upload);
  window.addEventListener("resize", () => { if (state.a) loadChart().catch(showError); });
}

async function main() {
  wire();
  readHash();
  try {
    await loadFacets();
    if (state.a) await refresh();
    else status("No events stored yet: ingest or upload documents.");
  } catch (err) {
    showError(err);
  }
  document.body.dataset.ready = "true";
}

main();
