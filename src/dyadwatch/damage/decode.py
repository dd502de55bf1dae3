"""Beam search that restores lost letters in one run of letters and spaces.

The damage process (see :mod:`dyadwatch.damage.synth`) deletes the language's lost letters, or turns the
space letter (Azerbaijani ``ə``) into a space.  Reading the damaged run left to right, each hypothesis
decides for every input character what it was, and between input characters which lost letters were
deleted:

* a letter is kept (or, at a cost, read as the lost letter it looks like: ``s`` for ``ş``);
* a space is a word boundary, an extra space, or the space letter;
* before each input character up to ``max_insert`` lost letters may be inserted;
* at a word start, a whole word-list word whose damaged form matches the input up to the next space may be
  taken in one step (this finds words that lost more letters in a row than ``max_insert``).

Scores are the word model's (:mod:`dyadwatch.damage.model`) plus channel costs from the language's
``repair`` parameters.  Because the word model is a unigram model, two hypotheses with the same partial
word have the same future and are merged (Viterbi); the beam keeps the best ``beam`` partial words.
"""

from __future__ import annotations

import heapq
import logging
from dataclasses import dataclass

from dyadwatch.damage.model import LangModel

logger = logging.getLogger(__name__)

INSERT = -1  # input index of an inserted letter
FREE, NORMAL, BOUNDARY = 0, 1, 2  # what the next space may be: free separator, any, boundary only
CASE_PENALTY = -2.0  # a lowercase input word read as a word that is always capitalised (an acronym, a name)


@dataclass(frozen=True, slots=True)
class Op:
    """One output character and where it came from (``src`` = input index, or -1 when inserted)."""

    out: str
    src: int


@dataclass(slots=True)
class _Hyp:
    committed: float  # score of closed words and channel costs
    word: str  # lowercase partial word (output letters)
    wscore: float  # letter score of the partial word
    kept: int  # letters of the partial word read unchanged from the input
    ins: int  # consecutive insertions just made
    space: int  # FREE / NORMAL / BOUNDARY
    first_upper: bool | None  # case of the first input letter of the partial word
    trail: tuple | None  # backpointer chain of ops: (Op, previous chain)

    @property
    def total(self) -> float:
        return self.committed + self.wscore


def _total(h: _Hyp) -> float:
    return h.committed + h.wscore


def _ops(trail: tuple | None) -> list[Op]:
    ops: list[Op] = []
    while trail is not None:
        ops.append(trail[0])
        trail = trail[1]
    ops.reverse()
    return ops


