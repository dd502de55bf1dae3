"""Modality of a trigger: occurred / planned / proposed, or not emitted (negated, conditional, habitual)."""

from __future__ import annotations

import re
from typing import Any

from dyadwatch.coder.text import Token
from dyadwatch.coder.triggers import TriggerHit

NEGATED = "negated"
SKIP = "skip"
MEMO_LIMIT = 100_000  # words remembered per cue index


class _Index:
    """Cue phrases by their first word: exact (``will``) or a prefix (``planlan*``); the phrases that can start
    at a word are memoised per word."""

    def __init__(self, phrases: list) -> None:
        self.exact: dict[str, list] = {}
        prefixed = []
        for ph in phrases:
            w, pre = ph[0]
            if pre:
                prefixed.append((w, ph))
            else:
                self.exact.setdefault(w, []).append(ph)
        self.prefixed: tuple[tuple[str, Any], ...] = tuple(prefixed)
        self._memo: dict[str, tuple] = {}

    def starting(self, word: str) -> tuple:
        """The phrases whose first word matches ``word``."""
        got = self._memo.get(word)
        if got is None:
            got = (*self.exact.get(word, ()), *(ph for w, ph in self.prefixed if word.startswith(w)))
            if len(self._memo) >= MEMO_LIMIT:
                self._memo.clear()
            self._memo[word] = got
        return got


class _Cue:
    def __init__(self, spec: dict[str, Any] | None) -> None:
        spec = spec or {}
        self.suffix = re.compile(spec["suffix"]) if spec.get("suffix") else None
        # searched in the whole last word of the trigger ("görüşəcəklər" when the pattern lists "görüşəcək*")
        self.ending = re.compile(spec["ending"]) if spec.get("ending") else None
        self.before = self._index([self._phrase(w) for w in spec.get("words_before", [])])
        self.after = self._index([self._phrase(w) for w in spec.get("words_after", [])])
        self.window: int = spec.get("window", 3)
        self.events = frozenset(spec.get("events", []))

    @staticmethod
    def _index(phrases: list) -> _Index | None:
        return _Index(phrases) if phrases else None

    @staticmethod
    def _phrase(w: str) -> tuple[tuple[str, bool], ...]:
        return tuple((p[:-1], True) if p.endswith("*") else (p, False) for p in w.split())

    @staticmethod
    def _at(tokens: list[Token], i: int, phrase) -> bool:
        if i < 0 or i + len(phrase) > len(tokens):
            return False
        for k, (w, pre) in enumerate(phrase):
            t = tokens[i + k].text
            if not (t.startswith(w) if pre else t == w):
                return False
        return True

    def _near(self, tokens: list[Token], lo: int, hi: int, index: _Index) -> bool:
        starting = index.starting
        for i in range(max(0, lo), min(len(tokens), hi)):
            for ph in starting(tokens[i].text):
                if self._at(tokens, i, ph):
                    return True
        return False

    def fires(self, tokens: list[Token], hit: TriggerHit, event: str) -> bool:
        if self.events and event not in self.events:
            return False
        if self.suffix is not None and self.suffix.search(hit.remainder):
            return True
        if self.ending is not None and self.ending.search(tokens[hit.last].text):
            return True
        if self.before and self._near(tokens, hit.first - self.window, hit.first, self.before):
            return True
        return bool(self.after and self._near(tokens, hit.last + 1, hit.last + 1 + self.window, self.after))


class _Cues:
    """One cue or a list of cues (each with its own ``events``); fires when any does."""

    def __init__(self, spec: dict[str, Any] | list[dict[str, Any]] | None) -> None:
        specs = spec if isinstance(spec, list) else [spec]
        self.cues = [_Cue(s) for s in specs if s]

    def fires(self, tokens: list[Token], hit: TriggerHit, event: str) -> bool:
        return any(c.fires(tokens, hit, event) for c in self.cues)


class Modality:
    """Modality rules of one language (``modality.yaml``)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.negation = _Cues(data.get("negation"))
        self.planned = _Cues(data.get("planned"))
        self.proposed = _Cues(data.get("proposed"))
        self.skip = _Cues(data.get("skip"))
        # the act is only the content of an accusation or claim ("atəşə tutmaqda ittiham edib"): not emitted,
        # the accusation is coded by its own trigger
        self.alleged = _Cues(data.get("alleged"))
        # a stated intention is the act itself ("destek vereceğini söyledi"): occurred, not planned
        self.stated = _Cues(data.get("stated"))
        # passive voice around the trigger ("was received by"): the agent is the "by" phrase
        self.passive = _Cues(data.get("passive"))
        # a purpose phrase ("for talks with") takes the status of the verb before it
        self.inherit = _Cues(data.get("inherit"))

    def inherits(self, tokens: list[Token], hit: TriggerHit) -> bool:
        return self.inherit.fires(tokens, hit, hit.pattern.event)

    def is_passive(self, tokens: list[Token], hit: TriggerHit) -> bool:
        return self.passive.fires(tokens, hit, hit.pattern.event)

    def status(self, tokens: list[Token], hit: TriggerHit) -> str:
        """``occurred`` | ``planned`` | ``proposed`` | ``negated`` | ``skip`` for one trigger hit."""
        p = hit.pattern
        if self.skip.fires(tokens, hit, p.event) or self.alleged.fires(tokens, hit, p.event):
            return SKIP
        if p.negatable and self.negation.fires(tokens, hit, p.event):
            return NEGATED
        if p.status:
            return p.status
        if self.proposed.fires(tokens, hit, p.event):
            return "proposed"
        if self.stated.fires(tokens, hit, p.event):
            return "occurred"
        if self.planned.fires(tokens, hit, p.event):
            return "planned"
        return "occurred"
