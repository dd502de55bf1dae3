"""Build the damage module's language data under ``src/dyadwatch/data/lexicon/``.

Two kinds of file per language (``az``, ``tr``):

``<lang>.charlm.tsv``
    Character n-gram model (orders 1-5, conditional log10 probabilities within words), converted from the
    language models that ship in the ``lingua-language-detector`` 1.3.x wheel (Apache-2.0, pure Python;
    the 2.x wheels embed them in a binary).  Only n-grams over the language's alphabet are kept and the
    4- and 5-grams are pruned by estimated joint frequency, so a language stays near 1 MB.

``<lang>.words.tsv``
    Word frequencies (lowercase form, count, share of capitalised occurrences) counted in the project's own
    clean *training* prose ``tests/damage/data/<lang>_train.txt`` plus inflected forms generated from
    ``src/dyadwatch/data/lexicon/<lang>.stems.yaml`` (stems x suffix classes with vowel harmony).
    The held-out files ``tests/damage/data/<lang>_heldout.txt`` are never read here.

Usage (build-time only; the runtime reads the TSV files and needs none of this)::

    pip download --no-deps -d /tmp/lingua lingua-language-detector==1.3.5
    pip install brotli
    python tools/build_damage_lexicon.py --lingua-wheel /tmp/lingua/lingua_language_detector-1.3.5-py3-none-any.whl

``--words-only`` rebuilds just the word lists (no wheel or brotli needed).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import zipfile
from collections import Counter
from fractions import Fraction
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "dyadwatch" / "data"
LEXICON = DATA / "lexicon"
TRAIN = ROOT / "tests" / "damage" / "data"
ORDERS = ("unigrams", "bigrams", "trigrams", "quadrigrams", "fivegrams")
# How many 4-/5-grams to keep per language (by estimated joint frequency).
KEEP = {4: 45000, 5: 70000}
WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def lower(text: str) -> str:
    """Turkic lowercase (I -> ı, İ -> i)."""
    return text.replace("I", "ı").replace("İ", "i").lower()


def load_alphabet(lang: str) -> str:
    cfg = yaml.safe_load((DATA / "lang" / lang / "damage.yaml").read_text(encoding="utf-8"))
    return str(cfg["alphabet"])


def build_charlm(lang: str, wheel: Path) -> None:
    """Convert lingua's n-gram tables for ``lang`` into a pruned TSV of log10 conditional probabilities."""
    import brotli  # build-time only dependency

    alphabet = set(load_alphabet(lang))
    cond: dict[str, float] = {}
    with zipfile.ZipFile(wheel) as zf:
        for name in ORDERS:
            raw = zf.read(f"lingua/language-models/{lang}/{name}.json.br")
            table = json.loads(brotli.decompress(raw))["ngrams"]
            for frac, grams in table.items():
                p = float(Fraction(frac))
                for g in grams.split():
                    if set(g) <= alphabet:
                        cond[g] = p

    def joint(g: str) -> float:
        """Estimated log10 frequency of ``g``: the chain of its prefixes' conditional probabilities."""
        return sum(math.log10(cond.get(g[: i + 1], 1e-9)) for i in range(len(g)))

    kept: dict[str, float] = {g: p for g, p in cond.items() if len(g) <= 3}
    for n, keep in KEEP.items():
        grams = sorted((g for g in cond if len(g) == n), key=joint, reverse=True)[:keep]
        kept.update((g, cond[g]) for g in grams)
    out = LEXICON / f"{lang}.charlm.tsv"
    lines = [
        "# character n-gram model: ngram<TAB>log10 P(last char | preceding chars) within words",
        "# source: lingua-language-detector 1.3.5 language models (Apache-2.0, (c) Peter M. Stahl), pruned",
    ]
    lines += [f"{g}\t{math.log10(p):.3f}" for g, p in sorted(kept.items(), key=lambda kv: (len(kv[0]), kv[0]))]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{out}: {len(kept)} n-grams")


