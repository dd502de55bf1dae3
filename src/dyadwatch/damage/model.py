"""Letter and word models for one language: a character n-gram model plus a word list.

Files (built by ``tools/build_damage_lexicon.py``):

* ``data/lexicon/<lang>.charlm.tsv`` - ``ngram<TAB>log10 P(last | rest)`` within words (orders 1-5);
* ``data/lexicon/<lang>.words.tsv`` - ``word<TAB>count<TAB>share capitalised``.

All scores are log10 probabilities.  A word's letter score is ``P(first two letters | word start)`` from
the word list, then the n-gram model for the rest, times ``P(not end | last letters)`` at every step and
``P(end | last letters)`` at the end (both from the word list).  The word score mixes the word list's
relative frequency with the letter score: ``log10(w * P_list(word) + (1 - w) * 10**(letters + oov))``.
"""

from __future__ import annotations

import logging
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from dyadwatch.damage.langdata import LangData, load_lang

logger = logging.getLogger(__name__)

BACKOFF = math.log10(0.4)  # stupid-backoff weight per dropped context letter
FLOOR = -7.0  # log10 probability of a letter the model has never seen
ORDER = 5
CACHE_LIMIT = 200_000  # word scores kept between calls (the letter caches are bounded by the alphabet)
START_ORDER = 3  # letters at a word start scored with the word list's prefix model
END_ORDER = 3  # letters of context for P(word ends)
START_K = 50.0  # pseudo-count of the n-gram prior in the prefix model
START_UNSEEN = -0.5  # log10 penalty for a word start the word list never shows


def _read_tsv(lang: str, name: str) -> list[list[str]]:
    node = resources.files("dyadwatch").joinpath("data", "lexicon", f"{lang}.{name}.tsv")
    if not node.is_file():
        return []
    rows = []
    for line in node.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


@dataclass
class LangModel:
    """Letter n-gram model, word-boundary model and word list of one language."""

    data: LangData
    ngrams: dict[str, float]
    words: dict[str, float]  # word -> log10 relative frequency
    caps: dict[str, float]  # word -> share of capitalised (non-initial) uses
    skeletons: dict[str, tuple[str, ...]] = field(default_factory=dict)  # damaged form -> words
    max_skeleton: int = 0
    start: dict[str, float] = field(default_factory=dict)  # "^" + prefix + letter -> log10 P(letter | prefix)
    end: dict[str, float] = field(default_factory=dict)  # last letters -> log10 P(word ends there)
    _step: dict[tuple[str, str], float] = field(default_factory=dict, repr=False)
    _end: dict[str, float] = field(default_factory=dict, repr=False)
    _word: dict[str, float] = field(default_factory=dict, repr=False)

    @property
    def usable(self) -> bool:
        """True when a letter model exists (repair and the out-of-vocabulary signal need it)."""
        return bool(self.ngrams)

    # -- letter model -------------------------------------------------------------------------------------
    def cond(self, context: str, ch: str) -> float:
        """log10 P(ch | context) inside a word, with stupid backoff."""
        penalty = 0.0
        for k in range(min(len(context), ORDER - 1), -1, -1):
            p = self.ngrams.get(context[len(context) - k :] + ch)
            if p is not None:
                return p + penalty
            penalty += BACKOFF
        return FLOOR

    def step(self, word: str, ch: str) -> float:
        """log10 of appending ``ch`` to the partial word ``word`` (which therefore did not end)."""
        key = (word[-(ORDER - 1) :] if len(word) >= ORDER - 1 else "^" + word, ch)
        got = self._step.get(key)
        if got is not None:
            return got
        cont = math.log10(max(1e-6, 1.0 - 10 ** self.end_prob(word))) if word else 0.0
        if len(word) < START_ORDER:
            score = self.start.get("^" + word + ch, self.cond(word, ch) + START_UNSEEN) + cont
        else:
            score = self.cond(word[-(ORDER - 1) :], ch) + cont
        self._step[key] = score
        return score

    def end_prob(self, word: str) -> float:
        """log10 P(the word ends after ``word``)."""
        key = word[-END_ORDER:] if len(word) >= END_ORDER else "^" + word
        got = self._end.get(key)
        if got is None:
            got = -1.5
            for k in range(min(len(word), END_ORDER), 0, -1):
                tail = word[-k:] if k < len(word) else "^" + word
                if tail in self.end:
                    got = self.end[tail]
                    break
                if word[-k:] in self.end:
                    got = self.end[word[-k:]]
                    break
            self._end[key] = got
        return got

    def letters(self, word: str) -> float:
        """log10 letter-model probability of the whole word (start, letters, end)."""
        score = 0.0
        for i, ch in enumerate(word):
            score += self.step(word[:i], ch)
        return score + self.end_prob(word)

    # -- words --------------------------------------------------------------------------------------------
    def word_score(self, word: str, letters: float) -> float:
        """log10 score of ``word`` given its letter score: word-list frequency mixed with the letter model."""
        got = self._word.get(word)
        if got is not None:
            return got
        if len(self._word) > CACHE_LIMIT:
            self._word.clear()
        params = self.data.repair
        oov = letters + params.oov_penalty
        freq = self.words.get(word)
        if freq is None:
            score = math.log10(1.0 - params.lexicon_weight) + oov if params.lexicon_weight < 1 else oov
        else:
            score = math.log10(params.lexicon_weight * 10**freq + (1.0 - params.lexicon_weight) * 10**oov)
        self._word[word] = score
        return score

    def known(self, word: str) -> bool:
        """True when ``word`` (lowercase) is in the word list."""
        return word in self.words


