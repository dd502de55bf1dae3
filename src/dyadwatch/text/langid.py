"""Language identification with lingua, per text and per sentence.

``LanguageIdentifier`` wraps one lingua detector restricted to the configured languages (built lazily,
cached per language set, models loaded on first use) and returns ISO 639-1 codes, or ``"und"``
when a text has too few letters or the detector is not confident.

Turkish/Azerbaijani tiebreak: the two languages are close, and PDF extraction often loses the letters
that tell them apart (ə ş ç ğ ı ö ü). lingua copes well with such damage on sentences, but on short or
borderline texts its top two guesses can be this rival pair with a small margin. Only then, hand-written
*markers* decide: regexes of words and suffixes characteristic of each language that survive letter
loss (az ``1991-ci il``, the letters q/x/ə, perfect ``-ib``; tr ``-iyor``, ``-mıştır``, ``Azerbaycan``).
They are data, in the ``langid`` section of ``data/lang/<lang>/segment.yaml`` (``rivals``, ``markers``,
``min_markers``); the runner-up wins only with at least ``min_markers`` more hits than the top guess.

Fast check (``detect_many(texts, hint=...)``, ``detect_document``): lingua costs about as much per sentence as
the whole event coder, yet almost every sentence of a document is in the document's language. A sentence is
*confirmed* as language L without lingua when, per L's ``langid`` data (``alphabet``, ``function_words``,
``signature_letters``, ``min_evidence``, ``min_word_share``): every word that does not start with a capital is
spelt with L's letters (names may be foreign), L's function words that no other configured language lists plus
L's signature letters (``ə`` for Azerbaijani, ``ı ğ ş`` for Turkish) reach ``min_evidence`` and at least three
times any other language's function words, function words make up ``min_word_share`` of the words when they
are the only evidence, and no marker of L's rival matches. Anything else - a quotation in another language,
damaged text that lost its letters, a short or unusual sentence - goes to lingua as before.
"""

from __future__ import annotations

import functools
import logging
import re
import string
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

from dyadwatch.records import LangShare
from dyadwatch.text.segment import rules_for

log = logging.getLogger(__name__)

__all__ = ["DEFAULT_LANGUAGES", "UND", "Guess", "LanguageIdentifier", "shares_from_labels"]

UND = "und"
DEFAULT_LANGUAGES: tuple[str, ...] = ("en", "tr", "az", "ru", "hy", "ka", "fa", "ar", "fr", "de", "es", "uk")

# Removed before detection and letter counting: URLs, e-mail addresses, footnote markers, markdown markup.
_NOISE = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|\[\d{1,3}\]|[*_#`>|]+")
_NON_LETTERS = re.compile(r"[\W\d_]+")
_MARKUP = frozenset("[*_#`>|")  # a text without these, "@", "://" and "www." has no _NOISE
# common characters that are not letters: a text made of these and a language's letters is spelt in it
_NOT_LETTERS = frozenset(string.punctuation + string.digits + string.whitespace + "—–‐‑“”„’‘«»…·•°€$£%\u00a0")


@dataclass(frozen=True, slots=True)
class Guess:
    """One detection result: the chosen code and lingua's two best candidates."""

    lang: str
    confidence: float
    letters: int
    best: tuple[tuple[str, float], ...] = ()  # up to two (code, confidence), best first
    tiebreak: bool = False
    fast: bool = False  # confirmed by the fast check, without lingua


@functools.lru_cache(maxsize=8)
def _detector(codes: tuple[str, ...]) -> LanguageDetector:
    """A lingua detector for exactly ``codes`` (built once per set).

    Models load lazily, per language, the first time lingua considers that language: preloading all twelve cost
    about 5 s and 350 MB at start-up, while the fast check leaves lingua only a few sentences, mostly in Latin
    script (so the Cyrillic, Armenian, Georgian and Arabic-script models often never load).
    """
    isos = [IsoCode639_1.from_str(c) for c in codes]
    log.info("building lingua detector for %s", ",".join(codes))
    return LanguageDetectorBuilder.from_iso_codes_639_1(*isos).build()


@dataclass(frozen=True, slots=True)
class _Markers:
    rivals: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]
    min_markers: int
    anywhere: re.Pattern[str] | None = None  # all patterns in one alternation, for ``found``

    def score(self, text: str) -> int:
        return sum(len(p.findall(text)) for p in self.patterns)

    def found(self, text: str) -> bool:
        return self.anywhere is not None and self.anywhere.search(text) is not None


