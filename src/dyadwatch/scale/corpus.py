"""A synthetic corpus for benchmarks and scale tests: real example documents recombined with varied names and dates.

Each synthetic document takes one to three paragraphs of source documents of one language, swaps country names
(English whole words; Turkish and Azerbaijani stems, so case suffixes stay: ``Ermenistan'ın`` →
``Gürcistan'ın``) by a random permutation, shifts every year
by the same random offset and gets a publication date in the shifted range. The output is deterministic for a
seed, streamed (constant memory for any size) and in the JSONL contract of ``dyadwatch extract``.
"""

from __future__ import annotations

import json
import logging
import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import IO

log = logging.getLogger(__name__)

# Country stems that can stand for each other (case suffixes follow the stem in all three languages).
COUNTRY_STEMS: dict[str, tuple[str, ...]] = {
    "en": ("Armenia", "Georgia", "Russia", "Iran", "France", "Ukraine", "Kazakhstan", "Hungary"),
    "tr": ("Ermenistan", "Gürcistan", "Rusya", "İran", "Fransa", "Ukrayna", "Kazakistan", "Macaristan"),
    "az": ("Ermənistan", "Gürcüstan", "Rusiya", "İran", "Fransa", "Ukrayna", "Qazaxıstan", "Macarıstan"),
}
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")
_PARAGRAPH = re.compile(r"\n\s*\n")


@dataclass(frozen=True, slots=True)
class Source:
    """A source document's paragraphs and language."""

    lang: str
    paragraphs: tuple[str, ...]


def load_sources(paths: Sequence[str | Path]) -> list[Source]:
    """Read example documents (any format ``dyadwatch ingest`` reads) as sources, by language."""
    from dyadwatch.ingest import read_inputs
    from dyadwatch.records import Document
    from dyadwatch.settings import Settings
    from dyadwatch.text.langid import LanguageIdentifier

    lid = LanguageIdentifier(("en", "tr", "az"))
    out: list[Source] = []
    for item in read_inputs([str(p) for p in paths], Settings()):
        if not isinstance(item, Document):
            continue
        lang = item.lang or lid.detect_document(item.text[:4000])
        paragraphs = tuple(p.strip() for p in _PARAGRAPH.split(item.text) if len(p.strip()) >= 40)
        if lang in COUNTRY_STEMS and paragraphs:
            out.append(Source(lang, paragraphs))
    log.info("loaded %d source documents", len(out))
    return out


def _swap_names(text: str, lang: str, rng: random.Random) -> str:
    stems = COUNTRY_STEMS[lang]
    shuffled = list(stems)
    rng.shuffle(shuffled)
    mapping = dict(zip(stems, shuffled, strict=True))
    tail = r"\b" if lang == "en" else ""  # English: whole words (not Armenian); Turkic: stems with suffixes
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, stems)) + r")" + tail)
    return pattern.sub(lambda m: mapping[m.group(1)], text)


def _shift_years(text: str, shift: int) -> str:
    return _YEAR.sub(lambda m: str(int(m.group(1)) + shift), text)


def synthetic_documents(
    sources: Sequence[Source], n: int, seed: int = 0, declare_lang: bool = False
) -> Iterator[dict[str, object]]:
    """``n`` JSONL document objects (``id``, ``text``, ``published``, optionally ``lang``) from ``sources``."""
    if not sources:
        raise ValueError("no source documents to recombine")
    by_lang: dict[str, list[Source]] = {}
    for s in sources:
        by_lang.setdefault(s.lang, []).append(s)
    langs = sorted(by_lang)
    rng = random.Random(seed)
    for i in range(n):
        lang = langs[i % len(langs)]
        pool = by_lang[lang]
        paragraphs = [rng.choice(rng.choice(pool).paragraphs) for _ in range(rng.randint(1, 3))]
        shift = rng.randint(-4, 4)
        text = _shift_years(_swap_names("\n\n".join(paragraphs), lang, rng), shift)
        years = [int(y) for y in _YEAR.findall(text)]
        year = max(years) if years else 2020 + shift
        published = date(min(max(year, 1990), 2045), 1, 1) + timedelta(days=rng.randint(0, 364))
        obj: dict[str, object] = {"id": f"syn-{seed}-{i:07d}", "text": text, "published": published.isoformat()}
        if declare_lang:
            obj["lang"] = lang
        yield obj


def write_corpus(out: IO[str], sources: Sequence[Source], n: int, seed: int = 0, declare_lang: bool = False) -> int:
    """Write ``n`` synthetic documents as JSONL to ``out``; returns how many."""
    count = 0
    for obj in synthetic_documents(sources, n, seed, declare_lang):
        out.write(json.dumps(obj, ensure_ascii=False) + "\n")
        count += 1
    return count


def default_sources(root: Path) -> list[Source]:
    """Sources of a repository checkout: ``examples/corpus`` and the development gold documents."""
    paths = [root / "examples" / "corpus", *sorted((root / "tests" / "golden").glob("*/docs.jsonl"))]
    return load_sources([p for p in paths if p.exists()])
