"""The ``extract`` JSON form of a mention."""

from __future__ import annotations

from typing import Any

from dyadwatch.coder.version import TABLES_VERSION
from dyadwatch.records import Actor, Mention


def _actor(a: Actor) -> dict[str, Any]:
    return {
        "code": a.code,
        "country": a.country,
        "role": a.role,
        "name": a.name,
        "text": a.span.text,
        "start": a.span.start,
        "end": a.span.end,
    }


def mention_to_json(m: Mention) -> dict[str, Any]:
    """One extract-format JSON object (offsets are into the document text)."""
    return {
        "doc_id": m.doc_id,
        "lang": m.lang,
        "sentence": {"start": m.sentence.start, "end": m.sentence.end},
        "date": m.date.isoformat() if m.date else None,
        "date_precision": m.date_precision,
        "status": m.status,
        "source": _actor(m.source),
        "target": _actor(m.target),
        "plover": {"event": m.event, "mode": m.mode, "context": m.context},
        "cameo": m.cameo,
        "intensity": m.intensity,
        "goldstein": m.goldstein,
        "quad": m.quad,
        "trigger": {"text": m.trigger.text, "start": m.trigger.start, "end": m.trigger.end},
        "rule": m.rule,
        "confidence": m.confidence,
        "coder_version": m.coder_version,
        "tables": TABLES_VERSION,
    }
