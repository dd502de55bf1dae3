// The series chart and the event timeline, drawn as plain SVG (no chart library, nothing from a CDN).
// Bars: events per period stacked by quad class; line: Goldstein sum (right axis); shaded bands: leaders'
// tenures; dashed lines: change points. All labels are SVG text nodes made with textContent.
import { QUADS, svg, replace } from "./dom.js";

const DAY = 86400000;
const QUAD_KEYS = ["verbal_coop", "material_coop", "verbal_conflict", "material_conflict"];

function time(iso) {
  return Date.parse(`${iso}T00:00:00Z`);
}

function niceMax(value) {
  if (value <= 0) return 1;
  const step = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * step >= value) return m * step;
  return 10 * step;
}

function truncate(text, chars) {
  return text.length > chars ? `${text.slice(0, Math.max(chars - 1, 1))}…` : text;
}

/** Draw the series; opts: {tenures, changes, onPick(point)}. Returns the number of bars drawn. */
export function drawSeries(container, points, opts = {}) {
  const width = Math.max(container.clientWidth || 760, 320);
  const height = 250;
  const m = { l: 38, r: 46, t: 22, b: 30 };
  const iw = width - m.l - m.r;
  const ih = height - m.t - m.b;
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "dyad series chart" });
  if (!points.length) {
    root.appendChild(svg("text", { x: m.l, y: height / 2 }, "No dated events in this range."));
    replace(container, root);
    return 0;
  }
  const t0 = time(points[0].start);
  const t1 = time(points[points.length - 1].end) + DAY;
  const x = (t) => m.l + ((t - t0) / (t1 - t0)) * iw;
  const stack = (p) => QUAD_KEYS.reduce((s, k) => s + p[k], 0);
  const yMax = niceMax(Math.max(...points.map((p) => Math.max(stack(p), p.n_events))));
  const y = (v) => m.t + ih - (v / yMax) * ih;
  const golds = points.map((p) => p.goldstein_sum || 0);
  const gLo = Math.min(0, ...golds);
  const gHi = Math.max(0, ...golds);
  const gSpan = gHi - gLo || 1;
  const gy = (v) => m.t + ih - ((v - gLo) / gSpan) * ih;

  // leaders' tenures as alternating background bands, labelled at the top
  (opts.tenures || []).forEach((p, i) => {
    const a = Math.max(time(p.start), t0);
    const b = Math.min(p.end ? time(p.end) + DAY : t1, t1);
    if (b <= a) return;
    const w = x(b) - x(a);
    root.appendChild(svg("rect", { x: x(a), y: m.t, width: w, height: ih, class: i % 2 ? "tenure-b" : "tenure-a" },
      svg("title", {}, `${p.start} – ${p.end || "now"}: ${p.label}`)));
    if (w > 40) root.appendChild(svg("text", { x: x(a) + 3, y: m.t - 4, class: "tenure-label" },
      truncate(p.label, Math.floor(w / 5.2))));
  });
  // grid and axes
  for (const v of [0, yMax / 2, yMax]) {
    root.appendChild(svg("line", { x1: m.l, x2: m.l + iw, y1: y(v), y2: y(v), class: "grid" }));
    root.appendChild(svg("text", { x: m.l - 4, y: y(v) + 3, "text-anchor": "end" }, String(Math.round(v * 10) / 10)));
  }
  for (const v of [gLo, 0, gHi]) {
    root.appendChild(svg("text", { x: m.l + iw + 4, y: gy(v) + 3, fill: "#1f4e8c" }, v.toFixed(1)));
  }
  root.appendChild(svg("line", { x1: m.l, x2: m.l + iw, y1: m.t + ih, y2: m.t + ih, class: "axis" }));
  // stacked bars per period
  let bars = 0;
  const every = Math.ceil(points.length / Math.max(Math.floor(iw / 64), 1));
  points.forEach((p, i) => {
    const xa = x(time(p.start));
    const xb = x(time(p.end) + DAY);
    const bw = Math.max(xb - xa - (xb - xa > 4 ? 1.5 : 0.3), 0.6);
    let base = 0;
    QUAD_KEYS.forEach((k, q) => {
      if (!p[k]) return;
      root.appendChild(svg("rect", { x: xa, y: y(base + p[k]), width: bw, height: y(base) - y(base + p[k]),
        class: `bar-q${q + 1}`, "data-period": p.period }));
      base += p[k];
      bars += 1;
    });
    const parts = QUAD_KEYS.map((k, q) => `${QUADS[q]} ${p[k]}`).join(", ");
    const gold = p.goldstein_sum === null ? "n/a" : p.goldstein_sum.toFixed(1);
    const hit = svg("rect", { x: xa, y: m.t, width: Math.max(xb - xa, 1), height: ih, class: "hit",
      "data-period": p.period }, svg("title", {}, `${p.period}: ${p.n_events} events (${parts}); Goldstein sum ${gold}`));
    if (opts.onPick) hit.addEventListener("click", () => opts.onPick(p));
    root.appendChild(hit);
    if (i % every === 0) {
      root.appendChild(svg("text", { x: xa, y: m.t + ih + 14 }, p.period));
    }
  });
  // Goldstein sum line
  const path = points.map((p, i) => {
    const cx = (x(time(p.start)) + x(time(p.end) + DAY)) / 2;
    return `${i ? "L" : "M"}${cx.toFixed(1)},${gy(p.goldstein_sum || 0).toFixed(1)}`;
  }).join(" ");
  root.appendChild(svg("path", { d: path, class: "gold-line" }));
  // change points
  (opts.changes || []).forEach((c, i) => {
    const cx = x(time(c.start));
    root.appendChild(svg("line", { x1: cx, x2: cx, y1: m.t, y2: m.t + ih, class: "change-line" },
      svg("title", {}, c.why)));
    const arrow = c.direction === "improving" || c.direction === "up" ? "▲" : "▼";
    const right = cx < m.l + iw - 70;
    root.appendChild(svg("text", { x: right ? cx + 3 : cx - 3, y: m.t + 11 + (i % 3) * 12, class: "change-label",
      "text-anchor": right ? "start" : "end" }, `${arrow} ${c.direction}`));
  });
  replace(container, root);
  return bars;
}

