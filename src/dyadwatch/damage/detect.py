"""Detection of damaged text: a 0..1 score per sentence and per document.

Damage here is what a broken PDF font does: the language's special letters (``damage.yaml``:
``lost_letters``) vanish, and words fall apart into fragments.  Signals (each 0..1, computed on the words of
the text after URLs, e-mail addresses and @handles are removed; weights and thresholds come from the
language's ``damage.yaml``):

``lost``
    the share of the language's lost letters among all letters falls short of what clean text has (a long
    Azerbaijani sentence without a single ``ə`` is damaged); trusted more the longer the sentence.
``island``
    single letters standing alone that are not words (``v`` for ``və``, ``d`` for ``də``).
``oov``
    *broken* words: not in the word list, without any lost letter (a word that kept an ``ş`` did not lose
    its letters), not a suffix after an apostrophe (``'ın``), and either a damaged form of a word-list word
    (``Trkiye`` for ``Türkiye``) or, when lowercase, improbable for the letter model (``rbaycan``).
    Capitalised words count only as damaged forms: an unknown name is not damage.
``impossible``
    lowercase words matching sequences that clean words of the language never have.
``gap``
    two or more spaces between letters on one line (a lost ``ə`` next to a real space).

The score is ``1 - exp(-sum(weight * signal))``: 0 for clean text, approaching 1 as signals add up.  When
the score reaches ``detect.recheck_above``, the text is scored again as each ``confusable`` language (Turkish
text that the language identifier called Azerbaijani lacks ``ə`` but is not damaged) and the lowest score is
kept.  Word verdicts are cached, so scoring clean text costs a regex pass and dictionary look-ups.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from dyadwatch.damage.langdata import DamageDataError, LangData, load_lang
from dyadwatch.damage.model import LangModel, load_model

logger = logging.getLogger(__name__)

WORD_RE = re.compile(r"[^\W\d_]+")
GAP_RE = re.compile(r"(?<=[^\W\d_])[ \t]{2,}(?=[^\W\d_])")
# URLs, e-mail addresses and @handles: not words of any language.
NON_PROSE_RE = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.)\S*|[\w.+-]+@[\w-]+(?:\.[\w-]+)*|@\w+", re.IGNORECASE)
APOSTROPHES = "'’`´"
ISLAND_EXCEPT = frozenset({".", "'", "’", "-"})  # initials (A. Mutallibov), apostrophe forms, hyphenated codes
CACHE_LIMIT = 100_000

# Word verdicts: clean; the damaged form of a word-list word; improbable for the letter model; impossible.
OK, FRAGMENT, IMPROBABLE, IMPOSSIBLE = 0, 1, 2, 3


@dataclass(frozen=True, slots=True)
class Signals:
    """The detection signals of one text (each 0..1) and how many letters and words they came from."""

    lost: float
    island: float
    fragment: float
    oov: float
    impossible: float
    gap: float
    letters: int
    words: int
    kept: int = 0  # lost letters found (the text kept some of the letters that damage removes)

    def combined(self, weights: dict[str, float]) -> float:
        """``1 - exp(-weighted sum)`` of the signals."""
        total = sum(weights.get(name, 0.0) * getattr(self, name) for name in weights)
        return 1.0 - math.exp(-total)


class _Words:
    """Cached per-word facts for one language: (letters, lost letters, verdict) by surface form."""

    def __init__(self, data: LangData, model: LangModel) -> None:
        self.data = data
        self.model = model
        self.lost = data.lost_set
        self.cache: dict[str, tuple[int, int, int]] = {}

    def facts(self, word: str) -> tuple[int, int, int]:
        got = self.cache.get(word)
        if got is None:
            if len(self.cache) > CACHE_LIMIT:
                self.cache.clear()
            got = self.cache[word] = self._facts(word)
        return got

    def _facts(self, word: str) -> tuple[int, int, int]:
        data, model = self.data, self.model
        low = data.lower(word)
        lost = sum(ch in self.lost for ch in low)
        if lost or len(low) < 2 or model.known(low):
            return len(low), lost, OK
        params = data.detect
        if word.isupper() and len(word) <= 4:  # an acronym (ABD, AVİM)
            return len(low), 0, OK
        # The damaged form of a word-list word, unless only its last letters are missing: a clean word that
        # happens to be a word-list word's stem (Bakan / bakanı) is no evidence.
        if len(low) >= params.min_fragment and any(not w.startswith(low) for w in model.skeletons.get(low, ())):
            return len(low), 0, FRAGMENT
        if word[0].isupper():  # an unknown name is not damage
            return len(low), 0, OK
        if any(p.search(low) for p in data.impossible):
            return len(low), 0, IMPOSSIBLE
        if model.usable and model.letters(low) / len(low) < params.oov_logprob:
            return len(low), 0, IMPROBABLE
        return len(low), 0, OK


_WORDS: dict[str, _Words] = {}


def _words(data: LangData) -> _Words:
    got = _WORDS.get(data.lang)
    if got is None or got.data is not data:
        got = _WORDS[data.lang] = _Words(data, load_model(data.lang))
    return got


def _prose(text: str) -> str:
    """``text`` with URLs, e-mail addresses and handles blanked out."""
    if "@" in text or "://" in text or "www." in text:
        return NON_PROSE_RE.sub(" ", text)
    return text


@dataclass(slots=True)
class Tally:
    """Raw counts behind the signals of one text; the tallies of consecutive sentences add up to the tally of
    their text joined with newlines (``first`` is what only the opening word of a text contributes)."""

    letters: int = 0
    lost: int = 0
    words: int = 0
    islands: int = 0
    fragments: int = 0
    improbable: int = 0
    impossible: int = 0
    gaps: int = 0
    first: int = 0  # letters counted only because the word opens the text (a clean capitalised first word)
    word_letters: int = 0  # letters of all the words of the text, URLs included (weights sentences in documents)

    def add(self, other: Tally) -> None:
        """Append ``other``, the tally of the next sentence."""
        if self.words:
            self.letters -= other.first  # its first word no longer opens the text
        else:
            self.first = other.first
        self.letters += other.letters
        self.lost += other.lost
        self.words += other.words
        self.islands += other.islands
        self.fragments += other.fragments
        self.improbable += other.improbable
        self.impossible += other.impossible
        self.gaps += other.gaps
        self.word_letters += other.word_letters


def tally(text: str, data: LangData) -> Tally:
    """Count the letters, lost letters and word verdicts of ``text`` in ``data``'s language."""
    words = _words(data)
    raw, text = text, _prose(text)
    t = Tally()
    letters = lost = n = islands = all_letters = 0
    counts = [0, 0, 0, 0]  # by verdict
    singles = data.single_letter_words
    lost_set = data.lost_set
    facts = words.facts
    cache = words.cache
    hyphens = "-" in text
    for m in WORD_RE.finditer(text):
        word = m.group()
        n += 1
        all_letters += len(word)
        if hyphens:
            start = m.start()
            if start > 1 and text[start - 1] == "-" and text[start - 2].isalnum():
                continue  # a suffix after a number or an acronym (1991-ci, 10-u, ABŞ-dan), or a compound's 2nd part
        if len(word) == 1:
            low = data.lower(word)
            letters += 1
            if low in lost_set:
                lost += 1
            elif low not in singles and text[m.end() : m.end() + 1] not in ISLAND_EXCEPT:
                islands += 1
            continue
        size, kept, verdict = cache.get(word) or facts(word)
        if kept or verdict or not word[0].isupper():
            letters += size
            lost += kept
        elif n == 1:  # a clean name without lost letters is neutral, except as the text's first word
            letters += size
            t.first = size
        if verdict and ((start := m.start()) == 0 or text[start - 1] not in APOSTROPHES):  # not a suffix ('ın)
            counts[verdict] += 1
    t.letters, t.lost, t.words, t.islands = letters, lost, n, islands
    t.word_letters = all_letters if text is raw else sum(len(w) for w in WORD_RE.findall(raw))
    t.fragments, t.improbable, t.impossible = counts[FRAGMENT], counts[IMPROBABLE], counts[IMPOSSIBLE]
    if n and ("  " in text or "\t" in text):
        t.gaps = len(GAP_RE.findall(text))
    return t


