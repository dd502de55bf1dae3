"""Language data for damaged-text detection and repair, loaded from ``data/lang/<lang>/damage.yaml``.

The YAML is validated against ``data/schema/damage.schema.json`` when it is loaded; everything the
detector and the repairer know about a language (alphabet, lost letters, suffixes, weights, thresholds)
comes from there, so adding a language means adding data files, not code.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import jsonschema

from dyadwatch import yamlio

logger = logging.getLogger(__name__)

DATA_PACKAGE = "dyadwatch"


class DamageDataError(ValueError):
    """A language's damage.yaml is missing or does not match the schema."""


@dataclass(frozen=True, slots=True)
class DetectParams:
    """Weights and thresholds of the detection signals."""

    weights: dict[str, float]
    min_letters: int
    confidence_letters: float
    oov_logprob: float
    threshold: float
    min_fragment: int  # letters a word needs to count as the damaged form of a word-list word
    recheck_above: float  # scores at or above this are rechecked as the confusable languages
    prior_words: float  # added to the word count when per-word rates are computed (shrinks short texts)


@dataclass(frozen=True, slots=True)
class RepairParams:
    """Search and scoring parameters of the repair decoder (log10 units)."""

    beam: int
    max_insert: int
    insert_penalty: float
    space_letter_bonus: float
    extra_space_penalty: float
    lookalike_penalty: float
    lexicon_weight: float
    oov_penalty: float
    max_segment: int


@dataclass(frozen=True, slots=True)
class LangData:
    """Everything the damage module knows about one language."""

    lang: str
    alphabet: frozenset[str]
    lost_letters: str
    space_letter: str | None
    lookalikes: dict[str, str]  # lost letter -> ASCII look-alike
    case_pairs: dict[str, str]  # lowercase -> uppercase where str.upper is wrong
    single_letter_words: frozenset[str]
    expected_lost_share: float
    suffixes: tuple[str, ...]
    impossible: tuple[re.Pattern[str], ...]
    detect: DetectParams
    repair: RepairParams
    confusable: tuple[str, ...] = ()  # languages the identifier mistakes this one for (scored too; lowest wins)
    _lost: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_lost", frozenset(self.lost_letters))

    def lower(self, text: str) -> str:
        """Lowercase ``text`` with this language's casing rules (Turkic I/İ)."""
        for low, up in self.case_pairs.items():
            text = text.replace(up, low)
        return text.lower()

    def upper(self, text: str) -> str:
        """Uppercase ``text`` with this language's casing rules."""
        for low, up in self.case_pairs.items():
            text = text.replace(low, up)
        return text.upper()

    @property
    def lost_set(self) -> frozenset[str]:
        """Lowercase lost letters as a set."""
        return self._lost

    def strip_lost(self, word: str) -> str:
        """``word`` (lowercase) with every lost letter removed: what a fully damaged extraction keeps."""
        lost = self._lost
        return "".join(ch for ch in word if ch not in lost)


@lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    text = resources.files(DATA_PACKAGE).joinpath("data", "schema", "damage.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def parse(raw: dict[str, Any]) -> LangData:
    """Validate ``raw`` (a parsed damage.yaml) and build a :class:`LangData`."""
    try:
        jsonschema.validate(raw, _schema())
    except jsonschema.ValidationError as exc:
        raise DamageDataError(f"damage.yaml for {raw.get('lang')!r}: {exc.message}") from exc
    alphabet = frozenset(raw["alphabet"])
    lost = raw["lost_letters"]
    if not set(lost) <= alphabet:
        raise DamageDataError(f"{raw['lang']}: lost_letters not in the alphabet: {set(lost) - alphabet}")
    if raw["space_letter"] is not None and raw["space_letter"] not in lost:
        raise DamageDataError(f"{raw['lang']}: space_letter must be one of lost_letters")
    try:
        impossible = tuple(re.compile(p) for p in raw["impossible"])
    except re.error as exc:
        raise DamageDataError(f"{raw['lang']}: bad regex in impossible: {exc}") from exc
    return LangData(
        lang=raw["lang"],
        alphabet=alphabet,
        lost_letters=lost,
        space_letter=raw["space_letter"],
        lookalikes=dict(raw["lookalikes"]),
        case_pairs=dict(raw["case_pairs"]),
        single_letter_words=frozenset(raw["single_letter_words"]),
        expected_lost_share=float(raw["expected_lost_share"]),
        suffixes=tuple(raw["suffixes"]),
        impossible=impossible,
        detect=DetectParams(**raw["detect"]),
        repair=RepairParams(**raw["repair"]),
        confusable=tuple(raw.get("confusable", ())),
    )


@lru_cache(maxsize=16)
def load_lang(lang: str) -> LangData:
    """Load and validate ``data/lang/<lang>/damage.yaml``; unknown languages raise :class:`DamageDataError`."""
    code = (lang or "").lower().split("-")[0]
    if not re.fullmatch(r"[a-z]{2,3}", code):
        raise DamageDataError(f"not a language code: {lang!r}")
    node = resources.files(DATA_PACKAGE).joinpath("data", "lang", code, "damage.yaml")
    if not node.is_file():
        raise DamageDataError(f"no damage data for language {lang!r}")
    raw = yamlio.safe_load(node.read_text(encoding="utf-8"))
    logger.debug("loaded damage data for %s", code)
    return parse(raw)


def has_lang(lang: str) -> bool:
    """True when damage data exists for ``lang``."""
    try:
        load_lang(lang)
    except DamageDataError:
        return False
    return True
