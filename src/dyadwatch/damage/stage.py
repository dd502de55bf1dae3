"""The repair stage of the pipeline: damaged sentences are repaired before the coder reads them.

``RepairStage.apply(doc, sentences)`` repairs every sentence whose damage score reaches the threshold and whose
language has a repair model (``damage.yaml`` with lost letters plus a letter model), and returns a
:class:`Repaired` view: the document with the repaired text, the sentences with offsets into it (their damage
rescored on the repaired text, so that a sentence that is still damaged is still skipped by the coder) and a
:class:`~dyadwatch.records.TextRepair` that maps offsets back to the original text.  Clean documents return
``None`` and cost nothing beyond one comparison per sentence.

Mentions coded from the repaired text keep offsets into the repaired text; :func:`rescale` lowers their
confidence when their evidence (trigger or actor words) was itself restored, and :func:`original_spans` gives
their evidence as offsets into the original text.  :func:`encode_map` / :func:`decode_map` store the offset map
compactly (runs of ``to_repaired``) in ``documents.repair_map``.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from dyadwatch.damage.detect import WORD_RE, damage_score
from dyadwatch.damage.langdata import has_lang, load_lang
from dyadwatch.damage.model import load_model
from dyadwatch.damage.restore import Repair, repair
from dyadwatch.records import Document, Mention, Sentence, Span, TextRepair

logger = logging.getLogger(__name__)

MAP_VERSION = 1
KNOWN = 0.9  # confidence that restore.repair gives a restored word found in the word list


@dataclass(frozen=True, slots=True)
class Repaired:
    """What the coder reads for a repaired document: its repaired text, re-anchored sentences, and the map."""

    doc: Document  # the document with ``text`` = the repaired text
    sentences: tuple[Sentence, ...]  # offsets into the repaired text; damage rescored after repair
    repair: TextRepair


def repairable(lang: str) -> bool:
    """True when ``lang`` has damage data with lost letters and a usable letter model."""
    if not has_lang(lang):
        return False
    return bool(load_lang(lang).lost_letters) and load_model(lang).usable


def residual_damage(result: Repair, lang: str) -> float:
    """Damage left in a repaired text: its damage score, raised by the restored words that are guesses.

    Restored words contain the lost letters, so the detector alone would call any repair clean.  A restored word
    that is not in the word list (confidence below :data:`KNOWN`) counts like a damaged fragment: its rate is
    weighted with the language's ``detect.weights.fragment``, and the higher of the two scores is kept.
    """
    data = load_lang(lang)
    words = len(WORD_RE.findall(result.text))
    guesses = sum(c.confidence < KNOWN for c in result.changes)
    rate = min(1.0, 3.0 * guesses / (words + data.detect.prior_words))
    uncertain = 1.0 - math.exp(-data.detect.weights.get("fragment", 0.0) * rate)
    return round(max(damage_score(result.text, lang), uncertain), 4)


class RepairStage:
    """Repairs the damaged sentences of a document (see the module docstring)."""

    def __init__(self, threshold: float = 0.5) -> None:
        self.threshold = threshold
        self._repairable: dict[str, bool] = {}

    def _can(self, lang: str) -> bool:
        got = self._repairable.get(lang)
        if got is None:
            got = self._repairable[lang] = repairable(lang)
        return got

    def apply(self, doc: Document, sentences: Sequence[Sentence]) -> Repaired | None:
        """Repair ``doc``'s damaged sentences; ``None`` when none needs (or can get) repair."""
        todo = [s for s in sentences if s.damage >= self.threshold and self._can(s.lang)]
        if not todo:
            return None
        original = doc.text
        parts: list[str] = []
        o2r = [0] * (len(original) + 1)
        changes: list[tuple[int, int, float]] = []
        pos = done = 0  # repaired length so far; original offset copied up to
        fixed: dict[int, tuple[int, int, float]] = {}  # sentence index -> repaired start, end, new damage
        for s in todo:
            for i in range(done, s.start):
                o2r[i] = pos + (i - done)
            parts.append(original[done : s.start])
            pos += s.start - done
            result = repair(s.text, s.lang)
            for i in range(len(s.text)):
                o2r[s.start + i] = pos + result.offsets.to_repaired(i)
            changes.extend((pos + c.rstart, pos + c.rend, c.confidence) for c in result.changes)
            fixed[s.index] = (pos, pos + len(result.text), residual_damage(result, s.lang))
            parts.append(result.text)
            pos += len(result.text)
            done = s.end
        for i in range(done, len(original) + 1):
            o2r[i] = pos + (i - done)
        parts.append(original[done:])
        text = "".join(parts)
        rep = TextRepair(text=text, to_repaired=tuple(o2r), sentences=tuple(sorted(fixed)), changes=tuple(changes))
        new_sents = []
        for s in sentences:
            if s.index in fixed:
                start, end, dmg = fixed[s.index]
            else:
                start, end, dmg = o2r[s.start], o2r[s.end], s.damage
            new_sents.append(dataclasses.replace(s, start=start, end=end, text=text[start:end], damage=dmg))
        logger.debug("repaired %d of %d sentences of %s (%d words)", len(fixed), len(sentences), doc.id, len(changes))
        return Repaired(dataclasses.replace(doc, text=text), tuple(new_sents), rep)