class Inflector:
    """Expands stems with suffix templates (vowel harmony, buffer letters, softening) from a stems.yaml."""

    def __init__(self, spec: dict) -> None:
        self.vowels = set(spec["vowels"])
        self.klass = {ch: name for name, chars in spec["harmony"].items() for ch in chars}
        self.a, self.i = spec["A"], spec["I"]
        self.soften: dict[str, str] = spec.get("soften") or {}
        self.voiceless = set(spec.get("voiceless") or "")
        self.templates: dict[str, list[str]] = spec["templates"]

    def _last_class(self, text: str) -> str:
        for ch in reversed(text):
            if ch in self.klass:
                return self.klass[ch]
        return "back_unrounded"

    def _add_vowel(self, cur: str, vowel: str) -> str:
        last = cur[-1:]
        if last in self.soften and sum(ch in self.vowels for ch in cur) >= 2:
            cur = cur[:-1] + self.soften[last]
        return cur + vowel

    def expand(self, stem: str, template: str) -> str | None:
        """``stem`` + the suffix ``template``; None when the template does not apply to the stem."""
        if template.startswith("!"):
            if stem[-1:] in self.vowels:
                return None
            template = template[1:]
        cur = stem
        for token in re.findall(r"\([^)]\)|.", template):
            if token.startswith("("):
                letter = token[1]
                ends_vowel = cur[-1:] in self.vowels
                if letter == "I":
                    if not ends_vowel:
                        cur = self._add_vowel(cur, self.i[self._last_class(cur)])
                elif ends_vowel:
                    cur += letter
            elif token == "A":
                cur = self._add_vowel(cur, self.a[self._last_class(cur)])
            elif token == "I":
                cur = self._add_vowel(cur, self.i[self._last_class(cur)])
            elif token in "DC":
                hard = cur[-1:] in self.voiceless
                cur += {"D": "td", "C": "çc"}[token][0 if hard else 1]
            elif token in self.vowels:
                cur = self._add_vowel(cur, token)
            else:
                cur += token
        return cur

    def stems_of(self, word: str) -> set[tuple[str, str]]:
        """(stem, class) pairs from which some template gives ``word`` (shortest stem per class)."""
        found: set[tuple[str, str]] = set()
        for cls, templates in self.templates.items():
            for k in range(3, len(word)):
                stem = word[:k]
                if any(t and self.expand(stem, t) == word for t in templates):
                    found.add((stem, cls))
                    break
        return found

    def forms(self, stem: str, cls: str) -> set[str]:
        """Every form of ``stem`` with the templates of ``cls``."""
        out = {self.expand(stem, t) for t in self.templates[cls]}
        return {f for f in out if f}


def generate_forms(lang: str, words: set[str]) -> Counter[str]:
    """Inflected forms of the stems found in ``words`` (templates from ``<lang>.stems.yaml``)."""
    path = LEXICON / f"{lang}.stems.yaml"
    if not path.is_file():
        return Counter()
    inflector = Inflector(yaml.safe_load(path.read_text(encoding="utf-8")))
    forms: Counter[str] = Counter()
    for word in words:
        if len(word) < 4:
            continue
        for stem, cls in inflector.stems_of(word):
            forms.update(inflector.forms(stem, cls))
    return forms


def common_words(lang: str) -> list[str]:
    """The hand-written list of common words (``words:``) in ``<lang>.stems.yaml``."""
    path = LEXICON / f"{lang}.stems.yaml"
    if not path.is_file():
        return []
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [lower(str(w)) for w in spec.get("words", []) if isinstance(w, str) and " " not in w]


def build_words(lang: str) -> None:
    """Count words of the training prose (plus generated forms) into ``<lang>.words.tsv``."""
    counts: Counter[str] = Counter()
    caps: Counter[str] = Counter()
    inner: Counter[str] = Counter()  # occurrences that are not sentence-initial (their case is informative)
    text = (TRAIN / f"{lang}_train.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        for i, m in enumerate(WORD_RE.finditer(line)):
            for part in re.split(r"['’]", m.group()):
                if not part:
                    continue
                w = lower(part)
                counts[w] += 1
                if i > 0:
                    inner[w] += 1
                    caps[w] += part[0].isupper()
    generated = generate_forms(lang, set(counts))
    for word in common_words(lang):
        counts[word] += 1
    for w in generated:
        counts[w] += 0
    out = LEXICON / f"{lang}.words.tsv"
    lines = [
        "# word<TAB>count in the training prose (0 = generated form)<TAB>share of capitalised uses",
        f"# built by tools/build_damage_lexicon.py from tests/damage/data/{lang}_train.txt and {lang}.stems.yaml",
    ]
    for w in sorted(counts, key=lambda x: (-counts[x], x)):
        share = caps[w] / inner[w] if inner[w] else (1.0 if w in caps else 0.0)
        lines.append(f"{w}\t{counts[w]}\t{share:.2f}")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{out}: {len(counts)} words ({len(generated)} generated)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lingua-wheel", type=Path, help="path to lingua_language_detector-1.3.x wheel")
    ap.add_argument("--words-only", action="store_true")
    ap.add_argument("--langs", default="az,tr")
    args = ap.parse_args()
    LEXICON.mkdir(parents=True, exist_ok=True)
    for lang in args.langs.split(","):
        if not args.words_only:
            if args.lingua_wheel is None:
                ap.error("--lingua-wheel is required unless --words-only")
            build_charlm(lang, args.lingua_wheel)
        build_words(lang)


if __name__ == "__main__":
    main()
