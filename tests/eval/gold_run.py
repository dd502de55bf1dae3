"""Run the whole pipeline (or segment + langid + Coder when the pipeline is not wired) over gold documents."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from dyadwatch.eval import load_jsonl
from dyadwatch.records import Document

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def documents(path: Path) -> list[Document]:
    from dyadwatch.records import content_id

    out = []
    for d in load_jsonl(path):
        pub = date.fromisoformat(d["published"][:10]) if d.get("published") else None
        out.append(
            Document(
                id=d["id"],
                text=d["text"],
                sha256=content_id(d["text"]),
                title=d.get("title"),
                published=pub,
                lang=d.get("lang"),
                url=d.get("url"),
                source=d.get("source"),
            )
        )
    return out


def extract(docs: list[Document]) -> list[dict[str, Any]]:
    """Extract-format events for ``docs`` through ``dyadwatch.service.extract_documents`` if available."""
    try:
        from dyadwatch.service import extract_documents
    except ImportError:
        extract_documents = None
    if extract_documents is not None:
        return list(extract_documents(docs))
    from dyadwatch.coder import Coder, mention_to_json
    from dyadwatch.records import Sentence
    from dyadwatch.text.langid import LanguageIdentifier
    from dyadwatch.text.segment import segment

    coder, lid = Coder(), LanguageIdentifier()
    out = []
    for doc in docs:
        sents = []
        for i, (s, e) in enumerate(segment(doc.text, doc.lang)):
            t = doc.text[s:e]
            sents.append(Sentence(doc.id, i, s, e, t, lid.detect(t) if not doc.lang else doc.lang))
        out += [mention_to_json(m) for m in coder.code(doc, sents)]
    return out
