"""Repair of damaged text: restore lost letters and keep an exact offset map between both texts.

``repair(text, lang)`` splits the text into runs of letters and spaces, decodes each run with
:class:`dyadwatch.damage.decode.Decoder`, restores letter case, and returns a :class:`Repair` with the
repaired text, one :class:`Change` per restored word and an :class:`OffsetMap`.  Repair never deletes a
character of the original: every original character maps to exactly one repaired character (a space read
as ``ə`` maps to that ``ə``), and inserted letters map back to the original position they were inserted
before.  So ``to_original(to_repaired(i)) == i`` for every original offset ``i``.

Repair assumes the text *is* damaged; call :func:`dyadwatch.damage.is_damaged` first when unsure.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from dyadwatch.damage.decode import INSERT, Decoder, Op
from dyadwatch.damage.langdata import LangData, load_lang
from dyadwatch.damage.model import LangModel, load_model

logger = logging.getLogger(__name__)

RUN_RE = re.compile(r"[ \t]*[^\W\d_]+(?:[ \t]+[^\W\d_]+)*[ \t]*|[ \t]+")
SENTENCE_END = ".!?…"


@dataclass(frozen=True, slots=True)
class Change:
    """One restored word: ``original[start:end]`` became ``replacement`` (``repaired[rstart:rend]``)."""

    start: int
    end: int
    replacement: str
    confidence: float
    rstart: int = 0
    rend: int = 0


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Character offsets between the original and the repaired text (end offsets included)."""

    orig_to_rep: tuple[int, ...]  # len(original) + 1 entries
    rep_to_orig: tuple[int, ...]  # len(repaired) + 1 entries

    def to_repaired(self, i: int) -> int:
        """Offset in the repaired text of original offset ``i`` (0 <= i <= len(original))."""
        if not 0 <= i < len(self.orig_to_rep):
            raise IndexError(f"original offset {i} out of range")
        return self.orig_to_rep[i]

    def to_original(self, i: int) -> int:
        """Offset in the original text of repaired offset ``i``; inserted letters map to their insertion point."""
        if not 0 <= i < len(self.rep_to_orig):
            raise IndexError(f"repaired offset {i} out of range")
        return self.rep_to_orig[i]

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """A repaired span as an original span."""
        return self.to_original(start), self.to_original(end)

    def span_to_repaired(self, start: int, end: int) -> tuple[int, int]:
        """An original span as a repaired span."""
        return self.to_repaired(start), self.to_repaired(end)

    @classmethod
    def identity(cls, n: int) -> OffsetMap:
        """The map of an unchanged text of length ``n``."""
        ids = tuple(range(n + 1))
        return cls(ids, ids)


@dataclass(frozen=True, slots=True)
class Repair:
    """Result of :func:`repair`: the original, the repaired text, the offset map and the changes."""

    original: str
    text: str
    offsets: OffsetMap
    changes: tuple[Change, ...] = ()

    def to_original(self, i: int) -> int:
        """Shortcut for ``offsets.to_original``."""
        return self.offsets.to_original(i)

    def to_repaired(self, i: int) -> int:
        """Shortcut for ``offsets.to_repaired``."""
        return self.offsets.to_repaired(i)

    @property
    def changed(self) -> bool:
        """True when anything was restored."""
        return bool(self.changes)


