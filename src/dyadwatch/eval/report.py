"""Evaluation report: P/R/F1 per language (strict and lenient), confusion table of event types, JSON form."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from dyadwatch.eval.matching import lenient_match, match, pred_fields, strict_match

NONE = "-"


@dataclass(frozen=True)
class PRF:
    """Counts and scores of one matching."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(frozen=True)
class Report:
    """Evaluation results. ``strict``/``lenient`` map a language (and ``"all"``) to :class:`PRF`."""

    strict: dict[str, PRF]
    lenient: dict[str, PRF]
    confusion: dict[tuple[str, str], int]  # (gold type, predicted type) over lenient pair matches; "-" = none
    errors: list[dict[str, Any]] = field(default_factory=list)  # unmatched gold/predicted (strict)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form of the report."""
        return {
            "strict": {k: v.to_json() for k, v in self.strict.items()},
            "lenient": {k: v.to_json() for k, v in self.lenient.items()},
            "confusion": [{"gold": g, "predicted": p, "count": n} for (g, p), n in sorted(self.confusion.items())],
            "errors": self.errors,
        }


def _lang_of(item: dict[str, Any], doc_lang: dict[str, str]) -> str:
    return item.get("lang") or doc_lang.get(item.get("doc_id", ""), "und")


def evaluate(gold: list[dict[str, Any]], predicted: list[dict[str, Any]]) -> Report:
    """Compare predicted (extract-format dicts) with gold events, document by document.

    Only documents that have gold events or that the gold file names are scored; predicted events of other
    documents are ignored (so a gold file may cover part of a corpus).
    """
    doc_lang: dict[str, str] = {}
    by_doc_g: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for g in gold:
        by_doc_g[g["doc_id"]].append(g)
        if g.get("lang"):
            doc_lang[g["doc_id"]] = g["lang"]
    by_doc_p: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for p in predicted:
        if p.get("doc_id") in by_doc_g:
            by_doc_p[p["doc_id"]].append(p)
    counts = {name: defaultdict(Counter) for name in ("strict", "lenient")}
    confusion: Counter[tuple[str, str]] = Counter()
    errors: list[dict[str, Any]] = []
    for doc_id, gs in by_doc_g.items():
        ps = by_doc_p.get(doc_id, [])
        lang = doc_lang.get(doc_id) or (_lang_of(ps[0], doc_lang) if ps else "und")
        for name, ok in (("strict", strict_match), ("lenient", lenient_match)):
            pairs = match(gs, ps, ok)
            c = counts[name]
            for key in (lang, "all"):
                c[key]["tp"] += len(pairs)
                c[key]["fp"] += len(ps) - len(pairs)
                c[key]["fn"] += len(gs) - len(pairs)
            if name == "strict":
                mg = {i for i, _ in pairs}
                mp = {j for _, j in pairs}
                errors += [{"kind": "missed", "doc_id": doc_id, **_brief_g(g)} for i, g in enumerate(gs) if i not in mg]
                errors += [
                    {"kind": "spurious", "doc_id": doc_id, **_brief_p(p)} for j, p in enumerate(ps) if j not in mp
                ]
        # confusion of types: pair-only matching (unordered countries), so type errors are visible
        pairs = match(gs, ps, lambda g, p: {g["source"], g["target"]} == set(pred_fields(p)[1:3]))
        mg = {i for i, _ in pairs}
        mp = {j for _, j in pairs}
        for i, j in pairs:
            confusion[(gs[i]["event"], pred_fields(ps[j])[0])] += 1
        for i in range(len(gs)):
            if i not in mg:
                confusion[(gs[i]["event"], NONE)] += 1
        for j in range(len(ps)):
            if j not in mp:
                confusion[(NONE, pred_fields(ps[j])[0])] += 1
    strict = {k: PRF(v["tp"], v["fp"], v["fn"]) for k, v in counts["strict"].items()}
    lenient = {k: PRF(v["tp"], v["fp"], v["fn"]) for k, v in counts["lenient"].items()}
    return Report(strict, lenient, dict(confusion), errors)


def _brief_g(g: dict[str, Any]) -> dict[str, Any]:
    return {k: g.get(k) for k in ("event", "mode", "source", "target", "directed", "date", "trigger", "sentence")}


def _brief_p(p: dict[str, Any]) -> dict[str, Any]:
    ev, src, tgt, d, _ = pred_fields(p)
    return {
        "event": ev,
        "mode": (p.get("plover") or {}).get("mode"),
        "source": src,
        "target": tgt,
        "date": d.isoformat() if d else None,
        "trigger": (p.get("trigger") or {}).get("text"),
        "rule": p.get("rule"),
    }


def format_report(report: Report) -> str:
    """Plain-text report: a P/R/F1 table per language and overall, then the event-type confusion table."""
    lines = [f"{'lang':<6} {'mode':<8} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
    langs = [*sorted(k for k in report.strict if k != "all"), "all"]
    for lang in langs:
        for name, table in (("strict", report.strict), ("lenient", report.lenient)):
            m = table.get(lang)
            if m is None:
                continue
            lines.append(
                f"{lang:<6} {name:<8} {m.precision:6.3f} {m.recall:6.3f} {m.f1:6.3f} {m.tp:5d} {m.fp:5d} {m.fn:5d}"
            )
    types = sorted({g for g, _ in report.confusion} | {p for _, p in report.confusion}, key=lambda t: (t == NONE, t))
    if types:
        lines.append("")
        lines.append("confusion (rows gold, columns predicted; '-' = no counterpart for the same country pair)")
        w = max(9, *(len(t) for t in types)) + 1
        lines.append(" " * w + "".join(f"{t[:8]:>9}" for t in types))
        for g in types:
            row = [report.confusion.get((g, p), 0) for p in types]
            if any(row):
                lines.append(f"{g:<{w}}" + "".join(f"{n:>9}" for n in row))
    return "\n".join(lines)
