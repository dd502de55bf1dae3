"""The document pipeline: Document → sentences (offsets, language, damage) → repair of damaged sentences →
coded mentions.

One ``Pipeline`` object holds the loaded models and data (language identifier, coder tables) and is reused for
every document; it needs no database, so ``extract`` and ``ingest`` share it.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Iterator

from dyadwatch.coder import CODER_VERSION, Coder
from dyadwatch.damage import score_document
from dyadwatch.damage.stage import RepairStage, rescale
from dyadwatch.records import Document, ProcessedDocument, Sentence
from dyadwatch.settings import Settings
from dyadwatch.text.langid import LanguageIdentifier, shares_from_labels
from dyadwatch.text.segment import segment

log = logging.getLogger(__name__)

SAMPLE_CHARS = 4000  # how much text decides the segmentation language of an undeclared document


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
        doc, sents, _ = self._sentences(doc)
        return doc, sents

    def _sentences(self, doc: Document) -> tuple[Document, tuple[Sentence, ...], float]:
        """``sentences`` and the document's damage score."""
        base = doc.lang or self.langid.detect_document(doc.text[:SAMPLE_CHARS])
        spans = segment(doc.text, None if base == "und" else base)
        texts = [doc.text[s:e] for s, e in spans]
        detected = self.langid.detect_many(texts, hint=None if base == "und" else base) if texts else []
        langs = [base if lang == "und" else lang for lang in detected]
        shares = shares_from_labels(detected, [len(t) for t in texts])
        dominant = next((s.lang for s in shares if s.lang != "und"), base)
        doc = dataclasses.replace(doc, lang=doc.lang or dominant, langs=shares)
        scores, damage = score_document(texts, langs, doc.lang or "und")
        sents = tuple(
            Sentence(doc_id=doc.id, index=i, start=s, end=e, text=t, lang=lang, damage=score)
            for i, ((s, e), t, lang, score) in enumerate(zip(spans, texts, langs, scores, strict=True))
        )
        return doc, sents, damage

    def process(self, doc: Document) -> ProcessedDocument:
        """Run every stage on one document."""
        doc, sents, dmg = self._sentences(doc)
        fixed = self.repairer.apply(doc, sents) if self.repairer else None  # None: nothing damaged to repair
        if fixed is None:
            mentions = tuple(self.coder.code(doc, sents))
        else:  # the coder reads the repaired text; mention offsets refer to it (fixed.repair maps them back)
            mentions = tuple(rescale(self.coder.code(fixed.doc, fixed.sentences), fixed.repair))
        return ProcessedDocument(
            doc=doc, sentences=sents, mentions=mentions, damage=dmg, repair=fixed.repair if fixed else None
        )

    def process_many(self, docs: Iterable[Document]) -> Iterator[ProcessedDocument]:
        for doc in docs:
            yield self.process(doc)
