"""Evaluation of damage detection and repair on clean sentences damaged by :func:`damage`.

Used by ``bench/damage_eval.py`` and by the tests.  Sentence ``k`` of a list is damaged with seed
``seed + k``; the clean sentence is the truth.
"""

from __future__ import annotations

import difflib
import logging
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from dyadwatch.damage.detect import damage_score, is_damaged
from dyadwatch.damage.langdata import load_lang
from dyadwatch.damage.restore import repair
from dyadwatch.damage.synth import damage

logger = logging.getLogger(__name__)

WORD_RE = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class DetectionResult:
    """Sentence-level detection counts: clean sentences are negatives, damaged ones positives."""

    tp: int
    fp: int
    fn: int
    tn: int
    unchanged: int  # sentences the damage left intact (no lost letter in them): not counted

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass(frozen=True, slots=True)
class RepairResult:
    """Word-level repair accuracy: clean words found unchanged, in order, in the repaired text."""

    words: int
    correct: int
    damaged_words: int  # clean words that the damage changed (they contain a lost letter)
    damaged_correct: int
    baseline_correct: int  # clean words already right in the damaged text (no repair)
    changed_clean: int  # words that repair changed when given the *clean* text (false repairs)
    chars: int
    seconds: float

    @property
    def accuracy(self) -> float:
        return self.correct / self.words if self.words else 1.0

    @property
    def damaged_accuracy(self) -> float:
        return self.damaged_correct / self.damaged_words if self.damaged_words else 1.0

    @property
    def baseline(self) -> float:
        return self.baseline_correct / self.words if self.words else 1.0

    @property
    def seconds_per_kb(self) -> float:
        return self.seconds / (self.chars / 1000) if self.chars else 0.0


def load_sentences(path: Path) -> list[str]:
    """Non-empty lines of a UTF-8 file."""
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def detection_eval(sentences: Sequence[str], lang: str, seed: int = 0) -> DetectionResult:
    """Detection on each clean sentence (negative) and its damaged version (positive)."""
    tp = fp = fn = tn = unchanged = 0
    for k, clean in enumerate(sentences):
        if is_damaged(clean, lang):
            fp += 1
        else:
            tn += 1
        broken = damage(clean, lang, seed + k)
        if broken == clean:
            unchanged += 1
        elif is_damaged(broken, lang):
            tp += 1
        else:
            fn += 1
    return DetectionResult(tp, fp, fn, tn, unchanged)


def real_sentences(paths: Sequence[str | Path]) -> list[tuple[str, str]]:
    """``(sentence, language)`` of every az/tr sentence in the documents at ``paths`` (files or folders, as
    ``dyadwatch ingest`` reads them), segmented and language-identified by the pipeline."""
    from dyadwatch.ingest import read_inputs
    from dyadwatch.pipeline import Pipeline
    from dyadwatch.records import Document
    from dyadwatch.settings import Settings

    settings = Settings()
    pipeline = Pipeline(settings)
    out: list[tuple[str, str]] = []
    for item in read_inputs([str(p) for p in paths], settings):
        if isinstance(item, Document):
            _, sents = pipeline.sentences(item)
            out.extend((s.text, s.lang) for s in sents if s.lang in ("az", "tr"))
    return out


def real_detection_eval(pairs: Sequence[tuple[str, str]], seed: int = 0) -> tuple[DetectionResult, float]:
    """Detection on real clean sentences (negatives) and the same sentences damaged (positives, only those with
    at least 20 letters and a lost letter).  Returns the counts and the highest clean score."""
    tp = fp = fn = tn = unchanged = 0
    top = 0.0
    for k, (clean, lang) in enumerate(pairs):
        score = damage_score(clean, lang)
        top = max(top, score)
        fp += score >= load_lang(lang).detect.threshold
        tn += score < load_lang(lang).detect.threshold
        broken = damage(clean, lang, seed + k)
        if broken == clean or len(WORD_RE.findall(clean)) < 4 or sum(map(len, WORD_RE.findall(clean))) < 20:
            unchanged += 1
        elif is_damaged(broken, lang):
            tp += 1
        else:
            fn += 1
    return DetectionResult(tp, fp, fn, tn, unchanged), top


def _matched(truth: list[str], got: list[str]) -> list[bool]:
    """For each truth word: is it part of an equal block when aligned with ``got``."""
    ok = [False] * len(truth)
    matcher = difflib.SequenceMatcher(a=truth, b=got, autojunk=False)
    for block in matcher.get_matching_blocks():
        for i in range(block.a, block.a + block.size):
            ok[i] = True
    return ok


def repair_eval(sentences: Sequence[str], lang: str, seed: int = 0, *, check_clean: bool = True) -> RepairResult:
    """Damage each sentence, repair it, and count the clean words restored exactly (case included)."""
    data = load_lang(lang)
    words = correct = damaged_words = damaged_correct = baseline = changed_clean = chars = 0
    seconds = 0.0
    for k, clean in enumerate(sentences):
        broken = damage(clean, lang, seed + k)
        started = time.perf_counter()
        fixed = repair(broken, lang).text
        seconds += time.perf_counter() - started
        chars += len(broken)
        truth = WORD_RE.findall(clean)
        ok = _matched(truth, WORD_RE.findall(fixed))
        before = _matched(truth, WORD_RE.findall(broken))
        words += len(truth)
        correct += sum(ok)
        baseline += sum(before)
        for word, good in zip(truth, ok, strict=True):
            if any(ch in data.lost_set for ch in data.lower(word)):
                damaged_words += 1
                damaged_correct += good
        if check_clean:
            changed_clean += len(truth) - sum(_matched(truth, WORD_RE.findall(repair(clean, lang).text)))
    return RepairResult(words, correct, damaged_words, damaged_correct, baseline, changed_clean, chars, seconds)
