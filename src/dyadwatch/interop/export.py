"""Writers: dyadwatch events (extract-format dicts) → GDELT-compatible TSV, PLOVER JSONL, CSV, Parquet."""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

from dyadwatch.interop.columns import GDELT_EVENT_COLUMNS, GDELT_ROLE_TYPES

EventDict = Mapping[str, Any]

FLAT_COLUMNS = (
    "doc_id", "date", "date_precision", "status", "source_country", "source_role", "source_name", "source_text",
    "target_country", "target_role", "target_name", "target_text", "event", "mode", "context", "cameo",
    "intensity", "goldstein", "quad", "trigger", "sentence_start", "sentence_end", "trigger_start", "trigger_end",
    "rule", "confidence", "coder_version", "lang", "url",
)  # fmt: skip


def event_id(ev: EventDict) -> int:
    """A stable positive integer id (GDELT ids are integers) from the event's id, else its evidence."""
    if ev.get("event_id"):
        key = f"event|{ev['event_id']}"
    else:
        key = f"{ev['doc_id']}|{ev['trigger']['start']}|{ev['source']['country']}|{ev['target']['country']}"
        key += f"|{ev['plover']['event']}"
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:7], "big")


def flat(ev: EventDict) -> dict[str, Any]:
    """One flat row (CSV / Parquet) of an extract-format event."""
    return {
        "doc_id": ev["doc_id"], "date": ev.get("date"), "date_precision": ev.get("date_precision"),
        "status": ev.get("status"),
        "source_country": ev["source"]["country"], "source_role": ev["source"].get("role"),
        "source_name": ev["source"].get("name"), "source_text": ev["source"].get("text"),
        "target_country": ev["target"]["country"], "target_role": ev["target"].get("role"),
        "target_name": ev["target"].get("name"), "target_text": ev["target"].get("text"),
        "event": ev["plover"]["event"], "mode": ev["plover"].get("mode"), "context": ev["plover"].get("context"),
        "cameo": ev.get("cameo"), "intensity": ev.get("intensity"), "goldstein": ev.get("goldstein"),
        "quad": ev.get("quad"), "trigger": ev["trigger"]["text"],
        "sentence_start": ev["sentence"]["start"], "sentence_end": ev["sentence"]["end"],
        "trigger_start": ev["trigger"]["start"], "trigger_end": ev["trigger"]["end"],
        "rule": ev.get("rule"), "confidence": ev.get("confidence"), "coder_version": ev.get("coder_version"),
        "lang": ev.get("lang"), "url": ev.get("url"),
    }  # fmt: skip


def _gdelt_actor(actor: Mapping[str, Any]) -> list[str]:
    """Actor{Code,Name,CountryCode,KnownGroupCode,EthnicCode,Religion1,Religion2,Type1,Type2,Type3}."""
    role_type = GDELT_ROLE_TYPES.get(actor.get("role") or "", "")
    code = actor.get("code") or (actor["country"] + role_type)
    name = (actor.get("name") or actor.get("text") or actor["country"]).upper()
    return [code, name, actor["country"], "", "", "", "", role_type, "", ""]


def gdelt_row(ev: EventDict, n_mentions: int = 1, added: datetime | None = None) -> list[str]:
    """A 61-column GDELT 2.0 events-export row; geography left empty, AvgTone 0.

    ``ev["n_mentions"]`` (an event's mention count), when present, wins over ``n_mentions``.
    """
    n_mentions = ev.get("n_mentions") or n_mentions
    day = date.fromisoformat(ev["date"]) if ev.get("date") else None
    cameo = ev.get("cameo") or ""
    added = added or datetime.now(UTC)
    cells = [
        str(event_id(ev)),
        day.strftime("%Y%m%d") if day else "",
        day.strftime("%Y%m") if day else "",
        str(day.year) if day else "",
        f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}" if day else "",
        *_gdelt_actor(ev["source"]),
        *_gdelt_actor(ev["target"]),
        "1", cameo, cameo[:3], cameo[:2],
        "" if ev.get("quad") is None else str(ev["quad"]),
        "" if ev.get("goldstein") is None else f"{ev['goldstein']:g}",
        str(n_mentions), "1", "1", "0",
    ]  # fmt: skip
    cells += [""] * (59 - len(cells))
    cells += [added.strftime("%Y%m%d%H%M%S"), ev.get("url") or ev["doc_id"]]
    assert len(cells) == len(GDELT_EVENT_COLUMNS)
    return cells


def plover_record(ev: EventDict) -> dict[str, Any]:
    """A PLOVER-style JSON record (fields as in the PLOVER gold-standard records)."""

    def actor(a: Mapping[str, Any]) -> list[dict[str, Any]]:
        return [{"actorText": a.get("text"), "code": a["country"], "sector": a.get("role")}]

    return {
        "id": f"dyadwatch-{event_id(ev)}", "date": ev.get("date"), "source": actor(ev["source"]),
        "target": actor(ev["target"]), "event": ev["plover"]["event"], "mode": ev["plover"].get("mode"),
        "context": ev["plover"].get("context"), "eventText": ev["trigger"]["text"], "language": ev.get("lang"),
        "version": ev.get("coder_version"), "coder": ev.get("rule"), "docId": ev["doc_id"],
        "dateCoded": datetime.now(UTC).date().isoformat(),
    }  # fmt: skip


def write_events(events: Iterable[EventDict], fmt: str, out: IO[str] | Path) -> int:
    """Write events in ``fmt`` (gdelt, plover, csv, parquet, jsonl); returns how many were written.

    ``parquet`` needs a path and ``pip install 'dyadwatch[dist]'`` (pyarrow).
    """
    if fmt == "parquet":
        return _write_parquet(events, Path(out) if not isinstance(out, Path) else out)
    if isinstance(out, Path):
        with out.open("w", encoding="utf-8", newline="") as fh:
            return write_events(events, fmt, fh)
    n = 0
    if fmt == "gdelt":
        for ev in events:
            out.write("\t".join(gdelt_row(ev)) + "\n")
            n += 1
    elif fmt in ("plover", "jsonl"):
        for ev in events:
            out.write(json.dumps(plover_record(ev) if fmt == "plover" else ev, ensure_ascii=False) + "\n")
            n += 1
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=FLAT_COLUMNS)
        writer.writeheader()
        for ev in events:
            writer.writerow(flat(ev))
            n += 1
    else:
        raise ValueError(f"unknown export format {fmt!r}: use gdelt, plover, csv, parquet or jsonl")
    return n


def _write_parquet(events: Iterable[EventDict], path: Path) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError("Parquet export needs pyarrow: pip install 'dyadwatch[dist]'") from exc
    rows = [flat(ev) for ev in events]
    table = pa.Table.from_pylist(rows, schema=None) if rows else pa.table({c: [] for c in FLAT_COLUMNS})
    pq.write_table(table, path)
    return len(rows)