def _boundary_model(model: LangModel, counts: Counter[str]) -> None:
    """Estimate word-start and word-end probabilities from the word list (smoothed towards the n-grams).

    A word's *tails* at position ``i`` (after its first ``i`` letters) are its last 1..``END_ORDER`` letters
    there; a tail reaching back to the word's start is marked with ``^`` ("^b", "^bu"). ``seen`` weighs every
    position's tails, ``ends`` only those at the word's end. (Weights are whole numbers, so the sums are exact
    in any order.)
    """
    assert START_ORDER == END_ORDER == 3  # the tails below are written out for three letters
    prefixes: defaultdict[str, float] = defaultdict(float)  # "^" + prefix -> weight of words starting so
    seen: defaultdict[str, float] = defaultdict(float)  # tail -> weight of positions ending in tail
    ends: defaultdict[str, float] = defaultdict(float)  # tail -> weight of words ending in tail
    for word, n in counts.items():
        weight = n + 1.0
        size = len(word)
        prefixes["^"] += weight
        if not size:
            continue
        first = "^" + word[:1]
        prefixes[first] += weight
        seen[first] += weight  # i = 1: "^b"
        if size == 1:
            ends[first] += weight
            continue
        second = "^" + word[:2]
        prefixes[second] += weight
        seen[word[1]] += weight  # i = 2: "u", "^bu"
        seen[second] += weight
        if size == 2:
            ends[word[1]] += weight
            ends[second] += weight
            continue
        prefixes["^" + word[:3]] += weight
        for i in range(3, size + 1):  # i >= 3: "n", "un", "bun"
            seen[word[i - 1]] += weight
            seen[word[i - 2 : i]] += weight
            seen[word[i - 3 : i]] += weight
        ends[word[-1]] += weight
        ends[word[-2:]] += weight
        ends[word[-3:]] += weight
    for key, n in prefixes.items():
        if len(key) < 2:
            continue
        context, ch = key[1:-1], key[-1]
        total = prefixes["^" + context]
        prior = 10 ** model.cond(context, ch)
        model.start[key] = math.log10((n + START_K * prior) / (total + START_K))
    for tail, n in seen.items():
        model.end[tail] = math.log10((ends.get(tail, 0.0) + 0.3) / (n + 1.0))


@lru_cache(maxsize=8)
def load_model(lang: str) -> LangModel:
    """Load the letter model and word list for ``lang`` (cached; empty model when no files exist)."""
    data = load_lang(lang)
    ngrams = {row[0]: float(row[1]) for row in _read_tsv(data.lang, "charlm") if len(row) >= 2}
    counts: Counter[str] = Counter()
    caps: dict[str, float] = {}
    for row in _read_tsv(data.lang, "words"):
        counts[row[0]] = int(row[1])
        caps[row[0]] = float(row[2]) if len(row) > 2 else 0.0
    total = sum(counts.values()) + 0.5 * len(counts) or 1.0
    words = {w: math.log10((n + 0.5) / total) for w, n in counts.items()}
    model = LangModel(data=data, ngrams=ngrams, words=words, caps=caps)
    if ngrams and counts:
        _boundary_model(model, counts)
    index: dict[str, list[str]] = {}
    for word in sorted(counts, key=lambda w: -counts[w]):
        key = data.strip_lost(word)
        if key and key != word:
            index.setdefault(key, []).append(word)
    model.skeletons = {k: tuple(v[:8]) for k, v in index.items()}
    model.max_skeleton = max((len(k) for k in index), default=0)
    logger.debug("damage model %s: %d n-grams, %d words", data.lang, len(ngrams), len(words))
    return model
