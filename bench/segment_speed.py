"""Throughput of sentence segmentation and language identification on generated text.

Run: ``.venv/bin/python bench/segment_speed.py [--sentences N] [--langid N]``. Prints sentences/s.
"""

from __future__ import annotations

import argparse
import random
import sys
import time

from dyadwatch.text.langid import LanguageIdentifier
from dyadwatch.text.segment import segment

TEMPLATES = {
    "en": [
        "Dr. Smith met the U.S. Secretary of State in Washington on Jan. 5, 2024.",
        "The minister said relations with Azerbaijan had improved by 3.5 percent.",
        "H. Aliyev and A.Mutallibov's policies were compared (see p. 45).",
        "Talks resumed in Baku after a long pause.[1]",
        'He said: "we will cooperate closely with Turkey."',
    ],
    "tr": [
        "ABD'li yetkililer 27 Kasım'da Bakü'ye geldi.",
        "18. yüzyılda Osmanlı ile ilişkiler gelişti.",
        "Prof. Dr. Ahmet Yılmaz, II. Dünya Savaşı'ndan söz etti.",
        "Dışişleri Bakanı Ankara'da Azerbaycanlı mevkidaşıyla görüştü.",
    ],
    "az": [
        "Azərbaycan 1991-ci il 18 oktyabrda müstəqilliyini bərpa etdi.",
        "H. Əliyev və ABŞ-ın dövlət katibi ikitərəfli əlaqələri müzakirə etdilər.",
        "Neft, qaz və s. sahələrdə əməkdaşlıq genişlənir.",
        "Xarici işlər naziri Vaşinqtona səfər edib.",
    ],
}


def make_text(lang: str, n: int, rng: random.Random) -> str:
    """``n`` template sentences, with line wraps and paragraph breaks sprinkled in."""
    parts: list[str] = []
    for i in range(n):
        parts.append(rng.choice(TEMPLATES[lang]))
        parts.append("\n\n" if i % 7 == 6 else ("\n" if i % 3 == 2 else " "))
    return "".join(parts)


def main(argv: list[str] | None = None) -> int:
    """Print segmentation and language-identification throughput."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sentences", type=int, default=200_000, help="sentences to segment per language")
    ap.add_argument("--langid", type=int, default=5_000, help="sentences to identify")
    args = ap.parse_args(argv)
    rng = random.Random(7)
    out = sys.stdout
    for lang in TEMPLATES:
        text = make_text(lang, args.sentences, rng)
        segment(text[:1000], lang)  # load data outside the timing
        t0 = time.perf_counter()
        spans = segment(text, lang)
        dt = time.perf_counter() - t0
        out.write(f"segment {lang}: {len(spans):,} sentences in {dt:.2f}s = {len(spans) / dt:,.0f} sentences/s\n")
    ident = LanguageIdentifier()
    sents = [rng.choice(TEMPLATES[rng.choice(list(TEMPLATES))]) for _ in range(args.langid)]
    ident.detect_many(sents[:10])  # build the detector outside the timing
    t0 = time.perf_counter()
    ident.detect_many(sents)
    dt = time.perf_counter() - t0
    out.write(f"langid detect_many: {len(sents):,} sentences in {dt:.2f}s = {len(sents) / dt:,.0f} sentences/s\n")
    t0 = time.perf_counter()
    n = min(len(sents), 1000)
    for s in sents[:n]:
        ident.detect(s)
    dt = time.perf_counter() - t0
    out.write(f"langid detect (one by one): {n:,} sentences in {dt:.2f}s = {n / dt:,.0f} sentences/s\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