def _runs(text: str, limit: int) -> list[tuple[int, int]]:
    """Spans of letter/space runs, split at spaces so that none is (much) longer than ``limit``."""
    spans: list[tuple[int, int]] = []
    for m in RUN_RE.finditer(text):
        start, end = m.span()
        while end - start > limit:
            cut = text.rfind(" ", start + limit // 2, start + limit)
            if cut <= start:
                break
            spans.append((start, cut + 1))
            start = cut + 1
        spans.append((start, end))
    return spans


def _lower_run(data: LangData, run: str) -> str:
    out = []
    for ch in run:
        low = data.lower(ch)
        out.append(low if len(low) == 1 else ch)
    return "".join(out).replace("\t", " ")


class _Builder:
    """Accumulates the repaired text, the offset map and the changes."""

    def __init__(self, original: str, model: LangModel) -> None:
        self.original = original
        self.model = model
        self.data = model.data
        self.parts: list[str] = []
        self.pos = 0  # length of repaired text so far
        self.o2r = [0] * (len(original) + 1)
        self.r2o: list[int] = []
        self.changes: list[Change] = []

    def copy(self, start: int, end: int) -> None:
        for i in range(start, end):
            self.o2r[i] = self.pos + (i - start)
            self.r2o.append(i)
        self.parts.append(self.original[start:end])
        self.pos += end - start

    def _sentence_initial(self, at: int) -> bool:
        k = at - 1
        while k >= 0 and self.original[k].isspace():
            k -= 1
        return k < 0 or self.original[k] in SENTENCE_END

    def _case(self, word_ops: list[Op], word: str) -> list[str]:
        """Output characters of one word with the original letter case restored."""
        kept = [self.original[op.src] for op in word_ops if op.src >= 0 and not self.original[op.src].isspace()]
        all_caps = len(kept) >= 2 and all(c.isupper() for c in kept if c.isalpha())
        first_src = next((op.src for op in word_ops if op.src >= 0), 0)
        out = []
        seen_kept = False
        for op in word_ops:
            src_ch = self.original[op.src] if op.src >= 0 else ""
            if src_ch and not src_ch.isspace():
                out.append(self.data.upper(op.out) if src_ch.isupper() else op.out)
                seen_kept = True
                continue
            upper = all_caps or (
                not seen_kept
                and not out
                and (self.model.caps.get(word, 0.0) >= 0.5 or self._sentence_initial(first_src))
            )
            out.append(self.data.upper(op.out) if upper else op.out)
        return out

    def _confidence(self, word: str) -> float:
        if self.model.known(word):
            return 0.9
        per_letter = self.model.letters(word) / max(1, len(word))
        return round(min(0.8, max(0.05, 0.5 + 0.3 * (per_letter + 1.5))), 3)

    def add_run(self, start: int, ops: list[Op]) -> None:
        """Append a decoded run whose ops' ``src`` are relative to ``start``."""
        word: list[Op] = []
        for op in [*ops, Op(" ", -2)]:
            if op.out == " " and op.src != INSERT:
                self._flush(start, word)
                word = []
                if op.src >= 0:
                    self.copy(start + op.src, start + op.src + 1)
            else:
                word.append(op)

    def _flush(self, start: int, ops: list[Op]) -> None:
        if not ops:
            return
        ops = [Op(op.out, start + op.src if op.src >= 0 else INSERT) for op in ops]
        srcs = [op.src for op in ops if op.src >= 0]
        o_start, o_end = min(srcs), max(srcs) + 1
        if o_end - o_start == 1 and self.original[o_start].isupper() and self.original[o_end : o_end + 1] == ".":
            self.copy(o_start, o_end)  # an initial (V. Vilson): not a word that lost letters
            return
        text = "".join(op.out for op in ops)
        chars = self._case(ops, text)
        r_start = self.pos
        # Inserted letters belong to the original character they precede; those at the end of the word
        # belong to its last character.  o2r gives the first repaired offset belonging to an original one.
        pending = 0
        last = o_start
        for op, ch in zip(ops, chars, strict=True):
            if op.src == INSERT:
                pending += 1
            else:
                self.o2r[op.src] = self.pos - pending
                self.r2o.extend([op.src] * (pending + 1))
                pending = 0
                last = op.src
            self.parts.append(ch)
            self.pos += 1
        self.r2o.extend([last] * pending)
        replacement = "".join(chars)
        if replacement != self.original[o_start:o_end]:
            self.changes.append(Change(o_start, o_end, replacement, self._confidence(text), r_start, self.pos))

    def finish(self) -> Repair:
        self.o2r[len(self.original)] = self.pos
        self.r2o.append(len(self.original))
        text = "".join(self.parts)
        return Repair(self.original, text, OffsetMap(tuple(self.o2r), tuple(self.r2o)), tuple(self.changes))


def repair(text: str, lang: str, *, lookalikes: bool = False) -> Repair:
    """Restore the letters that a broken PDF extraction lost in ``text`` (language ``lang``).

    Lost letters are assumed deleted (or, for the space letter, turned into spaces).  With
    ``lookalikes=True`` ASCII look-alikes (``s`` for ``ş``...) may also be read as lost letters; leave it off
    for text whose letters were dropped, where a plain ``u`` really is ``u``.

    Returns a :class:`Repair`; when the language has no repair model the text comes back unchanged.
    """
    data = load_lang(lang)
    model = load_model(data.lang)
    if not model.usable or not data.lost_letters:
        return Repair(text, text, OffsetMap.identity(len(text)))
    decoder = Decoder(model, lookalikes=lookalikes)
    builder = _Builder(text, model)
    done = 0
    for start, end in _runs(text, data.repair.max_segment):
        # The last space of a run separates it from what follows, and after punctuation on the same line
        # the first space separates it from what precedes: neither can be a lost letter.
        if end - start > 1 and text[end - 1] in " \t":
            end -= 1
        if start > 0 and text[start - 1] not in "\n\r" and text[start] in " \t" and end - start > 1:
            start += 1
        builder.copy(done, start)
        run = text[start:end].replace("\t", " ")
        ops = decoder.decode(run, _lower_run(data, run))
        builder.add_run(start, ops)
        done = end
    builder.copy(done, len(text))
    result = builder.finish()
    logger.debug("repair %s: %d chars, %d changes", data.lang, len(text), len(result.changes))
    return result