/** Draw dated events as dots over time in four lanes (quad classes); onPick(id) on click. */
export function drawTimeline(container, events, range, onPick, selected) {
  const width = Math.max(container.clientWidth || 760, 320);
  const height = 96;
  const m = { l: 110, r: 12, t: 6, b: 18 };
  const dated = events.filter((e) => e.date);
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "event timeline" });
  if (!dated.length) {
    root.appendChild(svg("text", { x: 8, y: 40 }, "No dated events on this page."));
    replace(container, root);
    return;
  }
  const times = dated.map((e) => time(e.date));
  const t0 = range.from ? time(range.from) : Math.min(...times);
  const t1 = Math.max(range.to ? time(range.to) : Math.max(...times), t0 + DAY);
  const iw = width - m.l - m.r;
  const lane = (height - m.t - m.b) / 4;
  const x = (t) => m.l + ((t - t0) / (t1 - t0)) * iw;
  QUADS.forEach((name, q) => {
    root.appendChild(svg("text", { x: 4, y: m.t + lane * q + lane / 2 + 3 }, name));
    root.appendChild(svg("line", { x1: m.l, x2: m.l + iw, y1: m.t + lane * (q + 0.5), y2: m.t + lane * (q + 0.5),
      class: "grid" }));
  });
  root.appendChild(svg("text", { x: m.l, y: height - 4 }, new Date(t0).toISOString().slice(0, 10)));
  root.appendChild(svg("text", { x: m.l + iw, y: height - 4, "text-anchor": "end" },
    new Date(t1).toISOString().slice(0, 10)));
  for (const e of dated) {
    const q = e.quad || 0;
    const cy = m.t + lane * ((q || 4) - 0.5);
    const r = Math.min(3 + 1.5 * Math.sqrt(Math.max(e.n_mentions - 1, 0)), 9);
    const dot = svg("circle", { cx: x(time(e.date)), cy, r, class: `dot q${q}${e.id === selected ? " selected" : ""}`,
      "data-event-id": e.id }, svg("title", {}, `${e.date} ${e.source} → ${e.target}: ${e.event}`));
    dot.addEventListener("click", () => onPick(e.id));
    root.appendChild(dot);
  }
  replace(container, root);
}
