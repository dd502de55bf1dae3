"""Matching predicted events to gold events (one-to-one, greedy by best match).

* strict: same PLOVER event type, same source and target country (either direction when the gold event is
  ``directed: false``), and compatible dates (see :func:`date_match`);
* lenient: same quad class (or same type) and the same unordered country pair; dates are ignored.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from dyadwatch.coder.ontology import default_ontology

APPROX_DAYS = 7


def _d(v: Any) -> date | None:
    if not v:
        return None
    try:
        return date.fromisoformat(str(v)[:10])
    except ValueError:
        return None


def pred_fields(p: dict[str, Any]) -> tuple[str, str, str, date | None, str]:
    """(event, source country, target country, date, precision) of an extract-format dict (or a flat one)."""
    ev = p["plover"]["event"] if isinstance(p.get("plover"), dict) else p.get("event", "")
    src = p["source"]["country"] if isinstance(p.get("source"), dict) else p.get("source", "")
    tgt = p["target"]["country"] if isinstance(p.get("target"), dict) else p.get("target", "")
    return ev, src, tgt, _d(p.get("date")), p.get("date_precision") or "unknown"


def date_match(g: dict[str, Any], p: dict[str, Any]) -> bool:
    """Compatible dates: gold without a date matches anything; otherwise equal at the coarser precision
    (same month / same year), and within ±7 days when either side is ``approx``."""
    gd = _d(g.get("date"))
    if gd is None:
        return True
    _, _, _, pd, pp = pred_fields(p)
    if pd is None:
        return False
    gp = g.get("date_precision") or "day"
    precs = {gp, pp}
    if "year" in precs:
        return gd.year == pd.year
    if "month" in precs:
        return (gd.year, gd.month) == (pd.year, pd.month)
    if "approx" in precs or "unknown" in precs:
        return abs(gd - pd) <= timedelta(days=APPROX_DAYS)
    return gd == pd


def _pair_ok(g: dict[str, Any], src: str, tgt: str, directed: bool) -> bool:
    if (g["source"], g["target"]) == (src, tgt):
        return True
    return not directed and (g["source"], g["target"]) == (tgt, src)


def strict_match(g: dict[str, Any], p: dict[str, Any]) -> bool:
    """Strict match: type + source + target (direction free when gold ``directed`` is false) + date."""
    ev, src, tgt, _, _ = pred_fields(p)
    return ev == g["event"] and _pair_ok(g, src, tgt, g.get("directed", True) is not False) and date_match(g, p)


def lenient_match(g: dict[str, Any], p: dict[str, Any]) -> bool:
    """Lenient match: same PLOVER quad class (or type) + the same unordered country pair."""
    ev, src, tgt, _, _ = pred_fields(p)
    if {src, tgt} != {g["source"], g["target"]}:
        return False
    if ev == g["event"]:
        return True
    onto = default_ontology()
    q = onto.quad(ev)
    return q is not None and q == onto.quad(g["event"])


def score(g: dict[str, Any], p: dict[str, Any]) -> float:
    """Tie-break preference among acceptable matches: more agreeing fields first."""
    ev, src, tgt, _, _ = pred_fields(p)
    s = 0.0
    s += 4 if ev == g["event"] else 0
    s += 2 if (src, tgt) == (g["source"], g["target"]) else 0
    s += 1 if date_match(g, p) else 0
    s += 0.5 if (p.get("plover") or {}).get("mode") == g.get("mode") else 0
    return s


def match(gold: list[dict[str, Any]], pred: list[dict[str, Any]], ok) -> list[tuple[int, int]]:
    """One-to-one greedy matching of gold and predicted events of ONE document under predicate ``ok``."""
    cands = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            if ok(g, p):
                cands.append((score(g, p), -i, -j, i, j))
    cands.sort(reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, _, _, i, j in cands:
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        pairs.append((i, j))
    return pairs
