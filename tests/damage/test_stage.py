"""The repair stage: damaged sentences are repaired before coding, evidence points at both texts, and the repair
is stored with the document."""

from __future__ import annotations

import dataclasses
import io
import itertools
import json
from pathlib import Path

import pytest

from dyadwatch.damage import damage, damage_score, repair
from dyadwatch.damage.langdata import load_lang
from dyadwatch.damage.stage import RepairStage, decode_map, encode_map
from dyadwatch.records import Document, Sentence, content_id
from dyadwatch.settings import Settings
from tests.damage.conftest import ROOT, sentences


def _doc(text: str, doc_id: str = "d1", lang: str | None = None, **kw) -> Document:
    return Document(id=doc_id, text=text, sha256=content_id(text), lang=lang, **kw)


def _sentences(doc: Document, parts: list[str], lang: str) -> list[Sentence]:
    out, start = [], 0
    for i, part in enumerate(parts):
        start = doc.text.index(part, start)
        out.append(Sentence(doc.id, i, start, start + len(part), part, lang, damage_score(part, lang)))
        start += len(part)
    return out


def _mixed(lang: str) -> tuple[Document, list[Sentence], list[str]]:
    clean = sentences(f"{lang}_heldout")[:4]
    parts = [clean[0], damage(clean[1], lang, 1), clean[2], damage(clean[3], lang, 3)]
    doc = _doc("Title\n\n" + " ".join(parts[:2]) + "\n\n" + " ".join(parts[2:]) + "\n")
    return doc, _sentences(doc, parts, lang), clean


def test_clean_document_is_not_repaired() -> None:
    doc = _doc(" ".join(sentences("az_heldout")[:3]))
    assert RepairStage().apply(doc, _sentences(doc, sentences("az_heldout")[:3], "az")) is None


@pytest.mark.parametrize("lang", ["az", "tr"])
def test_only_damaged_sentences_are_repaired_and_offsets_map_back(lang: str) -> None:
    doc, sents, _ = _mixed(lang)
    fixed = RepairStage(0.5).apply(doc, sents)
    assert fixed is not None
    rep = fixed.repair
    assert rep.sentences == (1, 3)
    assert fixed.doc.text == rep.text and fixed.doc.id == doc.id
    for s, new in zip(sents, fixed.sentences, strict=True):
        assert rep.text[new.start : new.end] == new.text
        if s.index in rep.sentences:
            assert new.damage < s.damage  # rescored after repair
        else:
            assert new.text == s.text and new.damage == s.damage
    # every original offset survives the round trip; the map is strictly increasing (repair never deletes)
    o2r = rep.to_repaired
    assert len(o2r) == len(doc.text) + 1 and o2r[-1] == len(rep.text)
    assert all(a < b for a, b in itertools.pairwise(o2r))
    assert all(rep.to_original(o2r[i]) == i for i in range(len(doc.text) + 1))
    # text outside the repaired sentences is copied unchanged
    for s in sents:
        if s.index not in rep.sentences:
            assert rep.text[o2r[s.start] : o2r[s.end]] == s.text
    # only the language's lost letters were restored (Azerbaijani ə may also replace a space)
    data = load_lang(lang)

    def bare(text: str) -> str:
        return data.strip_lost(data.lower(text)).replace(" ", "")

    assert bare(rep.text) == bare(doc.text)


def test_document_map_matches_the_repair_map() -> None:
    """For a one-sentence document the stage's map is exactly restore.repair's map."""
    text = damage(sentences("az_heldout")[5], "az", 5)
    doc = _doc(text)
    fixed = RepairStage(0.5).apply(doc, _sentences(doc, [text], "az"))
    assert fixed is not None
    direct = repair(text, "az")
    assert fixed.repair.text == direct.text
    assert fixed.repair.to_repaired == direct.offsets.orig_to_rep
    assert [fixed.repair.to_original(j) for j in range(len(direct.text) + 1)] == list(direct.offsets.rep_to_orig)


def test_map_encoding_round_trip() -> None:
    doc, sents, _ = _mixed("az")
    rep = RepairStage(0.5).apply(doc, sents).repair
    encoded = encode_map(rep)
    back = decode_map(encoded, rep.text)
    assert back == rep
    assert len(encoded) < 4 * len(doc.text) + 400
    with pytest.raises(ValueError):
        decode_map(encoded, rep.text + "x")


def _gold_docs(lang: str) -> list[Document]:
    from tests.eval.gold_run import documents

    return documents(ROOT / "tests" / "golden" / lang / "docs.jsonl")


def _damaged(docs: list[Document], lang: str) -> list[Document]:
    return [dataclasses.replace(d, text=damage(d.text, lang, k)) for k, d in enumerate(docs)]


