// The event table, the evidence panel (each report's sentence with trigger and actors highlighted) and the
// document view. Every piece of stored text goes in as a text node (el() children), never as markup.
import { QUADS, el, fmt, replace, safeUrl } from "./dom.js";

const MARK_CLASSES = { evidence: "m-evidence", trigger: "m-trigger", source: "m-source", target: "m-target" };

/** Text cut into segments → spans whose classes come from a fixed list (the marks are data, never classes). */
export function highlighted(segments) {
  return segments.map((s) => {
    const classes = s.marks.map((k) => MARK_CLASSES[k]).filter(Boolean);
    return classes.length ? el("span", { class: classes.join(" ") }, s.text) : document.createTextNode(s.text);
  });
}

function quadDot(q) {
  return el("span", { class: `quad q${q || 0}`, title: q ? QUADS[q - 1] : "unclassified" });
}

function when(e) {
  if (!e.date) return "undated";
  if (e.date_precision === "month") return e.date.slice(0, 7);
  if (e.date_precision === "year") return e.date.slice(0, 4);
  return e.date;
}

/** Fill the table body with one page of events; onPick(id) when a row is clicked. */
export function renderTable(tbody, events, onPick, selected) {
  const rows = events.map((e) => {
    const arrow = ["CONSULT", "AGREE", "COOPERATE"].includes(e.event) ? "–" : "→";
    const tr = el("tr", { "data-event-id": e.id, class: e.id === selected ? "selected" : null, tabindex: "0" },
      el("td", {}, when(e)),
      el("td", {}, `${e.source} ${arrow} ${e.target}`),
      el("td", {}, quadDot(e.quad), e.event, e.mode ? ` (${e.mode})` : ""),
      el("td", {}, e.status || ""),
      el("td", { class: "num" }, fmt(e.goldstein)),
      el("td", { class: "num" }, String(e.n_mentions)),
      el("td", {}, e.languages.join(", ")));
    tr.addEventListener("click", () => onPick(e.id));
    tr.addEventListener("keydown", (ev) => { if (ev.key === "Enter") onPick(e.id); });
    return tr;
  });
  if (!rows.length) rows.push(el("tr", {}, el("td", { colspan: "7", class: "hint" }, "No events match.")));
  replace(tbody, rows);
}

function docLine(m, onDocument) {
  const d = m.document;
  const url = safeUrl(d.url);
  const open = el("button", { type: "button", class: "linkish", "data-doc-id": d.id }, d.title || d.id);
  open.addEventListener("click", () => onDocument(d.id));
  return el("p", { class: "meta" },
    open, ` · ${d.outlet || "unknown outlet"} · ${d.published || "undated"} · ${m.lang || "und"}`,
    url ? [" · ", el("a", { href: url, rel: "noopener noreferrer nofollow", target: "_blank" }, "source")] : null);
}

/** The selected event and every report of it. */
export function renderEvidence(box, event, onDocument) {
  const q = event.quad ? QUADS[event.quad - 1] : "unclassified";
  const mentions = event.mentions.map((m) => el("div", { class: "mention", "data-mention-id": String(m.id) },
    el("p", { class: "sentence" }, highlighted(m.segments)),
    docLine(m, onDocument),
    el("p", { class: "meta" },
      `${m.source.country}${m.source.name ? ` (${m.source.name})` : ""} → ${m.target.country}`
      + `${m.target.name ? ` (${m.target.name})` : ""} · rule ${m.rule} · confidence ${fmt(m.confidence, 2)}`
      + ` · ${m.date || "no date"} (${m.date_precision})`)));
  replace(box,
    el("p", { class: "event-head", "data-event-id": event.id },
      `${when(event)} · ${event.source} → ${event.target} · ${event.event}${event.mode ? ` (${event.mode})` : ""}`),
    el("p", { class: "meta" }, `${event.status} · ${q} · Goldstein ${fmt(event.goldstein)} · PLOVER `
      + `${fmt(event.plover)} · ${event.n_mentions} report(s) in ${event.n_docs} document(s)`),
    event.n_mentions > 1 ? el("p", { class: "event-why" }, `Merged: ${event.why || ""}`) : null,
    mentions);
}

/** Show a document with its evidence highlighted in the overlay. */
export function renderDocument(view, doc) {
  replace(view.querySelector("#doc-title"), doc.title || doc.path || doc.id);
  const url = safeUrl(doc.url);
  replace(view.querySelector("#doc-meta"),
    `${doc.source || "unknown outlet"} · ${doc.published || "undated"} · ${doc.lang || "und"} · `
    + `${doc.n_sentences} sentences · ${doc.mentions.length} event reports · ${doc.format || ""} · ${doc.path || ""}`,
    url ? [" · ", el("a", { href: url, rel: "noopener noreferrer nofollow", target: "_blank" }, "original")] : null);
  const note = doc.repaired_text
    ? el("p", { class: "meta" }, "Damaged sentences were repaired: this is the repaired text the coder read.")
    : null;
  replace(view.querySelector("#doc-text"), note, highlighted(doc.segments));
  view.hidden = false;
  view.querySelector("#doc-close").focus();
}
