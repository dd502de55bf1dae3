"""The document pipeline: Document → sentences (offsets, language, damage) → repair of damaged sentences →
coded mentions.

One ``Pipeline`` object holds the loaded models and data (language identifier, coder tables) and is reused for
every document; it needs no database, so ``extract`` and ``ingest`` share it.
"""

from __future__ import annotations

import dataclasses
import gc
import logging
from collections.abc import Iterable, Iterator, Sequence
from typing import TypeVar

from dyadwatch.coder import CODER_VERSION, Coder
from dyadwatch.damage import score_document
from dyadwatch.damage.stage import RepairStage, rescale
from dyadwatch.records import Document, ProcessedDocument, Sentence
from dyadwatch.settings import Settings
from dyadwatch.text.langid import LanguageIdentifier, shares_from_labels
from dyadwatch.text.segment import segment

log = logging.getLogger(__name__)

SAMPLE_CHARS = 4000  # how much text decides the segmentation language of an undeclared document
BATCH = 256  # documents whose language identification runs together (see Pipeline.process_stream)
BATCH_CHARS = 1_000_000  # ... unless their text reaches this many characters first (memory stays bounded)
GC_YOUNG = 50_000  # allocations between young-generation collections while batches run (Python's default: 700)
T = TypeVar("T")


_FROZEN = False


def _settle_gc() -> None:
    """After a first batch has loaded the models (lexicons, letter models, lingua's): move every object alive
    into the garbage collector's permanent generation (``gc.freeze``, once per process) and collect the young
    generation less often while batches run. The models are millions of long-lived objects that each full
    collection would otherwise walk again; this saves about a tenth of the run time. Objects are still freed as
    soon as nothing refers to them; only reference cycles among the frozen ones would stay."""
    global _FROZEN
    if not _FROZEN:
        gc.collect()
        gc.freeze()
        _FROZEN = True
    gc.set_threshold(GC_YOUNG, *gc.get_threshold()[1:])


class Pipeline:
    """Reusable processor for documents; thread-compatible, not thread-safe."""

    coder_version = CODER_VERSION

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.langid = LanguageIdentifier(self.settings.languages)
        self.coder = Coder(skip_damaged=self.settings.skip_damaged, damage_threshold=self.settings.damage_threshold)
        self.repairer = RepairStage(self.settings.repair_threshold) if self.settings.repair_damaged else None

    def sentences(self, doc: Document) -> tuple[Document, tuple[Sentence, ...]]:
        """Segment and identify languages; returns the document with ``lang``/``langs`` filled in."""
        doc, sents, _ = self._sentences([doc])[0]
        return doc, sents

    def _sentences(self, docs: Sequence[Document]) -> list[tuple[Document, tuple[Sentence, ...], float]]:
        """``sentences`` of several documents, with each one's damage score. Language identification runs for
        all of them at once: lingua, for the texts the fast check leaves, is much faster on one batch."""
        undeclared = [i for i, doc in enumerate(docs) if not doc.lang]
        found = self.langid.detect_documents([docs[i].text[:SAMPLE_CHARS] for i in undeclared])
        bases = [doc.lang for doc in docs]
        checked = [False] * len(docs)  # the fast check confirmed the base on a sample free of URLs and markup
        for i, (lang, clean) in zip(undeclared, found, strict=True):
            bases[i], checked[i] = lang, clean
        spans = [segment(doc.text, None if base == "und" else base) for doc, base in zip(docs, bases, strict=True)]
        texts = [[doc.text[s:e] for s, e in sp] for doc, sp in zip(docs, spans, strict=True)]
        absent = [
            self.langid.markers_absent(doc.text, sp, SAMPLE_CHARS) if ok else set()
            for doc, sp, ok in zip(docs, spans, checked, strict=True)
        ]
        guesses = self.langid.guess_groups(
            [(t, None if base == "und" else base, a) for t, base, a in zip(texts, bases, absent, strict=True)]
        )
        out = []
        for doc, base, sp, tx, gs in zip(docs, bases, spans, texts, guesses, strict=True):
            detected = [g.lang for g in gs]
            langs = [base if lang == "und" else lang for lang in detected]
            shares = shares_from_labels(detected, [len(t) for t in tx])
            dominant = next((s.lang for s in shares if s.lang != "und"), base)
            doc = dataclasses.replace(doc, lang=doc.lang or dominant, langs=shares)
            scores, damage = score_document(tx, langs, doc.lang or "und")
            sents = tuple(
                Sentence(doc_id=doc.id, index=i, start=s, end=e, text=t, lang=lang, damage=score)
                for i, ((s, e), t, lang, score) in enumerate(zip(sp, tx, langs, scores, strict=True))
            )
            out.append((doc, sents, damage))
        return out

    def process(self, doc: Document) -> ProcessedDocument:
        """Run every stage on one document."""
        return self._finish(*self._sentences([doc])[0])

    def _finish(self, doc: Document, sents: tuple[Sentence, ...], dmg: float) -> ProcessedDocument:
        fixed = self.repairer.apply(doc, sents) if self.repairer else None  # None: nothing damaged to repair
        if fixed is None:
            mentions = tuple(self.coder.code(doc, sents))
        else:  # the coder reads the repaired text; mention offsets refer to it (fixed.repair maps them back)
            mentions = tuple(rescale(self.coder.code(fixed.doc, fixed.sentences), fixed.repair))
        return ProcessedDocument(
            doc=doc, sentences=sents, mentions=mentions, damage=dmg, repair=fixed.repair if fixed else None
        )

    def process_many(self, docs: Iterable[Document]) -> Iterator[ProcessedDocument]:
        """``process`` every document, in order, in batches of ``BATCH`` (same results, faster)."""
        yield from self.process_stream(docs)  # type: ignore[misc]

    def process_stream(self, items: Iterable[T | Document]) -> Iterator[T | ProcessedDocument]:
        """Process the documents among ``items`` in batches of ``BATCH`` documents or ``BATCH_CHARS`` characters;
        other items (failures) pass through. Everything comes out in input order."""
        buf: list[T | Document] = []
        n = chars = 0
        thresholds = gc.get_threshold()
        try:
            for item in items:
                buf.append(item)
                if isinstance(item, Document):
                    n += 1
                    chars += len(item.text)
                if n >= BATCH or chars >= BATCH_CHARS:
                    yield from self._flush(buf)
                    buf, n, chars = [], 0, 0
                    _settle_gc()
            yield from self._flush(buf)
        finally:
            gc.set_threshold(*thresholds)

    def _flush(self, buf: list[T | Document]) -> Iterator[T | ProcessedDocument]:
        docs = [x for x in buf if isinstance(x, Document)]
        done = iter([self._finish(*x) for x in self._sentences(docs)] if docs else [])
        for x in buf:
            yield next(done) if isinstance(x, Document) else x