def test_pipeline_codes_repaired_text_with_evidence_in_both_texts() -> None:
    from dyadwatch.pipeline import Pipeline

    docs = _damaged(_gold_docs("tr")[:12], "tr")
    off, on = Pipeline(Settings(repair_damaged=False)), Pipeline(Settings(repair_damaged=True))
    strip = load_lang("tr").strip_lost
    lower = load_lang("tr").lower
    found = 0
    for doc in docs:
        assert off.process(doc).mentions == ()  # damaged sentences are skipped without repair
        result = on.process(doc)
        if result.repair is None:
            continue
        assert result.doc.text == doc.text  # the document keeps its original text
        for m in result.mentions:
            found += 1
            rep = result.repair
            for span in (m.sentence, m.trigger, m.source.span, m.target.span):
                assert rep.text[span.start : span.end] == span.text or span is m.sentence
                o_start, o_end = rep.span_to_original(span.start, span.end)
                # the original span is the repaired span without the restored letters
                assert strip(lower(doc.text[o_start:o_end])) == strip(lower(rep.text[span.start : span.end]))
    assert found >= 5


def test_damaged_gold_documents_recover_events_without_losing_precision() -> None:
    """Turkish gold documents damaged by the synthetic process: no repair codes nothing; repair recovers a good
    part of what the clean text gives, at a precision close to the clean text's."""
    from dyadwatch.eval import evaluate, load_jsonl
    from dyadwatch.service import extract_documents

    gold = load_jsonl(ROOT / "tests" / "golden" / "tr" / "gold.jsonl")
    docs = _gold_docs("tr")
    broken = _damaged(docs, "tr")
    clean = evaluate(gold, list(extract_documents(docs, Settings()))).to_json()["lenient"]["all"]
    assert list(extract_documents(broken, Settings(repair_damaged=False))) == []
    fixed = evaluate(gold, list(extract_documents(broken, Settings()))).to_json()["lenient"]["all"]
    assert fixed["tp"] >= 0.3 * clean["tp"], (fixed, clean)
    assert fixed["precision"] >= clean["precision"] - 0.15, (fixed, clean)


def test_extract_output_has_original_offsets() -> None:
    from dyadwatch.service import extract

    doc = _gold_docs("tr")[0]
    broken = damage(doc.text, "tr", 0)
    lines = [
        json.dumps({"id": "clean", "text": doc.text, "lang": "tr", "published": str(doc.published)}),
        json.dumps({"id": "broken", "text": broken, "lang": "tr", "published": str(doc.published)}),
    ]
    out = io.StringIO()
    summary = extract([line.encode() for line in lines], out, Settings())
    events = [json.loads(line) for line in out.getvalue().splitlines()]
    assert summary.repaired == 1
    assert {e["doc_id"] for e in events} == {"clean", "broken"}
    for e in events:
        if e["doc_id"] == "clean":
            assert e["original"] is None
            continue
        orig = e["original"]
        for key in ("sentence", "trigger", "source", "target"):
            assert broken[orig[key]["start"] : orig[key]["end"]] == orig[key]["text"]
        sentence, trigger = orig["sentence"], orig["trigger"]
        assert sentence["start"] <= trigger["start"] <= trigger["end"] <= sentence["end"]


def test_store_keeps_repaired_text_and_map(tmp_path: Path) -> None:
    from sqlalchemy import select

    from dyadwatch.pipeline import Pipeline
    from dyadwatch.store import Store
    from dyadwatch.store.schema import documents

    doc, _, _ = _mixed("az")
    clean = _doc(" ".join(sentences("az_heldout")[10:14]), doc_id="d2")
    pipeline = Pipeline(Settings())
    items = [pipeline.process(doc), pipeline.process(clean)]
    assert items[0].repair is not None and items[1].repair is None
    with Store(f"sqlite:///{tmp_path / 'r.sqlite'}") as store:
        store.write_batch(items, None)
        with store.engine.connect() as conn:
            rows = {r.id: r for r in conn.execute(select(documents)).all()}
        info = store.status(damage_threshold=0.5)
    assert rows["d1"].text == doc.text
    stored = decode_map(rows["d1"].repair_map, rows["d1"].repaired_text)
    assert stored == items[0].repair
    assert rows["d2"].repaired_text is None and rows["d2"].repair_map is None
    assert info["damage"]["repaired"] == 1
    assert info["damage"]["damaged"] == sum(i.damage >= 0.5 for i in items)
    assert info["damage"]["mean"] == pytest.approx(sum(i.damage for i in items) / 2, abs=1e-3)