class Decoder:
    """Restores lost letters in runs of letters and spaces for one language model."""

    def __init__(self, model: LangModel, *, lookalikes: bool = False) -> None:
        self.model = model
        data = model.data
        self.params = data.repair
        self.lost = tuple(sorted(data.lost_letters))
        self.space_letter = data.space_letter
        self.lookalike_of: dict[str, list[str]] = {}
        if lookalikes:
            for lost, ascii_ in data.lookalikes.items():
                self.lookalike_of.setdefault(ascii_, []).append(lost)

    # -- scoring helpers ----------------------------------------------------------------------------------
    def _word_total(self, word: str, letters: float, first_upper: bool | None) -> float:
        score = self.model.word_score(word, letters)
        if first_upper is False and self.model.caps.get(word, 0.0) >= 0.9:
            score += CASE_PENALTY
        return score

    def _close(self, hyp: _Hyp) -> _Hyp | None:
        """Close the partial word: replace its letter score by the word score (None if not a word)."""
        if not hyp.word:
            return hyp
        if hyp.kept == 0:
            return None
        letters = hyp.wscore + self.model.end_prob(hyp.word)
        score = self._word_total(hyp.word, letters, hyp.first_upper)
        return _Hyp(hyp.committed + score, "", 0.0, 0, 0, NORMAL, None, hyp.trail)

    def _extend(self, hyp: _Hyp, ch: str, cost: float, src: int, changed: bool, upper: bool | None) -> _Hyp:
        lp = self.model.step(hyp.word, ch)
        first = hyp.first_upper if hyp.first_upper is not None or src < 0 else upper
        return _Hyp(
            hyp.committed + cost,
            hyp.word + ch,
            hyp.wscore + lp,
            hyp.kept + (src >= 0 and not changed),
            hyp.ins + 1 if src == INSERT else 0,
            NORMAL,
            first,
            ((Op(ch, src)), hyp.trail),
        )

    def _prune(self, hyps: list[_Hyp]) -> list[_Hyp]:
        best: dict[tuple[str, int, int], _Hyp] = {}
        for h in hyps:
            key = (h.word, h.ins, h.space)
            old = best.get(key)
            if old is None or h.total > old.total:
                best[key] = h
        if len(best) <= self.params.beam:
            return list(best.values())
        return heapq.nlargest(self.params.beam, best.values(), key=_total)

    def _insertions(self, hyps: list[_Hyp], blocked: bool, start_blocked: bool) -> list[_Hyp]:
        """Add hypotheses with 1..max_insert lost letters inserted before the next input character."""
        if blocked:
            return hyps
        pool = list(hyps)
        frontier = [h for h in hyps if h.space != BOUNDARY and (h.word or not start_blocked)]
        penalty, step = self.params.insert_penalty, self.model.step
        for _ in range(self.params.max_insert):
            scored = [
                (h.committed + h.wscore + penalty + step(h.word, x), n, x)
                for n, h in enumerate(frontier)
                if h.ins < self.params.max_insert
                for x in self.lost
            ]
            if not scored:
                break
            top = heapq.nlargest(self.params.beam, scored)
            frontier = [self._extend(frontier[n], x, penalty, INSERT, True, None) for _, n, x in top]
            pool.extend(frontier)
        return self._prune(pool)

    # -- whole-word jumps ---------------------------------------------------------------------------------
    def _jumps(self, hyp: _Hyp, text: str, raw: str, i: int, arrivals: dict[int, list[_Hyp]]) -> None:
        """From a word start at ``i``, add closed word-list words whose damaged form is ``text[i:j]``."""
        index = self.model.skeletons
        if not index:
            return
        n = len(text)
        key: list[str] = []
        j = i
        while j < n and len(key) < self.model.max_skeleton:
            ch = text[j]
            j += 1
            if ch != " ":
                key.append(ch)
            if key and (j == n or text[j] == " "):
                for word in index.get("".join(key), ()):
                    align = self._align(word, text, i, j)
                    if align is None:
                        continue
                    first = next((raw[k].isupper() for k in align if k >= 0 and text[k] != " "), None)
                    if first and align[0] == INSERT and not raw[i:j].replace(" ", "").isupper():
                        continue  # a capital right after a lost letter: the lost letter was not initial
                    score = self._word_total(word, self.model.letters(word), first)
                    trail = hyp.trail
                    for ch_out, k in zip(word, align, strict=True):
                        trail = (Op(ch_out, k), trail)
                    arrivals.setdefault(j, []).append(
                        _Hyp(
                            hyp.committed + score + self.params.insert_penalty * align.count(INSERT),
                            "",
                            0.0,
                            0,
                            0,
                            BOUNDARY,
                            None,
                            trail,
                        )
                    )

    def _align(self, word: str, text: str, i: int, j: int) -> list[int] | None:
        """Input index (or INSERT) of each letter of ``word`` if its damage can give ``text[i:j]``."""
        out: list[int] = []
        k = i
        for ch in word:
            if k < j and (text[k] == ch or (text[k] == " " and ch == self.space_letter)):
                out.append(k)
                k += 1
            elif ch in self.lost:
                out.append(INSERT)
            else:
                return None
        return out if k == j and any(x >= 0 and text[x] != " " for x in out) else None

    # -- main loop ----------------------------------------------------------------------------------------
    def decode(self, raw: str, text: str) -> list[Op]:
        """Best reading of ``text`` (``raw`` lowercased; letters and spaces only) as a list of ops."""
        n = len(text)
        hyps = [_Hyp(0.0, "", 0.0, 0, 0, FREE, None, None)]
        arrivals: dict[int, list[_Hyp]] = {}
        p = self.params
        can_insert = bool(self.lost and p.max_insert)
        for i in range(n + 1):
            if i in arrivals:
                hyps = self._prune(hyps + arrivals.pop(i))
            nxt_upper = i < n and raw[i].isupper()
            if can_insert:
                inside_caps = nxt_upper and i > 0 and raw[i - 1].isupper()
                hyps = self._insertions(hyps, inside_caps, nxt_upper)
            for h in hyps:
                if not h.word and h.space != BOUNDARY:
                    self._jumps(h, text, raw, i, arrivals)
            if i == n:
                break
            ch = text[i]
            nxt: list[_Hyp] = []
            for h in hyps:
                if ch == " ":
                    if h.word:
                        closed = self._close(h)
                        if closed is not None:
                            closed.trail = (Op(" ", i), closed.trail)
                            nxt.append(closed)
                    else:
                        cost = p.extra_space_penalty if h.space == NORMAL else 0.0
                        nxt.append(_Hyp(h.committed + cost, "", 0.0, 0, 0, NORMAL, None, (Op(" ", i), h.trail)))
                    lead_ok = h.word or (i + 1 < n and not raw[i + 1].isupper())
                    if self.space_letter and h.space != BOUNDARY and lead_ok:
                        nxt.append(self._extend(h, self.space_letter, p.space_letter_bonus, i, True, None))
                elif h.space == BOUNDARY:
                    continue
                else:
                    nxt.append(self._extend(h, ch, 0.0, i, False, nxt_upper))
                    for alt in self.lookalike_of.get(ch, ()):
                        nxt.append(self._extend(h, alt, p.lookalike_penalty, i, True, nxt_upper))
            hyps = self._prune(nxt)
        finals = [c for c in (self._close(h) for h in hyps) if c is not None]
        if not finals:
            return [Op(ch, i) for i, ch in enumerate(text)]
        best = max(finals, key=lambda h: h.committed)
        return _ops(best.trail)