def signals_of(t: Tally, data: LangData) -> Signals:
    """The detection signals of a tally (see the module docstring)."""
    n, letters, lost = t.words, t.letters, t.lost
    if not n:
        return Signals(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0, 0, lost)
    params = data.detect
    lost_signal = 0.0
    if data.lost_letters and data.expected_lost_share > 0 and letters >= params.min_letters:
        deficit = max(0.0, 1.0 - (lost / letters) / data.expected_lost_share)
        lost_signal = deficit * deficit * letters / (letters + params.confidence_letters)
    per_word = 1.0 / (n + params.prior_words)  # rates of short texts are shrunk towards 0
    island = min(1.0, 3.0 * t.islands * per_word)
    fragment = min(1.0, 3.0 * t.fragments * per_word)
    oov = min(1.0, 2.0 * t.improbable * per_word)
    impossible = min(1.0, 3.0 * t.impossible * per_word)
    gap = min(1.0, 3.0 * t.gaps * per_word)
    return Signals(lost_signal, island, fragment, oov, impossible, gap, letters, n, lost)


def signals(text: str, lang: str) -> Signals:
    """Compute the detection signals of ``text`` in language ``lang`` (which must have damage data)."""
    data = load_lang(lang)
    return signals_of(tally(text, data), data)


def _score(t: Tally, data: LangData) -> tuple[float, int]:
    """The combined score of a tally, before any recheck, and how many lost letters it kept."""
    sig = signals_of(t, data)
    return sig.combined(data.detect.weights), sig.kept


