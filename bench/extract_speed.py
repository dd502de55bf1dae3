"""Throughput of segment + language id + coding on the gold/example corpus, repeated N times.

    .venv/bin/python bench/extract_speed.py [-n 5] [--coder-only]

Prints sentences/s, documents/s and peak RSS (resource.getrusage).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_docs() -> list[dict]:
    docs = []
    for lang in ("en", "tr", "az"):
        p = ROOT / "tests" / "golden" / lang / "docs.jsonl"
        if p.is_file():
            docs += [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    corpus = ROOT / "examples" / "corpus"
    if corpus.is_dir():
        for f in sorted(corpus.glob("*.txt")):
            docs.append({"id": f.stem, "text": f.read_text(encoding="utf-8"), "published": None, "lang": None})
    return docs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-n", type=int, default=5, help="repetitions of the corpus")
    ap.add_argument("--coder-only", action="store_true", help="time only Coder.code (pre-segmented)")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from dyadwatch.coder import Coder
    from dyadwatch.records import Document, Sentence, content_id
    from dyadwatch.text.langid import LanguageIdentifier
    from dyadwatch.text.segment import segment

    raw = load_docs()
    if not raw:
        print("no documents found", file=sys.stderr)
        return 1
    docs = [
        Document(
            d["id"],
            d["text"],
            content_id(d["text"]),
            lang=d.get("lang"),
            published=date.fromisoformat(d["published"][:10]) if d.get("published") else None,
        )
        for d in raw
    ]
    t0 = time.perf_counter()
    coder, lid = Coder(), LanguageIdentifier()
    setup = time.perf_counter() - t0

    def sentences(doc: Document) -> list[Sentence]:
        base = doc.lang or lid.detect(doc.text[:4000])
        spans = segment(doc.text, None if base == "und" else base)
        texts = [doc.text[s:e] for s, e in spans]
        langs = lid.detect_many(texts) if hasattr(lid, "detect_many") else [lid.detect(t) for t in texts]
        return [
            Sentence(doc.id, i, s, e, t, base if lg == "und" else lg)
            for i, ((s, e), t, lg) in enumerate(zip(spans, texts, langs, strict=True))
        ]

    pre = [(d, sentences(d)) for d in docs] if args.coder_only else None
    n_sent = n_events = 0
    t0 = time.perf_counter()
    for _ in range(args.n):
        for i, doc in enumerate(docs):
            sents = pre[i][1] if pre else sentences(doc)
            n_sent += len(sents)
            n_events += len(coder.code(doc, sents))
    dt = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rss_mb = rss / 1024 if sys.platform != "darwin" else rss / 1024 / 1024
    what = "code" if args.coder_only else "segment+langid+code"
    print(f"{what}: {len(docs)} docs x {args.n}: {n_sent} sentences, {n_events} events in {dt:.2f}s")
    print(f"sentences/s: {n_sent / dt:,.0f}   docs/s: {len(docs) * args.n / dt:,.1f}   setup: {setup:.2f}s")
    print(f"peak RSS: {rss_mb:,.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
