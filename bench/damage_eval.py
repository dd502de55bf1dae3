"""Benchmark of damaged-text detection and repair (dyadwatch.damage).

Prints, per language (az, tr) and per split of the project's clean sentences
(``tests/damage/data/<lang>_train.txt`` = the text the word list was built from,
``<lang>_heldout.txt`` = never seen by the word list):

* detection precision / recall: clean sentences are negatives, the same sentences damaged are positives;
* word-level repair accuracy on the damaged sentences (all words / only the words the damage changed),
  the accuracy of the damaged text itself as a baseline, and how many words repair changes in *clean* text;
* repair speed (seconds per KB of damaged text);

then detection on *real* clean sentences (example corpus, gold documents, seed 002: precision, the highest clean
score, recall on the same sentences damaged) and its cost per sentence; events of the Turkish and Azerbaijani
gold documents damaged by the synthetic process, coded without and with repair, against the gold events; and the
seed 000 document (``../shared/seeds/000_*.txt``) before and after repair, with the events coded each way.

Run: ``.venv/bin/python bench/damage_eval.py [--lines 15] [--seed 0]``
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from dyadwatch.damage import damage, damage_score, document_damage, repair
from dyadwatch.damage.evaluate import (
    detection_eval,
    load_sentences,
    real_detection_eval,
    real_sentences,
    repair_eval,
)

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "damage" / "data"
SEED_DIRS = (ROOT.parent / "shared" / "seeds", Path("/work/shared/seeds"))


def find_seed(stem: str) -> Path | None:
    for folder in SEED_DIRS:
        hits = sorted(folder.glob(f"{stem}_*.txt")) if folder.is_dir() else []
        if hits:
            return hits[0]
    return None


def report_language(lang: str, seed: int) -> None:
    for split in ("train", "heldout"):
        sentences = load_sentences(DATA / f"{lang}_{split}.txt")
        det = detection_eval(sentences, lang, seed)
        rep = repair_eval(sentences, lang, seed)
        label = "held-out" if split == "heldout" else "train (word-list source)"
        print(f"{lang} {label}: {len(sentences)} sentences")
        print(
            f"  detection  precision {det.precision:.3f}  recall {det.recall:.3f}  "
            f"(tp {det.tp} fp {det.fp} fn {det.fn} tn {det.tn}; {det.unchanged} left intact by damage)"
        )
        print(
            f"  repair     word accuracy {rep.accuracy:.3f} ({rep.correct}/{rep.words})  "
            f"damaged words {rep.damaged_accuracy:.3f} ({rep.damaged_correct}/{rep.damaged_words})  "
            f"unrepaired baseline {rep.baseline:.3f}"
        )
        print(
            f"  clean text words changed by repair: {rep.changed_clean}/{rep.words}   "
            f"speed {rep.seconds_per_kb:.2f} s/KB ({rep.chars} chars)"
        )


def report_english() -> None:
    sentences = load_sentences(DATA / "en_clean.txt")
    flagged = sum(damage_score(s, "en") >= 0.5 for s in sentences)
    print(f"en clean: {flagged}/{len(sentences)} sentences flagged damaged")


def report_real(seed: int) -> None:
    paths = [ROOT / "examples" / "corpus", *sorted((ROOT / "tests" / "golden").glob("*/docs*.jsonl"))]
    seed002 = find_seed("002")
    if seed002:
        paths.append(seed002)
    pairs = real_sentences(paths)
    det, top = real_detection_eval(pairs, seed)
    print(
        f"real clean az/tr sentences ({len(pairs)}: example corpus, gold documents{', seed 002' if seed002 else ''}):"
        f"\n  precision {det.precision:.3f}  recall on them damaged {det.recall:.3f}  (tp {det.tp} fp {det.fp} "
        f"fn {det.fn} tn {det.tn}; {det.unchanged} too short or left intact)  highest clean score {top:.3f}"
    )
    texts = pairs * max(1, 5000 // max(1, len(pairs)))
    started = time.perf_counter()
    for text, lang in texts:
        damage_score(text, lang)
    per = (time.perf_counter() - started) / len(texts)
    print(f"  detection cost {per * 1e3:.4f} ms per sentence (warm word cache, {len(texts)} sentences)")


def report_gold_events() -> None:
    import dataclasses

    from dyadwatch.eval import evaluate, load_jsonl
    from dyadwatch.service import extract_documents
    from dyadwatch.settings import Settings

    sys.path.insert(0, str(ROOT))
    from tests.eval.gold_run import documents

    for lang in ("az", "tr"):
        gold = load_jsonl(ROOT / "tests" / "golden" / lang / "gold.jsonl")
        docs = documents(ROOT / "tests" / "golden" / lang / "docs.jsonl")
        broken = [dataclasses.replace(d, text=damage(d.text, lang, k)) for k, d in enumerate(docs)]
        for label, items, fix in (("clean", docs, False), ("damaged", broken, False), ("damaged+repair", broken, True)):
            m = evaluate(gold, list(extract_documents(items, Settings(repair_damaged=fix)))).to_json()["strict"]["all"]
            print(
                f"{lang} gold documents, {label:15s} strict P {m['precision']:.3f} R {m['recall']:.3f} "
                f"(tp {m['tp']} fp {m['fp']})"
            )


def seed_events(path: Path) -> None:
    from dyadwatch.pipeline import Pipeline
    from dyadwatch.records import Document, content_id
    from dyadwatch.settings import Settings

    text = path.read_text(encoding="utf-8")
    doc = Document(id=path.stem, text=text, sha256=content_id(text))
    for fix in (False, True):
        result = Pipeline(Settings(repair_damaged=fix)).process(doc)
        read = result.repair.text if result.repair else text
        repaired = len(result.repair.sentences) if result.repair else 0
        state = "on" if fix else "off"
        print(f"seed 000 events with repair {state}: {len(result.mentions)} ({repaired} sentences repaired)")
        for m in result.mentions:
            sentence = read[m.sentence.start : m.sentence.end]
            print(f"  {m.event} {m.source.country}->{m.target.country} {m.date} {sentence!r}")


def line_languages(lines: list[str]) -> list[str]:
    """Language of each line (the project's lingua-based identifier; "az" for all when unavailable)."""
    try:
        from dyadwatch.text.langid import LanguageIdentifier
    except ImportError:
        return ["az"] * len(lines)
    identifier = LanguageIdentifier()
    labels = []
    for line in lines:
        label = identifier.detect(line) if line.strip() else "und"
        labels.append(labels[-1] if label == "und" and labels else label)  # undecided: like the line before
    return labels


def show_seed(lines: int) -> None:
    path = find_seed("000")
    if path is None:
        print("seed 000: not found (../shared/seeds)")
        return
    text = path.read_text(encoding="utf-8")
    before = text.splitlines()
    sentences = [line for line in before if line.strip()]
    labels = line_languages(before)
    # Repair each block of consecutive non-English lines as one text (lines are not sentences here).
    after: list[str] = []
    started = time.perf_counter()
    k = 0
    while k < len(before):
        end = k + 1
        while end < len(before) and (labels[end] == "en") == (labels[k] == "en"):
            end += 1
        block = before[k:end]
        after.extend(block if labels[k] == "en" else repair("\n".join(block), "az").text.split("\n"))
        k = end
    took = time.perf_counter() - started
    changed = sum(a != b for a, b in zip(before, after, strict=True))
    print(
        f"\nseed 000 ({path.name}, {len(text)} chars): damage_score {damage_score(text, 'az'):.3f}, "
        f"document_damage {document_damage(sentences, 'az'):.3f}; repair of the non-English lines "
        f"{took:.2f} s, {changed} lines changed ({labels.count('en')} English lines left alone)"
    )
    shown = 0
    for old, new in zip(before, after, strict=True):
        if old == new or not old.strip():
            continue
        print(f"  - {old.strip()}\n  + {new.strip()}")
        shown += 1
        if shown >= lines:
            break


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="dyadwatch damaged-text benchmark")
    ap.add_argument("--lines", type=int, default=15, help="seed 000 lines to show")
    ap.add_argument("--seed", type=int, default=0, help="base random seed of the synthetic damage")
    args = ap.parse_args(argv)
    for lang in ("az", "tr"):
        report_language(lang, args.seed)
    report_english()
    report_real(args.seed)
    report_gold_events()
    show_seed(args.lines)
    seed = find_seed("000")
    if seed:
        seed_events(seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
