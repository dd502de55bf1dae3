"""Per-stage CPU profile of the document pipeline on a synthetic corpus (models warm, start-up excluded).

    .venv/bin/python bench/stages.py [-n 2000] [--repeat 3]

Runs the stages of ``Pipeline.process_stream`` one after the other on batches of ``pipeline.BATCH`` documents, as
the pipeline does, and times each with ``time.process_time`` (CPU seconds of this process, all threads): reading
JSONL, document language (fast check, lingua for the rest), segmentation, sentence language (fast check with
lingua for the rest; for comparison, lingua on every sentence), damage scores (sentences and document in one
pass), coding, JSON output. Prints CPU seconds, share of the total and sentences per CPU-second for each stage;
the best of ``--repeat``.
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
    import dataclasses

    from dyadwatch.coder import mention_to_json
    from dyadwatch.damage import score_document
    from dyadwatch.ingest import read_jsonl_lines
    from dyadwatch.pipeline import BATCH, SAMPLE_CHARS, Pipeline
    from dyadwatch.records import Document, Sentence
    from dyadwatch.scale.corpus import default_sources, write_corpus
    from dyadwatch.text.langid import shares_from_labels
    from dyadwatch.text.segment import segment

    buf = io.StringIO()
    write_corpus(buf, default_sources(ROOT), args.n)
    lines = buf.getvalue().encode("utf-8").splitlines()
    p = Pipeline()
    list(p.process_stream(read_jsonl_lines(lines[:300], "warm-up")))  # lazy models, caches
    lid = p.langid
    best: dict[str, float] = {}
    n_sent = 0
    for _ in range(args.repeat):
        t: dict[str, float] = defaultdict(float)
        n_sent = 0
        clock = time.process_time
        for k in range(0, len(lines), BATCH):
            c = clock()
            docs = [d for d in read_jsonl_lines(lines[k : k + BATCH], "bench") if isinstance(d, Document)]
            c1 = clock()
            t["read JSONL"] += c1 - c
            found = lid.detect_documents([d.text[:SAMPLE_CHARS] for d in docs])
            c2 = clock()
            t["document language"] += c2 - c1
            spans = [segment(d.text, None if b == "und" else b) for d, (b, _) in zip(docs, found, strict=True)]
            texts = [[d.text[s:e] for s, e in sp] for d, sp in zip(docs, spans, strict=True)]
            c3 = clock()
            t["segment"] += c3 - c2
            absent = [
                lid.markers_absent(d.text, sp, SAMPLE_CHARS) if ok else set()
                for d, sp, (_, ok) in zip(docs, spans, found, strict=True)
            ]
            groups = [(tx, None if b == "und" else b, a) for tx, (b, _), a in zip(texts, found, absent, strict=True)]
            guesses = lid.guess_groups(groups)
            c4 = clock()
            t["sentence language"] += c4 - c3
            lid.guess_groups([(tx, None) for tx in texts])
            c5 = clock()
            t["(lingua on every sentence)"] += c5 - c4
            ready = []
            for d, (b, _), sp, tx, gs in zip(docs, found, spans, texts, guesses, strict=True):
                langs = [b if g.lang == "und" else g.lang for g in gs]
                shares = shares_from_labels([g.lang for g in gs], [len(x) for x in tx])
                d = dataclasses.replace(d, lang=next((s.lang for s in shares if s.lang != "und"), b), langs=shares)
                scores, _ = score_document(tx, langs, d.lang or "und")
                sents = tuple(
                    Sentence(doc_id=d.id, index=i, start=s, end=e, text=x, lang=lang, damage=score)
                    for i, ((s, e), x, lang, score) in enumerate(zip(sp, tx, langs, scores, strict=True))
                )
                ready.append((d, sents))
            c6 = clock()
            t["damage scores"] += c6 - c5
            mentions = [m for d, sents in ready for m in p.coder.code(d, sents)]
            c7 = clock()
            t["code"] += c7 - c6
            for m in mentions:
                json.dumps(mention_to_json(m), ensure_ascii=False)
            t["JSON out"] += clock() - c7
            n_sent += sum(len(x) for x in texts)
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
