"""Trigger patterns: per-language data (``triggers.yaml``) compiled into an anchor-token index.

Pattern syntax (one string per alternative in ``match``): space-separated elements; an element is one or
more ``|``-separated alternatives: ``word`` (exact), ``stem*`` (any word starting with ``stem``),
``!stem*`` / ``!word`` (exclusion); ``~N`` between elements allows up to N other words in between.
Example: ``"telefon* ~1 görüş*|!görüşl*"``. Only the first element is looked up (dict/prefix index), so
matching costs O(words × prefix-lengths), not O(words × patterns). ``unless: {before: [...], after: [...],
window: N}`` rejects a match when one of those words (same syntax, plus ``*suffix``) is within N words
before/after it ("a visit", "hosts a military base"); ``requires: {before: [...], window: N}`` accepts a match
only after one of those words ("*mayı kabul etti" = accepted doing). ``target_cases`` overrides the
language's preferred target cases for one pattern. ``roles``: ``active`` (subject acts), ``passive`` (needs an agent:
"tarafından", or a "between A and B" group), ``mediator`` (the actor acts towards each party of the occasion).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from dyadwatch.coder.resources import CoderDataError
from dyadwatch.coder.text import Token

log = logging.getLogger(__name__)

MEMO_LIMIT = 200_000  # words whose candidate patterns are remembered
ELEMENT_MEMO_LIMIT = 20_000  # words whose match is remembered, per pattern element


@dataclass(frozen=True, slots=True)
class Element:
    exact: frozenset[str]
    prefixes: tuple[str, ...]
    not_exact: frozenset[str]
    not_prefixes: tuple[str, ...]
    gap: int  # words allowed between the previous element and this one
    suffixes: tuple[str, ...] = ()  # "*mayı": any word ending so (not allowed as the first element)
    _memo: dict[str, int] = field(default_factory=dict, compare=False, repr=False)  # word -> match()

    def match(self, tok: str) -> int:
        """Length of the matched stem (>=1), or -1 when ``tok`` does not match (memoised per word)."""
        got = self._memo.get(tok)
        if got is None:
            got = self._match(tok)
            if len(self._memo) >= ELEMENT_MEMO_LIMIT:
                self._memo.clear()
            self._memo[tok] = got
        return got

    def _match(self, tok: str) -> int:
        if tok in self.not_exact or (self.not_prefixes and tok.startswith(self.not_prefixes)):
            return -1
        if tok in self.exact:
            return len(tok)
        best = -1
        if self.prefixes and tok.startswith(self.prefixes):
            for p in self.prefixes:
                if tok.startswith(p) and len(p) > best:
                    best = len(p)
        if best < 0 and self.suffixes and any(tok.endswith(x) and len(tok) > len(x) for x in self.suffixes):
            return len(tok)
        return best


@dataclass(frozen=True, slots=True)
class Pattern:
    """One compiled trigger pattern (``id`` is the rule id reported with every mention)."""

    id: str
    elements: tuple[Element, ...]
    event: str
    mode: str | None
    context: str | None
    cameo: str
    roles: str
    status: str | None
    negatable: bool
    confidence: float
    suppress_before: int
    suppress_after: int
    unless_before: Element | None = None  # no match when one of these words is just before the trigger
    unless_after: Element | None = None  # ... or just after it
    unless_window: int = 1
    requires_before: Element | None = None  # a match needs one of these words just before the trigger
    requires_window: int = 1
    target_cases: tuple[str, ...] | None = None  # overrides the language's target cases for this pattern
    priority: int = 0  # wins overlaps against lower priorities ("said X had fired" over "fired ... at")
    pair_parties: bool = False  # mediator rules: the parties also met each other


@dataclass(frozen=True, slots=True)
class TriggerHit:
    pattern: Pattern
    tokens: tuple[int, ...]  # token indices of the matched elements
    remainder: str  # what follows the stem in the last matched word (for modality suffixes)

    @property
    def first(self) -> int:
        return self.tokens[0]

    @property
    def last(self) -> int:
        return self.tokens[-1]


def _element(spec: str, gap: int, where: str, suffixes_ok: bool = False) -> Element:
    exact, prefixes, nexact, nprefixes, suffixes = set(), [], set(), [], []
    for alt in spec.split("|"):
        neg = alt.startswith("!")
        alt = alt[1:] if neg else alt
        if not alt or alt == "*":
            raise CoderDataError(f"{where}: empty alternative in {spec!r}")
        if alt.startswith("*") and not neg:
            if not suffixes_ok:
                raise CoderDataError(f"{where}: a first element cannot be a suffix ({alt!r})")
            suffixes.append(alt[1:])
        elif alt.endswith("*"):
            (nprefixes if neg else prefixes).append(alt[:-1])
        else:
            (nexact if neg else exact).add(alt)
    if not exact and not prefixes and not suffixes:
        raise CoderDataError(f"{where}: element {spec!r} has no positive alternative")
    return Element(frozenset(exact), tuple(prefixes), frozenset(nexact), tuple(nprefixes), gap, tuple(suffixes))


def compile_sequence(text: str, where: str) -> tuple[Element, ...]:
    """Compile one ``match`` string into elements."""
    elems: list[Element] = []
    gap = 0
    for part in text.split():
        if part.startswith("~"):
            try:
                gap = int(part[1:])
            except ValueError as exc:
                raise CoderDataError(f"{where}: bad gap {part!r}") from exc
            if not elems:
                raise CoderDataError(f"{where}: pattern cannot start with a gap")
            continue
        elems.append(_element(part, gap, where, suffixes_ok=bool(elems)))
        gap = 0
    if not elems:
        raise CoderDataError(f"{where}: empty pattern")
    return tuple(elems)


class TriggerSet:
    """All trigger patterns of one language, indexed by their first element."""

    def __init__(self, data: dict[str, Any], source: str, lower) -> None:
        self.lang: str = data["lang"]
        self.patterns: list[Pattern] = []
        self._exact: dict[str, list[tuple[Pattern, tuple[Element, ...]]]] = {}
        self._prefix: dict[str, list[tuple[Pattern, tuple[Element, ...]]]] = {}
        seen: set[str] = set()
        for i, p in enumerate(data["patterns"]):
            where = f"{source}: patterns[{i}] ({p['id']})"
            if p["id"] in seen:
                raise CoderDataError(f"{where}: duplicate id")
            seen.add(p["id"])
            sup = p.get("suppress", {})
            unless = p.get("unless", {})
            ub = [lower(w, self.lang) for w in unless.get("before", [])]
            ua = [lower(w, self.lang) for w in unless.get("after", [])]
            req = p.get("requires", {})
            rb = [lower(w, self.lang) for w in req.get("before", [])]
            pat = Pattern(
                id=p["id"],
                elements=(),
                event=p["event"],
                mode=p.get("mode") or None,
                context=p.get("context") or None,
                cameo=p["cameo"],
                roles=p.get("roles", "active"),
                status=p.get("status"),
                negatable=p.get("negatable", True),
                confidence=float(p.get("confidence", 0.8)),
                suppress_before=sup.get("before", 0),
                suppress_after=sup.get("after", 0),
                unless_before=_element("|".join(ub), 0, where, True) if ub else None,
                unless_after=_element("|".join(ua), 0, where, True) if ua else None,
                unless_window=unless.get("window", 1),
                requires_before=_element("|".join(rb), 0, where, True) if rb else None,
                requires_window=req.get("window", 1),
                target_cases=tuple(p["target_cases"]) if p.get("target_cases") else None,
                priority=int(p.get("priority", 0)),
                pair_parties=bool(p.get("pair_parties", False)),
            )
            self.patterns.append(pat)
            for alt in p["match"]:
                seq = compile_sequence(lower(alt, self.lang), where)
                head = seq[0]
                for w in head.exact:
                    self._exact.setdefault(w, []).append((pat, seq))
                for pre in head.prefixes:
                    self._prefix.setdefault(pre, []).append((pat, seq))
        self._plens = sorted({len(k) for k in self._prefix})
        self._cands: dict[str, tuple[tuple[Pattern, tuple[Element, ...], int], ...]] = {}  # by token text (memo)

    def candidates(self, word: str) -> tuple[tuple[Pattern, tuple[Element, ...], int], ...]:
        """The patterns whose first element matches ``word``, with the matched stem's length (memoised)."""
        got = self._cands.get(word)
        if got is not None:
            return got
        cands = list(self._exact.get(word, ()))
        for L in self._plens:
            if len(word) < L:
                break
            c = self._prefix.get(word[:L])
            if c:
                cands.extend(c)
        got = tuple((pat, seq, stem) for pat, seq in cands if (stem := seq[0].match(word)) >= 0)
        if len(self._cands) >= MEMO_LIMIT:
            self._cands.clear()
        self._cands[word] = got
        return got

    def find(self, tokens: list[Token]) -> tuple[list[TriggerHit], list[int]]:
        """Non-overlapping, non-suppressed trigger hits of a tokenised sentence, and the first-token
        positions of every hit before suppression (clause boundaries for date attachment)."""
        hits: list[TriggerHit] = []
        n = len(tokens)
        candidates = self.candidates
        for i, tok in enumerate(tokens):
            for pat, seq, stem in candidates(tok.text):
                hit = self._match_at(tokens, n, i, pat, seq, stem)
                if hit is not None:
                    hits.append(hit)
        if not hits:
            return hits, []
        return _resolve(hits)

    @staticmethod
    def _match_at(tokens, n, i, pat, seq, stem) -> TriggerHit | None:
        idx = [i]
        last_stem = stem
        pos = i
        for el in seq[1:]:
            found = -1
            for j in range(pos + 1, min(n, pos + 2 + el.gap)):
                m = el.match(tokens[j].text)
                if m >= 0:
                    found, last_stem = j, m
                    break
            if found < 0:
                return None
            idx.append(found)
            pos = found
        w = pat.unless_window
        if pat.unless_before is not None and any(
            pat.unless_before.match(t.text) >= 0 for t in tokens[max(0, i - w) : i]
        ):
            return None
        rw = pat.requires_window
        if pat.requires_before is not None and not any(
            pat.requires_before.match(t.text) >= 0 for t in tokens[max(0, i - rw) : i]
        ):
            return None
        if pat.unless_after is not None and any(
            pat.unless_after.match(t.text) >= 0 for t in tokens[pos + 1 : pos + 1 + w]
        ):
            return None
        return TriggerHit(pat, tuple(idx), tokens[pos].text[last_stem:])


def _resolve(hits: list[TriggerHit]) -> tuple[list[TriggerHit], list[int]]:
    # higher priority first, then more elements, then tighter (fewer skipped words), then earlier
    hits.sort(key=lambda h: (-h.pattern.priority, -len(h.tokens), h.last - h.first, h.first))
    kept: list[TriggerHit] = []
    used: set[int] = set()
    for h in hits:
        if any(t in used for t in h.tokens):
            continue
        kept.append(h)
        used.update(h.tokens)
    bounds = sorted(h.first for h in kept)
    suppressors = [h for h in kept if h.pattern.suppress_before or h.pattern.suppress_after]
    if suppressors:
        out = []
        for h in kept:
            if any(
                s is not h
                and s.first - s.pattern.suppress_before <= h.last
                and h.first <= s.last + s.pattern.suppress_after
                and not (h.pattern.suppress_before or h.pattern.suppress_after)
                for s in suppressors
            ):
                continue
            out.append(h)
        kept = out
    kept.sort(key=lambda h: h.first)
    return kept, bounds