def _final(score: float, kept: int, text: str, data: LangData) -> float:
    """The score after the recheck as each confusable language, rounded."""
    if score >= data.detect.recheck_above and kept:  # text without any lost letter is not rechecked
        for other in data.confusable:
            try:
                other_data = load_lang(other)
                score = min(score, _score(tally(text, other_data), other_data)[0])
            except DamageDataError:
                logger.warning("damage data of %s names %r as confusable, which has no damage data", data.lang, other)
    return round(score, 4)


def _data(lang: str) -> LangData | None:
    """The damage data of ``lang``, or ``None`` when it has none."""
    try:
        return load_lang(lang)
    except DamageDataError:
        return None


def damage_score(text: str, lang: str) -> float:
    """How damaged ``text`` (a sentence or any span) looks, from 0 (clean) to 1 (badly damaged).

    Languages without damage data score 0.0.
    """
    data = _data(lang)
    if data is None:
        logger.debug("no damage data for %r; scoring 0", lang)
        return 0.0
    return _final(*_score(tally(text, data), data), text, data)


def score_document(
    sentences: Sequence[str], langs: Sequence[str], lang: str, scores: Sequence[float] | None = None
) -> tuple[list[float], float]:
    """Per-sentence damage scores (each in its own language of ``langs``) and the document's damage (as
    ``lang``, see :func:`document_damage`), in one pass over the words: the document's whole-text score is
    summed from the sentences' tallies instead of scoring the joined text again. ``scores``: the sentences'
    scores when already known (then only the document's tally is counted)."""
    doc_data = _data(lang) if sentences else None
    whole = Tally()
    out: list[float] = []
    weighted = 0.0
    total_letters = 0
    for k, (text, own) in enumerate(zip(sentences, langs, strict=True)):
        t: Tally | None = None
        if scores is not None:
            score = scores[k]
        else:
            data = doc_data if own == lang else _data(own)
            if data is None:
                score = 0.0
            else:
                t = tally(text, data)
                score = _final(*_score(t, data), text, data)
                if data is not doc_data:
                    t = None
        out.append(score)
        if doc_data is None:
            continue
        t = t if t is not None else tally(text, doc_data)
        whole.add(t)
        weighted += t.word_letters * score
        total_letters += t.word_letters
    if doc_data is None:
        return out, 0.0
    mean = weighted / total_letters if total_letters else 0.0
    score, kept = _score(whole, doc_data)
    if score >= doc_data.detect.recheck_above and kept:  # rare (damaged text): rescore the joined text
        whole_score = damage_score("\n".join(sentences), lang)
    else:
        whole_score = round(score, 4)
    return out, round(max(mean, whole_score), 4)


def is_damaged(text: str, lang: str, threshold: float | None = None) -> bool:
    """True when :func:`damage_score` reaches ``threshold`` (default: the language's ``detect.threshold``)."""
    data = _data(lang)
    if data is None:
        return False
    limit = data.detect.threshold if threshold is None else threshold
    return damage_score(text, lang) >= limit


def document_damage(sentences: Sequence[str], lang: str, scores: Sequence[float] | None = None) -> float:
    """Document-level damage: the letter-weighted mean of the sentences' scores, raised to the score of the
    whole text when that is higher (the lost-letter signal is most reliable on long text).

    ``scores``: the sentences' damage scores when already known (e.g. computed with each sentence's own
    language); otherwise they are computed as ``lang``.
    """
    return score_document(sentences, [lang] * len(sentences), lang, scores)[1]
