"""Detection of damaged text: a 0..1 score per sentence and per document.

Signals (each 0..1, computed on the sentence's words; weights and thresholds come from the language's
``damage.yaml``):

``lost``
    the share of the language's lost letters among all letters falls short of what clean text has (a long
    Azerbaijani sentence without a single ``ə`` is damaged); trusted more the longer the sentence.
``island``
    single letters standing alone that are not words (``v`` for ``və``, ``d`` for ``də``).
``oov``
    words that are not in the word list and that the letter model finds improbable (``rbaycan``, ``laq``).
``impossible``
    words matching sequences that clean words of the language never have.
``gap``
    two or more spaces between letters on one line (a lost ``ə`` next to a real space).

The score is ``1 - exp(-sum(weight * signal))``: 0 for clean text, approaching 1 as signals add up.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from dyadwatch.damage.langdata import LangData, load_lang
from dyadwatch.damage.model import LangModel, load_model

logger = logging.getLogger(__name__)

WORD_RE = re.compile(r"[^\W\d_]+")
GAP_RE = re.compile(r"(?<=[^\W\d_])[ \t]{2,}(?=[^\W\d_])")


@dataclass(frozen=True, slots=True)
class Signals:
    """The detection signals of one text (each 0..1) and how many letters and words they came from."""

    lost: float
    island: float
    oov: float
    impossible: float
    gap: float
    letters: int
    words: int

    def combined(self, weights: dict[str, float]) -> float:
        """``1 - exp(-weighted sum)`` of the signals."""
        total = sum(weights.get(name, 0.0) * getattr(self, name) for name in weights)
        return 1.0 - math.exp(-total)


def _island(data: LangData, text: str, m: re.Match[str]) -> bool:
    word = m.group()
    if len(word) != 1 or data.lower(word) in data.single_letter_words:
        return False
    after = text[m.end() : m.end() + 1]
    return after not in {".", "'", "’", "-"}  # initials (A. Mutallibov), apostrophe forms, hyphenated codes


def _broken(model: LangModel, word: str) -> bool:
    if len(word) < 2 or model.known(word) or not model.usable:
        return False
    return model.letters(word) / len(word) < model.data.detect.oov_logprob


def signals(text: str, lang: str) -> Signals:
    """Compute the detection signals of ``text`` in language ``lang``."""
    data = load_lang(lang)
    model = load_model(data.lang)
    matches = list(WORD_RE.finditer(text))
    words = [data.lower(m.group()) for m in matches]
    letters = sum(len(w) for w in words)
    if not words:
        return Signals(0.0, 0.0, 0.0, 0.0, 0.0, 0, 0)
    params = data.detect
    lost = 0.0
    if data.lost_letters and data.expected_lost_share > 0 and letters >= params.min_letters:
        share = sum(ch in data.lost_set for w in words for ch in w) / letters
        deficit = max(0.0, 1.0 - share / data.expected_lost_share)
        lost = deficit * deficit * letters / (letters + params.confidence_letters)
    n = len(words)
    island = min(1.0, 3.0 * sum(_island(data, text, m) for m in matches) / n)
    oov = min(1.0, 2.0 * sum(_broken(model, w) for w in words) / n)
    impossible = min(1.0, 3.0 * sum(any(p.search(w) for p in data.impossible) for w in words) / n)
    gap = min(1.0, 3.0 * len(GAP_RE.findall(text)) / n)
    return Signals(lost, island, oov, impossible, gap, letters, n)


def damage_score(text: str, lang: str) -> float:
    """How damaged ``text`` (a sentence or any span) looks, from 0 (clean) to 1 (badly damaged).

    Languages without damage data score 0.0.
    """
    try:
        data = load_lang(lang)
    except ValueError:
        logger.debug("no damage data for %r; scoring 0", lang)
        return 0.0
    sig = signals(text, data.lang)
    return round(sig.combined(data.detect.weights), 4)


def is_damaged(text: str, lang: str, threshold: float | None = None) -> bool:
    """True when :func:`damage_score` reaches ``threshold`` (default: the language's ``detect.threshold``)."""
    try:
        data = load_lang(lang)
    except ValueError:
        return False
    limit = data.detect.threshold if threshold is None else threshold
    return damage_score(text, lang) >= limit


def document_damage(sentences: Sequence[str], lang: str) -> float:
    """Document-level damage: the letter-weighted mean of the sentences' scores, raised to the score of the
    whole text when that is higher (the lost-letter signal is most reliable on long text)."""
    if not sentences:
        return 0.0
    try:
        load_lang(lang)
    except ValueError:
        return 0.0
    weighted = 0.0
    letters = 0
    for sentence in sentences:
        n = sum(len(m.group()) for m in WORD_RE.finditer(sentence))
        if n:
            weighted += n * damage_score(sentence, lang)
            letters += n
    mean = weighted / letters if letters else 0.0
    whole = damage_score("\n".join(sentences), lang)
    return round(max(mean, whole), 4)