@functools.lru_cache(maxsize=64)
def _markers(lang: str) -> _Markers:
    """Tiebreak markers of ``lang`` from its segment data (empty when it has none)."""
    rules = rules_for(lang)
    if rules.language != lang:  # fell back to the default data
        return _Markers(frozenset(), (), 1)
    data = rules.langid
    raw = list(data.get("markers", ()))
    pats = tuple(re.compile(p, re.IGNORECASE) for p in raw)
    anywhere = re.compile("|".join(f"(?:{p})" for p in raw), re.IGNORECASE) if raw else None
    return _Markers(frozenset(data.get("rivals", ())), pats, int(data.get("min_markers", 2)), anywhere)


_WORD = re.compile(r"(?<!['’])\b[^\W\d_]+")  # words, not suffixes after an apostrophe (Bakü'de)


@dataclass(frozen=True, slots=True)
class _FastCheck:
    """The fast-check data of one language (see the module docstring)."""

    lang: str
    allowed: frozenset[str]  # letters of the alphabet in both cases
    plain: frozenset[str]  # ``allowed`` and common characters that are not letters (see _NOT_LETTERS)
    signature: str  # signature letters in both cases
    min_evidence: int
    min_word_share: float


@functools.lru_cache(maxsize=8)
def _fast_checks(codes: tuple[str, ...]) -> tuple[dict[str, _FastCheck], dict[str, str]]:
    """Fast checks of the languages among ``codes`` that have the data, and their distinctive function words."""
    checks: dict[str, _FastCheck] = {}
    lists: dict[str, set[str]] = {}
    for code in codes:
        rules = rules_for(code)
        data = rules.langid if rules.language == code else {}
        if not data.get("alphabet"):
            continue
        alphabet = str(data["alphabet"])
        upper = {"i": "İ", "ı": "I"} if "ı" in alphabet else {}
        allowed = set(alphabet) | {upper.get(c, c.upper()) for c in alphabet}
        sig = str(data.get("signature_letters", ""))
        checks[code] = _FastCheck(
            code,
            frozenset(allowed),
            frozenset(allowed) | _NOT_LETTERS,
            sig + "".join(upper.get(c, c.upper()) for c in sig),
            int(data.get("min_evidence", 2)),
            float(data.get("min_word_share", 0.0)),
        )
        lists[code] = {w.lower() for w in data.get("function_words", ())}
    owner = {}
    for code, words in lists.items():
        others = set().union(*(w for c, w in lists.items() if c != code))
        owner.update(dict.fromkeys(words - others, code))
    return checks, owner


def _code(language: Language) -> str:
    return language.iso_code_639_1.name.lower()


def shares_from_labels(labels: Sequence[str], lengths: Sequence[int]) -> tuple[LangShare, ...]:
    """Character-weighted share of each label ("und" included), largest first, ties by code."""
    acc: Counter[str] = Counter()
    for lang, n in zip(labels, lengths, strict=True):
        acc[lang] += max(n, 0)
    total = sum(acc.values())
    if total == 0:
        return ()
    return tuple(LangShare(lang, n / total) for lang, n in sorted(acc.items(), key=lambda kv: (-kv[1], kv[0])))


