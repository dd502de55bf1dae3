"""Per-stage CPU profile of the document pipeline on a synthetic corpus (models warm, start-up excluded).

    .venv/bin/python bench/stages.py [-n 2000] [--repeat 3]

Times each stage of ``Pipeline.process`` separately with ``time.process_time`` (CPU seconds of this process,
all threads): reading JSONL, document language, segmentation, sentence language (the fast check with lingua
for the rest, and for comparison lingua on every sentence), damage scores, coding, document damage, JSON output.
Prints CPU seconds, share of the total and sentences per CPU-second for each stage; the best of ``--repeat``.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=2000, help="synthetic documents")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from dyadwatch.coder import mention_to_json
    from dyadwatch.damage import damage_score, document_damage
    from dyadwatch.ingest import read_jsonl_lines
    from dyadwatch.pipeline import SAMPLE_CHARS, Pipeline
    from dyadwatch.records import Document
    from dyadwatch.scale.corpus import default_sources, write_corpus
    from dyadwatch.text.segment import segment

    buf = io.StringIO()
    write_corpus(buf, default_sources(ROOT), args.n)
    lines = buf.getvalue().encode("utf-8").splitlines()
    p = Pipeline()
    for line in lines[:200]:  # warm up: lazy models, caches
        for d in read_jsonl_lines([line], "w"):
            p.process(d)  # type: ignore[arg-type]
    best: dict[str, float] = {}
    n_sent = 0
    for _ in range(args.repeat):
        t: dict[str, float] = defaultdict(float)
        n_sent = 0
        clock = time.process_time
        for line in lines:
            c = clock()
            doc = next(iter(read_jsonl_lines([line], "bench")))
            assert isinstance(doc, Document)
            c1 = clock()
            t["read JSONL"] += c1 - c
            base = doc.lang or p.langid.detect_document(doc.text[:SAMPLE_CHARS])
            c2 = clock()
            t["document language"] += c2 - c1
            spans = segment(doc.text, None if base == "und" else base)
            texts = [doc.text[s:e] for s, e in spans]
            c3 = clock()
            t["segment"] += c3 - c2
            labels = p.langid.detect_many(texts, hint=None if base == "und" else base)
            c4 = clock()
            t["sentence language"] += c4 - c3
            p.langid.detect_many(texts)
            c5 = clock()
            t["(lingua on every sentence)"] += c5 - c4
            [damage_score(x, base if lab == "und" else lab) for x, lab in zip(texts, labels, strict=True)]
            c6 = clock()
            t["damage scores"] += c6 - c5
            d2, sents = p.sentences(doc)
            c7 = clock()
            mentions = p.coder.code(d2, sents)
            c8 = clock()
            t["code"] += c8 - c7
            document_damage(texts, d2.lang or "und")
            c9 = clock()
            t["document damage"] += c9 - c8
            for m in mentions:
                json.dumps(mention_to_json(m), ensure_ascii=False)
            t["JSON out"] += clock() - c9
            n_sent += len(texts)
        for k, v in t.items():
            best[k] = min(best.get(k, v), v)
    total = sum(v for k, v in best.items() if not k.startswith("("))
    print(f"{args.n} documents, {n_sent} sentences; best of {args.repeat}")
    print(f"{'stage':<28} {'CPU s':>7} {'share':>7} {'sent/s':>9}")
    for k, v in best.items():
        share = f"{v / total:7.1%}" if not k.startswith("(") else "       "
        print(f"{k:<28} {v:7.2f} {share} {n_sent / v if v else 0:9,.0f}")
    print(f"{'total (without the comparison)':<28} {total:7.2f} {1:7.1%} {n_sent / total:9,.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