def _overlap(changes: Sequence[tuple[int, int, float]], span: Span) -> Iterable[float]:
    for start, end, conf in changes:
        if start < span.end and span.start < end:
            yield conf


def rescale(mentions: Iterable[Mention], repair_: TextRepair) -> list[Mention]:
    """Mentions with confidence multiplied by the lowest confidence of the restored words in their evidence."""
    out = []
    for m in mentions:
        spans = (m.trigger, m.source.span, m.target.span)
        factor = min((c for span in spans for c in _overlap(repair_.changes, span)), default=1.0)
        out.append(dataclasses.replace(m, confidence=round(m.confidence * factor, 4)) if factor < 1.0 else m)
    return out


def _span(repair_: TextRepair, original: str, start: int, end: int) -> dict[str, Any]:
    o_start, o_end = repair_.span_to_original(start, end)
    return {"text": original[o_start:o_end], "start": o_start, "end": o_end}


def original_spans(m: Mention, repair_: TextRepair, original: str) -> dict[str, Any]:
    """The evidence of ``m`` (coded from ``repair_.text``) as spans of the ``original`` text, extract-JSON form."""
    out = {
        "sentence": _span(repair_, original, m.sentence.start, m.sentence.end),
        "trigger": _span(repair_, original, m.trigger.start, m.trigger.end),
        "source": _span(repair_, original, m.source.span.start, m.source.span.end),
        "target": _span(repair_, original, m.target.span.start, m.target.span.end),
    }
    if m.date_text is not None:
        out["date_text"] = _span(repair_, original, m.date_text.start, m.date_text.end)
    return out


def encode_map(repair_: TextRepair) -> str:
    """``documents.repair_map``: JSON with runs ``[original_offset, repaired_offset, length]`` of ``to_repaired``
    (within a run both offsets advance by one) plus the two text lengths and the repaired sentence indices."""
    runs: list[list[int]] = []
    for i, r in enumerate(repair_.to_repaired):
        if runs and runs[-1][1] + runs[-1][2] == r and runs[-1][0] + runs[-1][2] == i:
            runs[-1][2] += 1
        else:
            runs.append([i, r, 1])
    return json.dumps(
        {
            "version": MAP_VERSION,
            "original_length": len(repair_.to_repaired) - 1,
            "repaired_length": len(repair_.text),
            "runs": runs,
            "sentences": list(repair_.sentences),
            "changes": [list(c) for c in repair_.changes],
        },
        separators=(",", ":"),
    )


def decode_map(text: str, repaired_text: str) -> TextRepair:
    """The :class:`TextRepair` stored by :func:`encode_map` (with the stored ``repaired_text``)."""
    raw = json.loads(text)
    if raw.get("version") != MAP_VERSION:
        raise ValueError(f"unknown repair_map version {raw.get('version')!r}")
    o2r = [0] * (raw["original_length"] + 1)
    for start, value, n in raw["runs"]:
        o2r[start : start + n] = range(value, value + n)
    if raw["repaired_length"] != len(repaired_text):
        raise ValueError("repair_map does not belong to this repaired text")
    changes = tuple((int(a), int(b), float(c)) for a, b, c in raw.get("changes", ()))
    return TextRepair(repaired_text, tuple(o2r), tuple(raw.get("sentences", ())), changes)