class LanguageIdentifier:
    """Identify the language of texts among ``languages`` (ISO 639-1 codes).

    A text with fewer than ``min_letters`` letters (after removing URLs, e-mail addresses and markup),
    whose best confidence is below ``min_confidence``, or whose two best candidates are closer than
    ``min_margin``, is ``"und"``. The lingua detector is built on first use and shared between instances
    with the same language set.
    """

    def __init__(
        self,
        languages: Sequence[str] = DEFAULT_LANGUAGES,
        *,
        min_letters: int = 20,
        min_confidence: float = 0.4,
        min_margin: float = 0.1,
        tiebreak_margin: float = 0.5,
    ) -> None:
        codes: list[str] = []
        for lang in languages:
            code = lang.strip().lower()
            try:
                IsoCode639_1.from_str(code)
            except ValueError as exc:
                raise ValueError(f"unsupported language code for identification: {lang!r}") from exc
            if code not in codes:
                codes.append(code)
        if not codes:
            raise ValueError("LanguageIdentifier needs at least one language")
        self.languages: tuple[str, ...] = tuple(sorted(codes))
        self.min_letters = min_letters
        self.min_confidence = min_confidence
        self.min_margin = min_margin
        self.tiebreak_margin = tiebreak_margin

    @property
    def detector(self) -> LanguageDetector:
        """The shared lingua detector for this language set (built lazily)."""
        return _detector(self.languages)

    # -- single results -------------------------------------------------------------------------------------

    @staticmethod
    def _clean(text: str) -> tuple[str, int]:
        if "@" in text or "://" in text or "www." in text or not _MARKUP.isdisjoint(text):
            text = _NOISE.sub(" ", text)
        return text, len(_NON_LETTERS.sub("", text))

    def _decide(self, cleaned: str, letters: int, values: Iterable[object]) -> Guess:
        best = [(_code(v.language), float(v.value)) for v in values][:2]  # type: ignore[attr-defined]
        if not best:
            return Guess(UND, 0.0, letters)
        (top, conf), (second, conf2) = best[0], (best[1] if len(best) > 1 else (UND, 0.0))
        guess = Guess(top, conf, letters, tuple(best))
        if second != UND and conf - conf2 < self.tiebreak_margin:
            mt, ms = _markers(top), _markers(second)
            if second in mt.rivals or top in ms.rivals:
                score_top, score_second = mt.score(cleaned), ms.score(cleaned)
                if score_second - score_top >= ms.min_markers:
                    log.debug("tiebreak %s→%s (markers %d vs %d)", top, second, score_top, score_second)
                    return Guess(second, conf2, letters, tuple(best), tiebreak=True)
        if conf < self.min_confidence or conf - conf2 < self.min_margin:
            return Guess(UND, conf, letters, tuple(best))
        return guess

    def guess(self, text: str) -> Guess:
        """Full detection result for one text (code, confidence, candidates, whether markers decided)."""
        return self.guess_many([text])[0]

    def confirms(self, text: str, lang: str, markers: bool = True) -> bool:
        """True when the fast check confirms ``text`` (already cleaned of URLs and markup) as ``lang``.

        ``markers=False``: the rival's markers are known not to occur in ``text`` (see ``guess_groups``).
        """
        return lang in self._confirmed(text, (lang,), markers)

    def _confirmed(self, text: str, langs: Sequence[str], markers: bool = True) -> list[str]:
        """Those of ``langs`` that the fast check confirms for ``text`` (the words are looked at once)."""
        checks, owner = _fast_checks(self.languages)
        langs = [c for c in langs if c in checks]
        if not langs:
            return []
        words = _WORD.findall(text)
        owners = list(filter(None, map(owner.get, map(str.lower, words))))  # the language of each function word
        present = set(owners)
        spelling: set[str] | None = None  # letters of the words that do not start with a capital (when needed)
        out = []
        for lang in langs:
            check = checks[lang]
            if not check.plain.issuperset(text):  # some character is foreign: look at the words
                if spelling is None:
                    spelling = set("".join(w for w in words if not w[0].isupper()))
                if not check.allowed.issuperset(spelling):
                    continue
            own = owners.count(lang)
            signs = sum(text.count(c) for c in check.signature)
            evidence = own + signs
            others = max((owners.count(c) for c in present if c != lang), default=0)
            if evidence < check.min_evidence or evidence < 3 * others:
                continue
            if not signs and own < check.min_word_share * len(words):
                continue
            if not markers or not any(_markers(rival).found(text) for rival in _markers(lang).rivals):
                out.append(lang)
        return out

    def guess_many(self, texts: Sequence[str], hint: str | None = None) -> list[Guess]:
        """Detection results for many texts (lingua runs on them in one batch).

        With ``hint`` (the document's language), texts the fast check confirms as ``hint`` skip lingua.
        """
        return self.guess_groups([(texts, hint)])[0]

    def guess_groups(
        self, groups: Sequence[tuple[Sequence[str], str | None] | tuple[Sequence[str], str | None, Collection[int]]]
    ) -> list[list[Guess]]:
        """``guess_many`` for several groups of texts (each with its own hint) with one lingua call for all the
        texts that the fast check leaves: lingua is several times faster on a batch than on scattered texts.

        A group's optional third item lists the texts in which the hint's rival markers are known not to occur
        (the fast check confirmed the hint on a larger text around them, see ``markers_absent``); their fast
        check does not search for the markers again.
        """
        outs: list[list[Guess]] = []
        pending: list[tuple[list[Guess], int, str, int]] = []  # (out, index, cleaned text, letters)
        fast = _fast_checks(self.languages)[0]
        for group in groups:
            texts, hint = group[0], group[1]
            known = group[2] if len(group) > 2 else ()  # type: ignore[misc]
            cleaned = [self._clean(t) for t in texts]
            out: list[Guess] = [Guess(UND, 0.0, n) for _, n in cleaned]
            outs.append(out)
            todo = [i for i, (_, n) in enumerate(cleaned) if n >= self.min_letters]
            if hint is not None and todo and hint in fast:
                rest = []
                for i in todo:
                    if self.confirms(cleaned[i][0], hint, markers=i not in known):
                        out[i] = Guess(hint, 1.0, cleaned[i][1], fast=True)
                    else:
                        rest.append(i)
                log.debug("fast check confirmed %d of %d texts as %s", len(todo) - len(rest), len(todo), hint)
                todo = rest
            pending.extend((out, i, cleaned[i][0], cleaned[i][1]) for i in todo)
        if not pending:
            return outs
        if len(self.languages) == 1:
            for out, i, _, letters in pending:
                out[i] = Guess(self.languages[0], 1.0, letters)
            return outs
        # one text after the other: lingua's thread pool costs more CPU than it saves on a few texts, and its
        # models stay in the CPU cache from one text to the next
        detector = self.detector
        results = [detector.compute_language_confidence_values(text) for _, _, text, _ in pending]
        for (out, i, text, letters), values in zip(pending, results, strict=True):
            out[i] = self._decide(text, letters, values)
        return outs

    def detect(self, text: str) -> str:
        """ISO 639-1 code of ``text``'s language, or ``"und"`` when too short or uncertain."""
        return self.guess(text).lang

    def detect_many(self, texts: Sequence[str], hint: str | None = None) -> list[str]:
        """``detect`` for many texts at once (lingua runs on them in one batch); ``hint`` as in ``guess_many``."""
        return [g.lang for g in self.guess_many(texts, hint)]

    def detect_document(self, text: str) -> str:
        """The language of a document (sample): the one language whose fast check confirms it, else ``detect``."""
        return self.detect_documents([text])[0][0]

    def detect_documents(self, texts: Sequence[str]) -> list[tuple[str, bool]]:
        """``detect_document`` for several documents (samples), with one lingua call for those the fast check
        does not decide. Each language comes with whether the fast check decided it on a text without URLs or
        markup: then the language's rival markers occur nowhere in the text (see ``markers_absent``)."""
        out: list[tuple[str, bool] | None] = []
        rest: list[int] = []
        langs = tuple(_fast_checks(self.languages)[0])
        for i, text in enumerate(texts):
            cleaned, letters = self._clean(text)
            hits = self._confirmed(cleaned, langs) if letters >= self.min_letters else []
            out.append((hits[0], cleaned is text) if len(hits) == 1 else None)
            if len(hits) != 1:
                rest.append(i)
        if rest:
            guesses = self.guess_groups([([texts[i] for i in rest], None)])[0]
            for i, g in zip(rest, guesses, strict=True):
                out[i] = (g.lang, False)
        return [x or (UND, False) for x in out]

    @staticmethod
    def markers_absent(text: str, spans: Sequence[tuple[int, int]], sample: int) -> set[int]:
        """Indices of the ``spans`` of ``text`` in which no rival marker can occur, given that the fast check
        confirmed ``text[:sample]`` (which has no URLs or markup): the spans inside the sample with whitespace
        or the text's edge on both sides. Marker patterns are local (``tests/text/test_langid.py`` checks that a
        match inside such a span is a match in the text around it), so the sample's verdict holds for them."""
        n = len(text)
        return {
            k
            for k, (s, e) in enumerate(spans)
            if e <= sample and (s == 0 or text[s - 1].isspace()) and (e == n or text[e].isspace())
        }

    # -- documents ------------------------------------------------------------------------------------------

    @staticmethod
    def shares(labels: Sequence[str], lengths: Sequence[int]) -> tuple[LangShare, ...]:
        """Character-weighted shares of already-detected labels; see ``shares_from_labels``."""
        return shares_from_labels(labels, lengths)

    def detect_sentences(self, sentence_texts: Sequence[str]) -> tuple[list[str], tuple[LangShare, ...]]:
        """Per-sentence codes and the document's character-weighted shares, in one detection pass."""
        labels = self.detect_many(sentence_texts)
        return labels, shares_from_labels(labels, [len(t.strip()) for t in sentence_texts])

    def document_shares(self, sentence_texts: Sequence[str]) -> tuple[LangShare, ...]:
        """Share of the document's sentence characters per language ("und" included), largest first."""
        return self.detect_sentences(sentence_texts)[1]

    @staticmethod
    def dominant(shares: Sequence[LangShare], default: str = UND) -> str:
        """The largest language other than "und" in ``shares`` (``default`` when there is none)."""
        return next((s.lang for s in shares if s.lang != UND), default)
