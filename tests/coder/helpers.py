"""Shared helpers for coder tests: run the coder on a text without the lead's pipeline."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

import pytest

from dyadwatch.coder import Coder
from dyadwatch.records import Document, Mention, Sentence

_SENT = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")


def simple_sentences(doc_id: str, text: str, lang: str, damage: float = 0.0) -> list[Sentence]:
    """Naive sentence split (tests only; the real segmenter is dyadwatch.text.segment)."""
    out = []
    for m in _SENT.finditer(text):
        if m.group().strip():
            s, e = m.span()
            out.append(Sentence(doc_id, len(out), s, e, text[s:e], lang, damage))
    return out


def sentences(doc_id: str, text: str, lang: str) -> list[Sentence]:
    try:
        from dyadwatch.text.segment import segment
    except ImportError:
        return simple_sentences(doc_id, text, lang)
    return [Sentence(doc_id, i, s, e, text[s:e], lang) for i, (s, e) in enumerate(segment(text, lang))]


def code_text(coder: Coder, text: str, lang: str, published: str | date | None = "2023-12-13") -> list[Mention]:
    pub = date.fromisoformat(published) if isinstance(published, str) else published
    doc = Document("t", text, "x", published=pub, lang=lang)
    return coder.code(doc, sentences("t", text, lang))


@lru_cache(maxsize=1)
def _real_coder() -> Coder | None:
    try:
        from dyadwatch.actors import load_lexicon

        lex = load_lexicon()
    except Exception:  # the lexicon package or its data is not there (yet)
        return None
    return Coder(lexicon=lex)


def real_coder() -> Coder:
    """A coder with the project's actor lexicon; skips the test when the lexicon cannot be loaded."""
    c = _real_coder()
    if c is None:
        pytest.skip("dyadwatch.actors lexicon not loadable")
    return c


@lru_cache(maxsize=1)
def fake_coder() -> Coder:
    from tests.coder.fake_lexicon import FakeLexicon

    return Coder(lexicon=FakeLexicon())
